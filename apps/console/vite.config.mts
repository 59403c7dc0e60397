import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

/**
 * The console is served by the token service at `/console/` (apps/token-service/src/console):
 * everything it loads comes from there, under a Content-Security-Policy that allows no inline
 * script or style, so nothing is inlined and nothing comes from another origin.
 */
export default defineConfig({
  base: '/console/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No `data:` fonts or scripts: every asset is a file of its own (CSP `default-src 'self'`).
    assetsInlineLimit: 0,
    // The module-preload polyfill would be an inline script; every browser the console targets has modulepreload.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
