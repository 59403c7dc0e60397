/**
 * The OAuth endpoints a browser app on a trusted origin may call, with the methods each
 * allows: the token, revocation and introspection endpoints (POST), the JWKS and the two
 * discovery documents, at Okta's paths and at RFC 8414 §3's (GET, and HEAD as Fastify serves it
 * for every GET). The management, audit and ops APIs are not on the list: they take an admin
 * or auditor credential no browser should hold.
 */
const CORS_ROUTES: readonly { readonly path: RegExp; readonly methods: string }[] = [
  { path: /^\/oauth2\/[^/]+\/v1\/(?:token|revoke|introspect)\/?$/, methods: 'POST' },
  { path: /^\/oauth2\/[^/]+\/v1\/keys\/?$/, methods: 'GET, HEAD' },
  { path: /^\/oauth2\/[^/]+\/\.well-known\/(?:openid-configuration|oauth-authorization-server)\/?$/, methods: 'GET, HEAD' },
  { path: /^\/\.well-known\/oauth-authorization-server\/oauth2\/[^/]+\/?$/, methods: 'GET, HEAD' },
];

/** `Access-Control-Allow-Methods` for a request URL, or `null` when its path takes no CORS. */
export function corsMethodsFor(url: string): string | null {
  // Every CORS path starts with one of these: the cheap test first, on every request.
  if (!url.startsWith('/oauth2/') && !url.startsWith('/.well-known/')) return null;
  const path = url.split('?', 1)[0];
  for (const route of CORS_ROUTES) if (route.path.test(path)) return route.methods;
  return null;
}

/**
 * Request headers a browser app may send: client authentication, the form's content type
 * (safelisted for forms, listed for clients that send another type by mistake and should get
 * the proper 415), DPoP proofs, `Cache-Control` (Okta's own example token request sends
 * `cache-control: no-cache`, and an app copying it must not fail its preflight), and the
 * request and correlation ids the service honours.
 */
export const CORS_ALLOW_HEADERS = 'Authorization, Content-Type, DPoP, Cache-Control, X-Request-Id, X-Correlation-Id';

/**
 * Response headers a browser app may read beyond the safelisted ones: the DPoP nonce, the
 * `WWW-Authenticate` challenge of a 401, and Okta's rate-limit headers.
 */
export const CORS_EXPOSE_HEADERS = 'DPoP-Nonce, WWW-Authenticate, X-Rate-Limit-Limit, X-Rate-Limit-Remaining, X-Rate-Limit-Reset';

/**
 * How long a browser may reuse a preflight answer, in seconds. Short, because a deactivated
 * origin's cached preflight still lets its requests out (their answers then carry no
 * `Access-Control-Allow-Origin`, so the page cannot read them).
 */
export const CORS_MAX_AGE_SECONDS = 600;
