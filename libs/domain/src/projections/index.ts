export * from './projection';
export * from './token-families.projection';
export * from './token-index.projection';
export * from './family-counts.projection';
