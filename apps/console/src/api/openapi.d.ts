/**
 * The token service's HTTP API as TypeScript types (openapi-typescript), for the console's
 * openapi-fetch client. Generated from docs/openapi.json by `npm run openapi`: do not edit.
 */
export interface paths {
    "/.well-known/oauth-authorization-server/oauth2/{as}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Authorization-server metadata (RFC 8414), at RFC 8414 §3's path */
        get: operations["getAuthorizationServerMetadataRfc8414"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/events/{position}/proof": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RFC 9162 inclusion proof of an event in a sealed tree */
        get: operations["getEventProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/families/{familyId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A token family's events, oldest first, with metadata and hash links (JSON or NDJSON) */
        get: operations["getFamilyHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/families/{familyId}/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A token family's state at an instant, and why (was its refresh token valid then?) */
        get: operations["getFamilyState"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/sealing-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys that sign the seals (JWKS) */
        get: operations["listSealingKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/seals/consistency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RFC 9162 consistency proof between two tree sizes, with their seals */
        get: operations["getSealConsistency"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/seals/latest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The newest seal (signed tree head) of the ledger */
        get: operations["getLatestSeal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/subjects/{sub}/families": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every token family a subject ever had, oldest first, with its status */
        get: operations["listSubjectFamilies"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/tokens/why": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a token is active now and why (by token id; POST keeps a raw token out of URLs) */
        get: operations["whyTokenById"];
        put?: never;
        /** Whether a token is active now and why, with the configuration that decided its lifetime */
        post: operations["whyToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Recompute the hash chain of one stream or of the whole log */
        post: operations["verifyChain"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the authorization servers */
        get: operations["listAuthorizationServers"];
        put?: never;
        /** Create an authorization server */
        post: operations["createAuthorizationServer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an authorization server */
        get: operations["getAuthorizationServer"];
        /** Replace an authorization server's settings */
        put: operations["updateAuthorizationServer"];
        post?: never;
        /** Delete an authorization server with its policies and rules (its id is never reused) */
        delete: operations["deleteAuthorizationServer"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/credentials/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An authorization server's signing keys with their status (public parts only) */
        get: operations["listSigningKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/credentials/lifecycle/keyRotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the signing key: a new key signs at once, the old one stays published until its tokens expire */
        post: operations["rotateSigningKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/lifecycle/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Activate an authorization server: its token endpoints answer again */
        post: operations["activateAuthorizationServer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/lifecycle/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate an authorization server: its token endpoints refuse every request */
        post: operations["deactivateAuthorizationServer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the access policies of an authorization server, in evaluation order */
        get: operations["listPolicies"];
        put?: never;
        /** Create an access policy on an authorization server */
        post: operations["createPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/policies/explain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which policy, rule and lifetimes would govern a token request, and why each other policy and rule did not match */
        get: operations["explainPolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/policies/what-if": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a draft policy or rule change would do to live token families at their next refresh
         * @description Evaluates an unsaved change (create, replace, activate, deactivate or delete a policy or a rule) against every family of this server whose refresh token can still be exchanged, from the read models, and appends nothing: counts per kind of effect, per rule transition and per client, and examples. The draft is validated as its own route validates it.
         */
        post: operations["whatIfPolicyChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/policies/{policyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an access policy */
        get: operations["getPolicy"];
        /** Replace an access policy */
        put: operations["updatePolicy"];
        post?: never;
        /** Delete an access policy with its rules */
        delete: operations["deletePolicy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/policies/{policyId}/lifecycle/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Activate an access policy: evaluation considers it again */
        post: operations["activatePolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/policies/{policyId}/lifecycle/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate an access policy: evaluation skips it */
        post: operations["deactivatePolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/policies/{policyId}/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the rules of an access policy, in evaluation order */
        get: operations["listPolicyRules"];
        put?: never;
        /** Create a rule in an access policy */
        post: operations["createPolicyRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/policies/{policyId}/rules/{ruleId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a policy rule */
        get: operations["getPolicyRule"];
        /** Replace a policy rule */
        put: operations["updatePolicyRule"];
        post?: never;
        /** Delete a policy rule */
        delete: operations["deletePolicyRule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/policies/{policyId}/rules/{ruleId}/lifecycle/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Activate a policy rule: evaluation considers it again */
        post: operations["activatePolicyRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/policies/{policyId}/rules/{ruleId}/lifecycle/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate a policy rule: evaluation skips it */
        post: operations["deactivatePolicyRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/authorizationServers/{as}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a token family for a person a trusted login service authenticated (issuance API) */
        post: operations["issueTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List clients in client id order, a page at a time */
        get: operations["listClients"];
        put?: never;
        /** Register a client (RFC 7591 names); a secret method gets a generated secret */
        post: operations["registerClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clients/{clientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a client (never its secret) */
        get: operations["getClient"];
        /** Replace a client's metadata (RFC 7592); omitted members take their defaults */
        put: operations["updateClient"];
        post?: never;
        /** Delete a client and revoke every token family it holds (its id is never reused) */
        delete: operations["deleteClient"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clients/{clientId}/credentials/secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a client's secrets (never a secret nor its hash) */
        get: operations["listClientSecrets"];
        put?: never;
        /** Add a generated secret to a client (two at most) */
        post: operations["addClientSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clients/{clientId}/credentials/secrets/{secretId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one client secret (never the secret nor its hash) */
        get: operations["getClientSecret"];
        put?: never;
        post?: never;
        /** Delete an INACTIVE client secret */
        delete: operations["deleteClientSecret"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clients/{clientId}/credentials/secrets/{secretId}/lifecycle/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Activate a client secret: it authenticates the client again */
        post: operations["activateClientSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clients/{clientId}/credentials/secrets/{secretId}/lifecycle/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate a client secret: it no longer authenticates the client */
        post: operations["deactivateClientSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clients/{clientId}/lifecycle/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Activate a client: it may authenticate and refresh again */
        post: operations["activateClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clients/{clientId}/lifecycle/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate a client and revoke every token family it holds */
        post: operations["deactivateClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clients/{clientId}/lifecycle/newSecret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace a client's secret with a generated one */
        post: operations["rotateClientSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ops/families": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Token families from the read model, filtered and paged */
        get: operations["listFamilies"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ops/families/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Token families by status (now), revoke reason and client */
        get: operations["countFamilies"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ops/projections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every projection's checkpoint, lag, state and rebuild */
        get: operations["listProjections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ops/projections/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One projection's checkpoint, lag, state and rebuild */
        get: operations["getProjection"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ops/projections/{name}/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rebuild a projection's read models into new tables, swapped in when caught up */
        post: operations["rebuildProjection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signing-keys/rewrap": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rewrap every private key (signing, sealing, subject data keys) under the current key-encryption key */
        post: operations["rewrapSigningKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subjects/{sub}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Erase a subject's personal data (GDPR Art. 17): revoke its families, destroy its data key */
        delete: operations["eraseSubject"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trustedOrigins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List trusted origins, filtered by a name or origin prefix, a page at a time */
        get: operations["listTrustedOrigins"];
        put?: never;
        /** Trust an origin for CORS or redirects */
        post: operations["createTrustedOrigin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trustedOrigins/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a trusted origin */
        get: operations["getTrustedOrigin"];
        /** Replace a trusted origin's name, origin and scopes */
        put: operations["updateTrustedOrigin"];
        post?: never;
        /** Delete a trusted origin */
        delete: operations["deleteTrustedOrigin"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trustedOrigins/{id}/lifecycle/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Activate a trusted origin: its CORS and redirect trust apply again */
        post: operations["activateTrustedOrigin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trustedOrigins/{id}/lifecycle/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate a trusted origin: it is no longer trusted */
        post: operations["deactivateTrustedOrigin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{sub}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subject's token families (all its clients), filtered and paged */
        get: operations["listSubjectTokens"];
        put?: never;
        post?: never;
        /** Revoke every active token family of a subject (of one client, if given) */
        delete: operations["revokeSubjectTokens"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the clients a user holds a usable refresh token of */
        get: operations["listUserClients"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/clients/{clientId}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the refresh tokens (token families) of a user for a client, a page at a time */
        get: operations["listUserTokens"];
        put?: never;
        post?: never;
        /** Revoke every refresh token of a user for a client */
        delete: operations["revokeUserTokens"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/clients/{clientId}/tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a refresh token (token family) of a user for a client */
        get: operations["getUserToken"];
        put?: never;
        post?: never;
        /** Revoke a refresh token (its whole family) of a user for a client */
        delete: operations["revokeUserToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: store reachable, projections caught up, configuration and ledger verified */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text exposition format) */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/{as}/.well-known/oauth-authorization-server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Authorization-server metadata (RFC 8414), at Okta's path */
        get: operations["getAuthorizationServerMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/{as}/.well-known/openid-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OpenID Connect Discovery metadata */
        get: operations["getOpenIdConfiguration"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/{as}/v1/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Whether a token is active, and its claims (RFC 7662) */
        post: operations["introspectToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/{as}/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The authorization server's public signing keys (JWKS) */
        get: operations["getKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/{as}/v1/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a refresh token (its whole family) or an access token (RFC 7009) */
        post: operations["revokeToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/{as}/v1/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refresh a token family or issue a client_credentials access token (RFC 6749 §6, §4.4) */
        post: operations["token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The OpenAPI 3.1 document of every HTTP route */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccessPolicyLinks: {
            /** @description Present while INACTIVE. */
            activate?: components["schemas"]["OktaLinkResponse"];
            /** @description Present while ACTIVE. */
            deactivate?: components["schemas"]["OktaLinkResponse"];
            rules: components["schemas"]["OktaLinkResponse"];
            self: components["schemas"]["OktaLinkResponse"];
        };
        AccessPolicyResponse: {
            _links: components["schemas"]["AccessPolicyLinks"];
            conditions: components["schemas"]["ClientsCondition"];
            /** Format: date-time */
            created: string;
            description: string;
            /** @example 00p1a2b3c4d5e6f7g8h9 */
            id: string;
            /** Format: date-time */
            lastUpdated: string;
            /** @example Default policy */
            name: string;
            /**
             * @description 1 = evaluated first.
             * @example 1
             */
            priority: number;
            /** @enum {string} */
            status: "ACTIVE" | "INACTIVE";
            system: boolean;
            /** @enum {string} */
            type: "OAUTH_AUTHORIZATION_POLICY";
        };
        AccessTokenClaimsInput: {
            /** @default true */
            okta: boolean;
        };
        AccessTokenClaimsResponse: {
            /**
             * @description Whether access tokens carry Okta's `ver`, `cid`, `uid` and `scp` claims.
             * @example true
             */
            okta: boolean;
        };
        AccessTokenStateDto: {
            active: boolean;
            /** Format: date-time */
            decidedAt: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: date-time */
            issuedAt: string;
            jti: string;
            lifetimeMinutes: number;
            provenance: components["schemas"]["ProvenanceDto"];
        };
        AddClientSecretRequestDto: {
            /**
             * @default ACTIVE
             * @enum {string}
             */
            status: "ACTIVE" | "INACTIVE";
        };
        AuthorizationServerLinks: {
            /** @description Present while INACTIVE. */
            activate?: components["schemas"]["OktaLinkResponse"];
            /** @description Present while ACTIVE. */
            deactivate?: components["schemas"]["OktaLinkResponse"];
            /** @description The server JWKS. */
            keys: components["schemas"]["OktaLinkResponse"];
            /** @description RFC 8414 and OpenID discovery documents. */
            metadata: components["schemas"]["OktaNamedLinkResponse"][];
            policies: components["schemas"]["OktaLinkResponse"];
            self: components["schemas"]["OktaLinkResponse"];
        };
        AuthorizationServerMetadataDto: {
            /** @description The external login service's, when the server names one */
            authorization_endpoint?: string;
            dpop_signing_alg_values_supported: string[];
            /** @description The external login service's, when the server names one */
            end_session_endpoint?: string;
            /**
             * @example [
             *       "refresh_token",
             *       "client_credentials"
             *     ]
             */
            grant_types_supported: string[];
            introspection_endpoint: string;
            introspection_endpoint_auth_methods_supported: string[];
            introspection_endpoint_auth_signing_alg_values_supported: string[];
            /** @example https://ledger.example/oauth2/default */
            issuer: string;
            jwks_uri: string;
            /** @description Empty without an authorization endpoint */
            response_types_supported: string[];
            revocation_endpoint: string;
            revocation_endpoint_auth_methods_supported: string[];
            revocation_endpoint_auth_signing_alg_values_supported: string[];
            scopes_supported: string[];
            token_endpoint: string;
            token_endpoint_auth_methods_supported: string[];
            token_endpoint_auth_signing_alg_values_supported: string[];
            /** @description The external login service's, when the server names one */
            userinfo_endpoint?: string;
        };
        AuthorizationServerResponse: {
            _links: components["schemas"]["AuthorizationServerLinks"];
            accessTokenClaims: components["schemas"]["AccessTokenClaimsResponse"];
            /**
             * @example [
             *       "api://default"
             *     ]
             */
            audiences: string[];
            /** Format: date-time */
            created: string;
            credentials: components["schemas"]["ServerCredentialsResponse"];
            /** @example Default authorization server */
            description: string;
            endpoints: components["schemas"]["ExternalEndpointsResponse"];
            /** @example default */
            id: string;
            /**
             * Format: uri
             * @description `<LEDGER_ISSUER_BASE_URL>/oauth2/<id>` unless `issuerMode` is `CUSTOM_URL`.
             * @example https://ledger.example.com/oauth2/default
             */
            issuer: string;
            /** @enum {string} */
            issuerMode: "ORG_URL" | "CUSTOM_URL" | "DYNAMIC";
            /** Format: date-time */
            lastUpdated: string;
            /** @example default */
            name: string;
            /**
             * @description Scope names the rules may grant.
             * @example [
             *       "openid",
             *       "profile",
             *       "offline_access"
             *     ]
             */
            scopes: string[];
            /** @enum {string} */
            status: "ACTIVE" | "INACTIVE";
        };
        ChainBreakDto: {
            actual: string | null;
            expected: string | null;
            /** @example hash_mismatch */
            kind: string;
            revision: string;
            streamName: string;
        };
        ChainHeadDto: {
            hash: string;
            revision: string;
            streamName: string;
        };
        ChainVerificationDto: {
            eventsChecked: number;
            /** @description The first break, when a chain is broken */
            firstBreak?: components["schemas"]["ChainBreakDto"];
            /** @description Whole log only: positions missing and listed by no removal record */
            gaps?: components["schemas"]["GapsDto"];
            head?: components["schemas"]["ChainHeadDto"];
            /** @description Every chain (and, for the whole log, every seal and removal record) holds, and no unrecorded gap */
            ok: boolean;
            /** @description Always for the whole log; for a stream, when removal records cover some of it */
            removed?: components["schemas"]["RemovedEventsDto"];
            /** @description Whole log only */
            seals?: components["schemas"]["SealsCheckDto"];
            /** @description `null` when every stream was checked */
            stream: string | null;
            streamsChecked: number;
            /** @description Whole log only: the tree recomputed from the log */
            tree?: components["schemas"]["TreeDto"];
            /** @description Whole log only: the window no seal covers yet */
            unsealed?: components["schemas"]["UnsealedDto"];
        };
        ClientFamilyCountsDto: {
            active: number;
            /**
             * @description Revoked families by the first revocation's reason
             * @example {
             *       "admin": 1,
             *       "reuse_detected": 2
             *     }
             */
            byRevokeReason: {
                [key: string]: number;
            };
            clientId: string;
            expired: number;
            revoked: number;
            total: number;
        };
        ClientJwks: {
            /** @description Public JWKs (RFC 7517). */
            keys: {
                [key: string]: unknown;
            }[];
        };
        ClientRefreshTokenInput: {
            /**
             * @description Seconds.
             * @default 30
             */
            leeway: number;
            /**
             * @description Public clients (`none`) must rotate.
             * @default ROTATE
             * @enum {string}
             */
            rotation_type: "ROTATE" | "STATIC";
        };
        ClientRefreshTokenSettings: {
            /**
             * @description Seconds the previous refresh token stays usable after a rotation.
             * @example 30
             */
            leeway: number;
            /**
             * @description `ROTATE`: a new refresh token at each refresh; public clients must rotate.
             * @enum {string}
             */
            rotation_type: "ROTATE" | "STATIC";
        };
        ClientResponse: {
            /** @example 0oa1a2b3c4d5e6f7g8h9 */
            client_id: string;
            /**
             * @description Registration time, epoch seconds (RFC 7591 §3.2.1).
             * @example 1767225600
             */
            client_id_issued_at: number;
            /** @example Payments web */
            client_name: string;
            /** @description RFC 9449 §5.2: token requests must carry a DPoP proof. */
            dpop_bound_access_tokens: boolean;
            /**
             * @example [
             *       "authorization_code",
             *       "refresh_token"
             *     ]
             */
            grant_types: ("authorization_code" | "refresh_token" | "client_credentials" | "implicit" | "password" | "urn:ietf:params:oauth:grant-type:jwt-bearer" | "urn:ietf:params:oauth:grant-type:device_code" | "urn:openid:params:grant-type:ciba" | "interaction_code")[];
            /** @description Present only when registered. */
            jwks?: components["schemas"]["ClientJwks"];
            /**
             * Format: date-time
             * @description Last configuration change.
             */
            last_updated: string;
            refresh_token: components["schemas"]["ClientRefreshTokenSettings"];
            /** @enum {string} */
            status: "ACTIVE" | "INACTIVE";
            /** @enum {string} */
            token_endpoint_auth_method: "client_secret_basic" | "client_secret_post" | "private_key_jwt" | "none";
        };
        ClientSecretLinks: {
            /** @description While INACTIVE. */
            activate?: components["schemas"]["OktaLinkResponse"];
            /** @description While ACTIVE. */
            deactivate?: components["schemas"]["OktaLinkResponse"];
            /** @description While INACTIVE. */
            delete?: components["schemas"]["OktaLinkResponse"];
        };
        ClientSecretResponse: {
            _links: components["schemas"]["ClientSecretLinks"];
            /** Format: date-time */
            created: string;
            /** @example ocs1a2b3c4d5e6f7g8h9 */
            id: string;
            /** Format: date-time */
            lastUpdated: string;
            /** @enum {string} */
            status: "ACTIVE" | "INACTIVE";
        };
        ClientSecretWithSecretResponse: {
            _links: components["schemas"]["ClientSecretLinks"];
            /** @description Generated (256 bits); shown in this response only. */
            client_secret: string;
            /** Format: date-time */
            created: string;
            /** @example ocs1a2b3c4d5e6f7g8h9 */
            id: string;
            /** Format: date-time */
            lastUpdated: string;
            /** @enum {string} */
            status: "ACTIVE" | "INACTIVE";
        };
        ClientWithSecretResponse: {
            /** @example 0oa1a2b3c4d5e6f7g8h9 */
            client_id: string;
            /**
             * @description Registration time, epoch seconds (RFC 7591 §3.2.1).
             * @example 1767225600
             */
            client_id_issued_at: number;
            /** @example Payments web */
            client_name: string;
            /** @description Generated (256 bits); shown in this response only. */
            client_secret: string;
            /**
             * @description 0 = never (RFC 7591 §3.2.1).
             * @enum {number}
             */
            client_secret_expires_at: 0;
            /** @description RFC 9449 §5.2: token requests must carry a DPoP proof. */
            dpop_bound_access_tokens: boolean;
            /**
             * @example [
             *       "authorization_code",
             *       "refresh_token"
             *     ]
             */
            grant_types: ("authorization_code" | "refresh_token" | "client_credentials" | "implicit" | "password" | "urn:ietf:params:oauth:grant-type:jwt-bearer" | "urn:ietf:params:oauth:grant-type:device_code" | "urn:openid:params:grant-type:ciba" | "interaction_code")[];
            /** @description Present only when registered. */
            jwks?: components["schemas"]["ClientJwks"];
            /**
             * Format: date-time
             * @description Last configuration change.
             */
            last_updated: string;
            refresh_token: components["schemas"]["ClientRefreshTokenSettings"];
            /** @enum {string} */
            status: "ACTIVE" | "INACTIVE";
            /** @enum {string} */
            token_endpoint_auth_method: "client_secret_basic" | "client_secret_post" | "private_key_jwt" | "none";
        };
        ClientsCondition: {
            /**
             * @description `["ALL_CLIENTS"]` or client ids.
             * @example {
             *       "include": [
             *         "ALL_CLIENTS"
             *       ]
             *     }
             */
            clients: components["schemas"]["IncludeList"];
        };
        ConfirmationDto: {
            /** @description SHA-256 JWK thumbprint of the DPoP key (RFC 9449 §6.2) */
            jkt: string;
        };
        ConsideredEventDto: {
            /**
             * Format: date-time
             * @description The event's own instant
             */
            at: string | null;
            /** Format: date-time */
            recordedAt: string;
            revision: string;
            type: string;
        };
        CreateAuthorizationServerRequestDto: {
            accessTokenClaims?: components["schemas"]["AccessTokenClaimsInput"];
            /**
             * @example [
             *       "api://payments"
             *     ]
             */
            audiences: string[];
            credentials?: components["schemas"]["CredentialsInput"];
            /** @default  */
            description: string;
            /** @description Omitted or `null`: none. */
            endpoints?: components["schemas"]["ExternalEndpointsInput"];
            /**
             * @description Generated (`aus…`) when absent.
             * @example aus1a2b3c4d5e6f7g8h9
             */
            id?: string;
            /**
             * Format: uri
             * @description Only with `CUSTOM_URL`.
             */
            issuer?: string;
            /**
             * @default ORG_URL
             * @enum {string}
             */
            issuerMode: "ORG_URL" | "CUSTOM_URL" | "DYNAMIC";
            /** @example payments */
            name: string;
            /**
             * @default []
             * @example [
             *       "openid",
             *       "offline_access"
             *     ]
             */
            scopes: string[];
            /**
             * @description Afterwards only the lifecycle operations change it (ignored on PUT).
             * @default ACTIVE
             * @enum {string}
             */
            status: "ACTIVE" | "INACTIVE";
        };
        CreatePolicyRequestDto: {
            conditions: components["schemas"]["ClientsCondition"];
            /** @default  */
            description: string;
            /**
             * @description Generated (`00p…`) when absent.
             * @example 00p1a2b3c4d5e6f7g8h9
             */
            id?: string;
            /** @example Payments apps */
            name: string;
            /**
             * @description 1 = evaluated first.
             * @example 1
             */
            priority: number;
            /**
             * @description Afterwards only the lifecycle operations change it (ignored on PUT).
             * @default ACTIVE
             * @enum {string}
             */
            status: "ACTIVE" | "INACTIVE";
            /** @default false */
            system: boolean;
            /** @enum {string} */
            type?: "OAUTH_AUTHORIZATION_POLICY";
        };
        CreatePolicyRuleRequestDto: {
            actions: components["schemas"]["PolicyRuleActions"];
            conditions: components["schemas"]["PolicyRuleConditionsInput"];
            /**
             * @description Generated (`0pr…`) when absent.
             * @example 0pr1a2b3c4d5e6f7g8h9
             */
            id?: string;
            /** @example Refresh for a week */
            name: string;
            /**
             * @description 1 = evaluated first within the policy.
             * @example 1
             */
            priority: number;
            /**
             * @description Afterwards only the lifecycle operations change it (ignored on PUT).
             * @default ACTIVE
             * @enum {string}
             */
            status: "ACTIVE" | "INACTIVE";
            /** @default false */
            system: boolean;
            /** @enum {string} */
            type?: "RESOURCE_ACCESS";
        };
        CredentialsInput: {
            /** @description Omitted on an update: the recorded settings stay. */
            signing?: components["schemas"]["SigningInput"];
        };
        CurrentRefreshTokenDto: {
            /** Format: date-time */
            absoluteExpiresAt: string | null;
            /**
             * Format: date-time
             * @description The earlier of idle and absolute expiry
             */
            expiresAt: string | null;
            /** @description `<familyId>.<sequence>` */
            id: string;
            /** Format: date-time */
            idleExpiresAt: string | null;
            /** @description Generation: 0 at issuance, one more per rotation */
            sequence: number;
        };
        DecidedByDto: {
            accessTokenLifetimeMinutes?: number;
            /** Format: date-time */
            decidedAt: string;
            provenance: components["schemas"]["ProvenanceDto"];
            refreshTokenLifetimeMinutes?: number;
            refreshTokenWindowMinutes?: number;
            rotation?: components["schemas"]["RotationSettingsDto"];
        };
        EmbeddedScope: {
            /** @example offline_access */
            name: string;
        };
        EmbeddedScopes: {
            scopes: components["schemas"]["EmbeddedScope"][];
        };
        EventProofDto: {
            leafHash: string;
            leafIndex: number;
            /** @description The leaf input as text: its UTF-8 bytes are what the leaf hash hashes (after the 0x00 prefix) */
            leafInput: string;
            position: components["schemas"]["PositionDto"];
            /** @description Hex node hashes (RFC 9162 §2.1.3.1) */
            proof: string[];
            /** @description The event was removed (retention, erasure): its leaf comes from the removal record */
            removed: boolean;
            /** @description The seal of `treeSize` leaves, if one has exactly that size */
            seal: components["schemas"]["SealDto"] | null;
            treeSize: number;
        };
        ExplainedEntry: {
            /**
             * @description Why it matched or not, for people.
             * @example grant type refresh_token is not in [client_credentials]
             */
            detail: string;
            /**
             * @description The first condition that did not match.
             * @enum {string}
             */
            failedCondition?: "status" | "clients" | "grantTypes" | "scopes" | "people.users" | "people.groups";
            matched: boolean;
            policyId: string;
            policyName: string;
            /** @description Absent on a policy's own entry (its clients condition and status). */
            ruleId?: string;
            ruleName?: string;
        };
        ExplainedRequest: {
            /** @example payments-web */
            clientId: string;
            /** @example refresh_token */
            grantType: string;
            groups: string[];
            /**
             * @example [
             *       "openid",
             *       "offline_access"
             *     ]
             */
            scopes: string[];
            /** @example user-42 */
            sub?: string;
        };
        ExternalEndpointsInput: {
            /** @description https (http only for loopback). */
            authorization?: string | null;
            endSession?: string | null;
            /**
             * @description Only with `authorization`; never a type with `code`.
             * @example [
             *       "id_token"
             *     ]
             */
            responseTypes?: string[];
            userinfo?: string | null;
        };
        ExternalEndpointsResponse: {
            /** @description `authorization_endpoint` (RFC 6749 §3.1). */
            authorization: string | null;
            /** @description `end_session_endpoint` (OpenID Connect RP-Initiated Logout). */
            endSession: string | null;
            /**
             * @description `response_types_supported` while an authorization endpoint is set; never a type with `code`.
             * @example [
             *       "id_token"
             *     ]
             */
            responseTypes: string[];
            /** @description `userinfo_endpoint` (OpenID Connect Core §5.3). */
            userinfo: string | null;
        };
        FailedKeyDto: {
            authorizationServerId: string;
            /** @description The key-encryption key it is under (`null`: recorded without a private half) */
            kekId: string | null;
            kid: string;
            reason: string;
        };
        FailedSealingKeyDto: {
            kekId: string;
            keyId: string;
            reason: string;
        };
        FailedSubjectKeyDto: {
            kekId: string | null;
            keyId: string;
            reason: string;
            subjectRef: string;
        };
        FamilyCountsDto: {
            active: number;
            /**
             * Format: date-time
             * @description The instant active and expired were decided at
             */
            asOf: string;
            byClient: components["schemas"]["ClientFamilyCountsDto"][];
            /**
             * @description Revoked families by the first revocation's reason
             * @example {
             *       "admin": 1,
             *       "reuse_detected": 2
             *     }
             */
            byRevokeReason: {
                [key: string]: number;
            };
            /** @description Global position (`<commit>/<prepare>`) of the last event counted */
            checkpoint: string | null;
            expired: number;
            revoked: number;
            total: number;
        };
        FamilyDto: {
            authorizationServerId: string;
            clientId: string;
            grantType: string;
            /** Format: date-time */
            issuedAt: string;
            rotation: components["schemas"]["RotationSettingsDto"];
            scopes: string[];
            subject: string;
        };
        FamilyResourceDto: {
            authorizationServerId: string;
            clientId: string;
            /**
             * Format: date-time
             * @description When the family's last token stops working unless revoked first
             */
            expiresAt: string;
            /** @description Rotations so far */
            generation: number;
            grantType: string;
            id: string;
            /**
             * Format: date-time
             * @description Idle expiry of the current refresh token
             */
            idleExpiresAt: string | null;
            /** Format: date-time */
            issuedAt: string;
            /** Format: date-time */
            lastRefreshedAt: string | null;
            /**
             * Format: date-time
             * @description Absolute refresh expiry; `null`: unlimited or no refresh token
             */
            refreshExpiresAt: string | null;
            revokeReason: string | null;
            /** Format: date-time */
            revokedAt: string | null;
            revokedBy: string | null;
            scopes: string[];
            /** @enum {string} */
            status: "ACTIVE" | "EXPIRED" | "REVOKED";
            /** @description `[erased]` once the subject was erased */
            subject: string;
        };
        FamilyStateReportDto: {
            accessToken: components["schemas"]["AccessTokenStateDto"] | null;
            /** @description Whether the current refresh token would have been accepted at `at` */
            active: boolean;
            /** Format: date-time */
            at: string;
            currentRefreshToken: components["schemas"]["CurrentRefreshTokenDto"] | null;
            /** @description Events of the stream after `at`, not folded */
            eventsAfter: number;
            eventsConsidered: components["schemas"]["ConsideredEventDto"][];
            family: components["schemas"]["FamilyDto"] | null;
            familyId: string;
            leewayRetry: components["schemas"]["LeewayRetryDto"] | null;
            lifetimes: components["schemas"]["RefreshLifetimesDto"] | null;
            /**
             * @description The reason a refresh at `at` would have been refused with
             * @enum {string|null}
             */
            reason: "unknown_token" | "wrong_authorization_server" | "client_mismatch" | "family_revoked" | "absolute_expired" | "idle_expired" | "reused_outside_leeway" | "no_refresh_token" | "scope_widening" | "no_matching_rule" | "clock_behind" | "dpop_proof_required" | "dpop_key_mismatch" | null;
            revocation: components["schemas"]["RevocationDto"] | null;
            /** @description How "at T" is read */
            semantics: string;
            /** @enum {string} */
            status: "not-yet-issued" | "active" | "revoked" | "expired-absolute" | "expired-idle";
        };
        GapsDto: {
            /** @description Whether the store could tell (dense positions: the embedded store) */
            checked: boolean;
            missing: number;
            ok: boolean;
            ranges: components["schemas"]["PositionRangeDto"][];
        };
        GrantTypesCondition: {
            /**
             * @example [
             *       "authorization_code",
             *       "refresh_token"
             *     ]
             */
            include: ("authorization_code" | "refresh_token" | "client_credentials" | "implicit" | "password" | "urn:ietf:params:oauth:grant-type:jwt-bearer" | "urn:ietf:params:oauth:grant-type:device_code" | "urn:openid:params:grant-type:ciba" | "interaction_code")[];
        };
        HealthCheckDto: {
            /** @description Every indicator, by name: eventStore, projections, configuration, ledgerIntegrity */
            details: {
                [key: string]: {
                    /** @enum {string} */
                    status: "up" | "down";
                } & {
                    [key: string]: unknown;
                };
            };
            /** @description The indicators that are down, by name */
            error: {
                [key: string]: {
                    /** @enum {string} */
                    status: "up" | "down";
                } & {
                    [key: string]: unknown;
                };
            };
            /** @description The indicators that are up, by name */
            info: {
                [key: string]: {
                    /** @enum {string} */
                    status: "up" | "down";
                } & {
                    [key: string]: unknown;
                };
            };
            /** @enum {string} */
            status: "ok" | "error" | "shutting_down";
        };
        IncludeExcludeList: {
            exclude: string[];
            include: string[];
        };
        IncludeList: {
            include: string[];
        };
        IntrospectTokenRequestDto: {
            /** @description private_key_jwt: the client assertion (RFC 7523 §2.2) */
            client_assertion?: string;
            /**
             * @description private_key_jwt
             * @example urn:ietf:params:oauth:client-assertion-type:jwt-bearer
             */
            client_assertion_type?: string;
            /** @description The client (client_secret_post, a public client, or with client_assertion) */
            client_id?: string;
            /** @description client_secret_post: the secret in the form instead of Basic */
            client_secret?: string;
            /** @description The token to introspect: a refresh token or an access token */
            token: string;
            /** @description access_token or refresh_token (a hint: every kind is searched) */
            token_type_hint?: string;
        };
        IntrospectionResponseDto: {
            /** @description Whether the token is active; every other member is absent when it is not */
            active: boolean;
            aud?: string | string[];
            client_id?: string;
            cnf?: components["schemas"]["ConfirmationDto"];
            /** @description Expiry, epoch seconds */
            exp?: number;
            /** @description Issued at, epoch seconds */
            iat?: number;
            iss?: string;
            jti?: string;
            /** @example openid offline_access */
            scope?: string;
            sub?: string;
            /** @example Bearer */
            token_type?: string;
            /** @description Okta's `uid`: the person's user id */
            uid?: string;
            username?: string;
        };
        IssueTokensRequestDto: {
            /** @description Epoch seconds of the login */
            auth_time?: number;
            /** @description The client the tokens are for */
            client_id: string;
            /** @description SHA-256 JWK thumbprint (base64url) of the DPoP key the client proved to the login service (RFC 9449 §10) */
            dpop_jkt?: string;
            /**
             * @description The grant the login service completed
             * @default authorization_code
             */
            grant_type: string;
            /** @description The person's groups: an array in JSON, space-separated in a form */
            groups?: string[];
            /**
             * @description Space-separated scopes
             * @example openid offline_access
             */
            scope: string;
            /** @description The subject (the person) the login service authenticated */
            sub: string;
            /** @description The person's user id in the login service's directory (Okta's `uid` claim) */
            uid?: string;
            /** @description The person's login name (`preferred_username`) */
            username?: string;
        };
        JwksDto: {
            keys: components["schemas"]["PublicJwkDto"][];
        };
        LastRebuildDto: {
            /** Format: date-time */
            finishedAt: string;
            generation: number;
            /** Format: date-time */
            startedAt: string;
        };
        LeewayRetryDto: {
            tokenId: string;
            /** Format: date-time */
            until: string;
        };
        LinkDto: {
            href: string;
        };
        ManagementErrorCause: {
            /**
             * @description What is wrong, naming the field (never the submitted value).
             * @example name: must be a non-empty string
             */
            errorSummary: string;
        };
        ManagementErrorResponse: {
            /** @description One entry per cause; empty when the summary says it all. */
            errorCauses: components["schemas"]["ManagementErrorCause"][];
            /**
             * @description Okta's error code.
             * @example E0000001
             */
            errorCode: string;
            /**
             * @description The request id (`X-Request-Id` when the caller sent a sane one), to quote to operators.
             * @example 6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f
             */
            errorId: string;
            /**
             * @description The error code again, as Okta fills `errorLink`.
             * @example E0000001
             */
            errorLink: string;
            /**
             * @description What went wrong; names fields and ids, never a submitted value.
             * @example Api validation failed: name
             */
            errorSummary: string;
        };
        OAuthErrorDto: {
            /**
             * @description RFC 6749 §5.2 error code
             * @example invalid_grant
             */
            error: string;
            /**
             * @description What was wrong, for a developer (never a submitted value)
             * @example The refresh token is invalid or expired.
             */
            error_description: string;
        };
        OktaLinkHints: {
            /**
             * @description HTTP methods the link allows.
             * @example [
             *       "GET",
             *       "PUT",
             *       "DELETE"
             *     ]
             */
            allow: string[];
        };
        OktaLinkResponse: {
            hints: components["schemas"]["OktaLinkHints"];
            /**
             * Format: uri
             * @description Under the public base URL (`LEDGER_ISSUER_BASE_URL`).
             */
            href: string;
        };
        OktaNamedLinkResponse: {
            hints: components["schemas"]["OktaLinkHints"];
            /**
             * Format: uri
             * @description Under the public base URL (`LEDGER_ISSUER_BASE_URL`).
             */
            href: string;
            /** @enum {string} */
            name: "oauth-authorization-server" | "openid-configuration";
        };
        OpenBatchDto: {
            events: number;
            /** Format: date-time */
            since: string;
        };
        OpenIdConfigurationDto: {
            /** @description The external login service's, when the server names one */
            authorization_endpoint?: string;
            claims_supported: string[];
            dpop_signing_alg_values_supported: string[];
            /** @description The external login service's, when the server names one */
            end_session_endpoint?: string;
            /**
             * @example [
             *       "refresh_token",
             *       "client_credentials"
             *     ]
             */
            grant_types_supported: string[];
            id_token_signing_alg_values_supported: string[];
            introspection_endpoint: string;
            introspection_endpoint_auth_methods_supported: string[];
            introspection_endpoint_auth_signing_alg_values_supported: string[];
            /** @example https://ledger.example/oauth2/default */
            issuer: string;
            jwks_uri: string;
            /** @description Empty without an authorization endpoint */
            response_types_supported: string[];
            revocation_endpoint: string;
            revocation_endpoint_auth_methods_supported: string[];
            revocation_endpoint_auth_signing_alg_values_supported: string[];
            scopes_supported: string[];
            /**
             * @example [
             *       "public"
             *     ]
             */
            subject_types_supported: string[];
            token_endpoint: string;
            token_endpoint_auth_methods_supported: string[];
            token_endpoint_auth_signing_alg_values_supported: string[];
            /** @description The external login service's, when the server names one */
            userinfo_endpoint?: string;
        };
        PeopleConditionResponse: {
            /** @description Group names; `include` may hold `EVERYONE`. */
            groups: components["schemas"]["IncludeExcludeList"];
            /** @description Subjects (`sub`). */
            users: components["schemas"]["IncludeExcludeList"];
        };
        PeopleInput: {
            /** @description Group names; `include` may hold `EVERYONE`. */
            groups?: components["schemas"]["PeopleListInput"];
            /** @description Subjects (`sub`). */
            users?: components["schemas"]["PeopleListInput"];
        };
        PeopleListInput: {
            /** @default [] */
            exclude: string[];
            /** @default [] */
            include: string[];
        };
        PersonalDto: {
            /** @description The subject was erased: its data key is destroyed and every field reads `[erased]` */
            erased: boolean;
            groups?: string[];
            /** @description `[erased]` once the subject was erased */
            subject: string;
            subjectRef: string;
            userId?: string;
            username?: string;
        };
        PolicyExplanationResponse: {
            authorizationServerId: string;
            /**
             * @description Revision of the server stream: what `provenance.configVersion` would record.
             * @example 12
             */
            configVersion: number;
            /** @description Every policy and rule examined, in order. */
            explanation: components["schemas"]["ExplainedEntry"][];
            /** @description The rule's `actions.token` a family issued now would get. */
            lifetimes: components["schemas"]["TokenLifetimes"] | null;
            matched: boolean;
            policy: {
                id: string;
                name: string;
            } | null;
            /**
             * @description Why nothing matched (`no_matching_policy` is answered `access_denied` at the token endpoints).
             * @enum {string}
             */
            reason?: "no_matching_policy" | "authorization_server_inactive";
            request: components["schemas"]["ExplainedRequest"];
            rule: {
                id: string;
                name: string;
            } | null;
        };
        PolicyRuleActions: {
            token: components["schemas"]["TokenLifetimes"];
        };
        PolicyRuleConditionsInput: {
            grantTypes: components["schemas"]["GrantTypesCondition"];
            /** @description Omitted: `groups.include: ["EVERYONE"]` (any user). */
            people?: components["schemas"]["PeopleInput"];
            scopes: components["schemas"]["ScopesCondition"];
        };
        PolicyRuleConditionsResponse: {
            grantTypes: components["schemas"]["GrantTypesCondition"];
            people: components["schemas"]["PeopleConditionResponse"];
            scopes: components["schemas"]["ScopesCondition"];
        };
        PolicyRuleLinks: {
            /** @description Present while INACTIVE. */
            activate?: components["schemas"]["OktaLinkResponse"];
            /** @description Present while ACTIVE. */
            deactivate?: components["schemas"]["OktaLinkResponse"];
            self: components["schemas"]["OktaLinkResponse"];
        };
        PolicyRuleResponse: {
            _links: components["schemas"]["PolicyRuleLinks"];
            actions: components["schemas"]["PolicyRuleActions"];
            conditions: components["schemas"]["PolicyRuleConditionsResponse"];
            /** Format: date-time */
            created: string;
            /** @example 0pr1a2b3c4d5e6f7g8h9 */
            id: string;
            /** Format: date-time */
            lastUpdated: string;
            /** @example Default rule */
            name: string;
            /**
             * @description 1 = evaluated first within the policy.
             * @example 1
             */
            priority: number;
            /** @enum {string} */
            status: "ACTIVE" | "INACTIVE";
            system: boolean;
            /** @enum {string} */
            type: "RESOURCE_ACCESS";
        };
        PolicyWhatIfResponseDto: {
            authorizationServerId: string;
            /** @description Every client with a live family, by client id. */
            clients: components["schemas"]["WhatIfClientDto"][];
            /** @description The configuration version (server stream revision) evaluated as "now". */
            configVersion: number;
            counts: components["schemas"]["WhatIfEffectCountsDto"];
            draft: components["schemas"]["WhatIfChangeDto"];
            /** @description The version saving the draft would reach; equal when the draft changes nothing. */
            draftConfigVersion: number;
            /**
             * Format: date-time
             * @description The instant families were judged live at.
             */
            evaluatedAt: string;
            examples: components["schemas"]["WhatIfExampleDto"][];
            /** @description Families of this server whose refresh token can still be exchanged (from the token_families read model). */
            familiesExamined: number;
            /** @description Examples kept per kind (the first families issued). */
            maxExamplesPerKind: number;
            /** @description Every distinct (kind, rule before, rule after), most families first. */
            transitions: components["schemas"]["WhatIfTransitionDto"][];
        };
        PositionDto: {
            /**
             * @description Commit position, a decimal string (64-bit)
             * @example 42
             */
            commit: string;
            /**
             * @description Prepare position, a decimal string (64-bit)
             * @example 42
             */
            prepare: string;
        };
        PositionRangeDto: {
            from: string;
            to: string;
        };
        ProjectionLinksDto: {
            rebuild: components["schemas"]["RebuildLinkDto"];
            self: components["schemas"]["LinkDto"];
        };
        ProjectionResourceDto: {
            _links: components["schemas"]["ProjectionLinksDto"];
            /** @description Global position (`<commit>/<prepare>`) of the last event applied */
            checkpoint: string | null;
            eventsApplied: number;
            generation: number;
            /** @description Events not applied yet (counting stops at a cap: lagEventsCapped) */
            lagEvents: number;
            lagEventsCapped: boolean;
            /** @description Age of the oldest event not applied yet, in seconds */
            lagSeconds: number;
            /** Format: date-time */
            lastAppliedRecordedAt: string | null;
            lastError: string | null;
            lastRebuild: components["schemas"]["LastRebuildDto"] | null;
            /** @example token-families */
            name: string;
            openBatch: components["schemas"]["OpenBatchDto"] | null;
            readModels: string[];
            /** @description The rebuild in progress */
            rebuild: components["schemas"]["RebuildStatusDto"] | null;
            /** @enum {string} */
            state: "STARTING" | "CATCHING_UP" | "INDEXING" | "LIVE" | "FAILED" | "STOPPED";
        };
        ProvenanceDto: {
            authorizationServerId: string;
            /** @description Revision of the authorization server's configuration stream (its policies and rules) in force */
            configVersion: number;
            policyId: string;
            ruleId: string;
        };
        PublicJwkDto: {
            /** @example RS256 */
            alg?: string;
            /** @description EC and OKP keys */
            crv?: string;
            /** @description RSA keys */
            e?: string;
            kid?: string;
            /** @example RSA */
            kty: string;
            /** @description RSA keys */
            n?: string;
            /** @example sig */
            use?: string;
            /** @description EC and OKP keys */
            x?: string;
            /** @description EC keys */
            y?: string;
        };
        RebuildHintsDto: {
            allow: "POST"[];
        };
        RebuildLinkDto: {
            hints: components["schemas"]["RebuildHintsDto"];
            href: string;
        };
        RebuildStatusDto: {
            checkpoint: string | null;
            error: string | null;
            eventsApplied: number;
            generation: number;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            state: "STARTING" | "CATCHING_UP" | "INDEXING" | "LIVE" | "FAILED" | "STOPPED";
        };
        RecordedEventDto: {
            /** @description The event data, exactly as stored (what the hash chain covers) */
            data: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            id: string;
            /** @description Metadata: actor, request id, causation, the hash link (`prevHash`) */
            metadata: {
                [key: string]: unknown;
            };
            /** @description The personal fields `data` holds encrypted, read through the subject's key */
            personal?: components["schemas"]["PersonalDto"];
            position: components["schemas"]["PositionDto"];
            /** Format: date-time */
            recordedAt: string;
            /**
             * @description Stream revision, a decimal string
             * @example 0
             */
            revision: string;
            /** @example tokenFamily-3f0c… */
            streamName: string;
            /** @example TokenIssued */
            type: string;
        };
        RefreshLifetimesDto: {
            /** Format: date-time */
            decidedAt: string;
            provenance: components["schemas"]["ProvenanceDto"];
            refreshTokenMinutes: number;
            refreshTokenWindowMinutes: number;
        };
        RefreshTokenLinks: {
            /** @description The client (Okta calls it the app). */
            app: components["schemas"]["UserTokenLink"];
            authorizationServer: components["schemas"]["UserTokenLink"];
            client: components["schemas"]["UserTokenLink"];
            revoke: components["schemas"]["UserTokenLink"];
            self: components["schemas"]["UserTokenLink"];
            /** @description The subject; the ledger keeps no user directory. */
            user: components["schemas"]["UserTokenLink"];
        };
        RefreshTokenResponse: {
            /** @description With `expand=scope` only. */
            _embedded?: components["schemas"]["EmbeddedScopes"];
            _links: components["schemas"]["RefreshTokenLinks"];
            clientId: string;
            /** Format: date-time */
            created: string;
            /**
             * Format: date-time
             * @description When the current refresh token stops working: the earlier of its idle and absolute expiries.
             */
            expiresAt: string;
            /** @description The token family id: stable across rotations. */
            id: string;
            /** Format: uri */
            issuer: string;
            /** Format: date-time */
            lastUpdated: string;
            /**
             * @example [
             *       "openid",
             *       "offline_access"
             *     ]
             */
            scopes: string[];
            /**
             * @description `EXPIRED`: neither revoked nor usable any more.
             * @enum {string}
             */
            status: "ACTIVE" | "REVOKED" | "EXPIRED";
            /** @description The subject (`sub`) named in the path. */
            userId: string;
        };
        RegisterClientRequestDto: {
            /**
             * @description Generated (`0oa…`) when omitted on registration; on PUT, the path id.
             * @example payments-web
             */
            client_id?: string;
            /** @example Payments web */
            client_name: string;
            /**
             * @description RFC 9449 §5.2: every token request must carry a DPoP proof.
             * @default false
             */
            dpop_bound_access_tokens: boolean;
            /**
             * @default [
             *       "authorization_code"
             *     ]
             */
            grant_types: ("authorization_code" | "refresh_token" | "client_credentials" | "implicit" | "password" | "urn:ietf:params:oauth:grant-type:jwt-bearer" | "urn:ietf:params:oauth:grant-type:device_code" | "urn:openid:params:grant-type:ciba" | "interaction_code")[];
            /** @description Public keys; required for `private_key_jwt`. */
            jwks?: components["schemas"]["ClientJwks"];
            refresh_token?: components["schemas"]["ClientRefreshTokenInput"];
            /**
             * @description On registration; afterwards only the lifecycle endpoints change it (on PUT it must be the current one).
             * @default ACTIVE
             * @enum {string}
             */
            status: "ACTIVE" | "INACTIVE";
            /**
             * @default client_secret_basic
             * @enum {string}
             */
            token_endpoint_auth_method: "client_secret_basic" | "client_secret_post" | "private_key_jwt" | "none";
        };
        RemovedEventsDto: {
            /** @description Whole log only: removal entries that cannot be genuine */
            invalid?: number;
            /** @description Events removed with a removal record (retention, erasure) */
            recorded: number;
            /** @description Of those, still in the store and checked against their recorded hashes */
            stillStored: number;
            streams: number;
        };
        RevocationDto: {
            /** @enum {string} */
            reason: "client_request" | "reuse_detected" | "admin" | "user_logout" | "client_disabled";
            /** @description `client:<id>`, `admin:<name>`, or `system` (reuse detection) */
            requestedBy: string;
            /** Format: date-time */
            revokedAt: string;
            /** @description The token named in the request (refresh token id or access token jti) */
            tokenId: string | null;
        };
        RevokeTokenRequestDto: {
            /** @description private_key_jwt: the client assertion (RFC 7523 §2.2) */
            client_assertion?: string;
            /**
             * @description private_key_jwt
             * @example urn:ietf:params:oauth:client-assertion-type:jwt-bearer
             */
            client_assertion_type?: string;
            /** @description The client (client_secret_post, a public client, or with client_assertion) */
            client_id?: string;
            /** @description client_secret_post: the secret in the form instead of Basic */
            client_secret?: string;
            /** @description The token to revoke: a refresh token or an access token */
            token: string;
            /** @description access_token or refresh_token (a hint: every kind is searched) */
            token_type_hint?: string;
        };
        RewrapSigningKeysDto: {
            alreadyCurrent: number;
            /** @description Empty when the previous key-encryption keys may be dropped */
            failed: components["schemas"]["FailedKeyDto"][];
            /** @description The current key-encryption key's id */
            kekId: string;
            rewrapped: components["schemas"]["RewrappedKeyDto"][];
            sealingKeys: components["schemas"]["SealingKeysRewrapDto"];
            subjectDataKeys: components["schemas"]["SubjectDataKeysRewrapDto"];
        };
        RewrappedKeyDto: {
            authorizationServerId: string;
            kid: string;
            previousKekId: string;
        };
        RewrappedSealingKeyDto: {
            keyId: string;
            previousKekId: string;
        };
        RotateSigningKeyRequestDto: {
            /** @enum {string} */
            use?: "sig";
        };
        RotationSettingsDto: {
            leewaySeconds: number;
            /** @enum {string} */
            type: "ROTATE" | "STATIC";
        };
        ScopesCondition: {
            /**
             * @description Scope names, or `["*"]` for any.
             * @example [
             *       "*"
             *     ]
             */
            include: string[];
        };
        SealBreakDto: {
            actual: string | null;
            expected: string | null;
            /** @enum {string} */
            kind: "malformed" | "signature" | "chain" | "tree_size" | "root" | "last_position" | "beyond_log";
            revision: string;
            treeSize: number | null;
        };
        SealConsistencyDto: {
            from: number;
            fromSeal: components["schemas"]["SealDto"] | null;
            /** @description Hex node hashes (RFC 9162 §2.1.4.1) */
            proof: string[];
            to: number;
            toSeal: components["schemas"]["SealDto"] | null;
        };
        SealDto: {
            /** @description Compact JWS (EdDSA) over the other members */
            jws: string;
            /** @description The sealing key (RFC 7638 thumbprint) */
            keyId: string;
            /** @description Position of the last covered leaf */
            lastPosition: components["schemas"]["PositionDto"] | null;
            position: components["schemas"]["PositionDto"];
            /** @description SHA-256 (hex) of the previous seal's jws */
            previousSealHash: string | null;
            revision: string;
            /** @description RFC 9162 tree head of those leaves, lowercase hex */
            rootHash: string;
            /** @description SHA-256 (hex) of jws: what the next seal chains to */
            sealHash: string;
            /** @enum {number} */
            sealVersion: 1;
            /** @description Epoch milliseconds */
            sealedAt: number;
            /** @description Leaves covered */
            treeSize: number;
        };
        SealSummaryDto: {
            keyId: string;
            lastPosition: components["schemas"]["PositionDto"] | null;
            revision: string;
            rootHash: string;
            sealHash: string;
            /** @description Epoch milliseconds */
            sealedAt: number;
            treeSize: number;
        };
        SealingKeysDto: {
            keys: components["schemas"]["SealingPublicJwkDto"][];
        };
        SealingKeysRewrapDto: {
            alreadyCurrent: number;
            failed: components["schemas"]["FailedSealingKeyDto"][];
            rewrapped: components["schemas"]["RewrappedSealingKeyDto"][];
        };
        SealingPublicJwkDto: {
            /** @enum {string} */
            alg: "EdDSA";
            /** @enum {string} */
            crv: "Ed25519";
            kid: string;
            /** @enum {string} */
            kty: "OKP";
            /** @enum {string} */
            use: "sig";
            x: string;
        };
        SealsCheckDto: {
            /** @description Seals checked (up to the first break) */
            checked: number;
            firstBreak?: components["schemas"]["SealBreakDto"];
            /** @description The newest seal that verified */
            latest: components["schemas"]["SealSummaryDto"] | null;
            ok: boolean;
            /** @description Recorded sealing keys this configuration cannot unwrap */
            untrustedKeys?: string[];
        };
        ServerCredentialsResponse: {
            signing: components["schemas"]["SigningCredentialsResponse"];
        };
        SigningCredentialsResponse: {
            /** @enum {string} */
            algorithm: "ES256" | "RS256";
            /** @description The active signing key, once one exists. */
            kid?: string;
            /** Format: date-time */
            lastRotated?: string;
            /**
             * Format: date-time
             * @description `AUTO` only: when the next key takes over.
             */
            nextRotation?: string;
            /**
             * @description `AUTO`: rotated every `rotationPeriodDays`; `MANUAL`: only when asked.
             * @enum {string}
             */
            rotationMode: "AUTO" | "MANUAL";
            /** @example 90 */
            rotationPeriodDays: number;
            /** @enum {string} */
            use: "sig";
        };
        SigningInput: {
            /**
             * @default ES256
             * @enum {string}
             */
            algorithm: "ES256" | "RS256";
            /**
             * @default AUTO
             * @enum {string}
             */
            rotationMode: "AUTO" | "MANUAL";
            /** @default 90 */
            rotationPeriodDays: number;
        };
        SigningKeyDto: {
            /** @example RS256 */
            alg: string;
            /** Format: date-time */
            created: string;
            /** @description EC keys */
            crv?: string;
            /** @description RSA keys */
            e?: string;
            kid: string;
            /** @example RSA */
            kty: string;
            /** @description RSA keys */
            n?: string;
            /**
             * Format: date-time
             * @description Set once a rotation replaced the key
             */
            retiresAt: string | null;
            /**
             * @description ACTIVE signs; NEXT is published, not signing yet; EXPIRED is replaced but still published until retiresAt; RETIRED is unpublished
             * @enum {string}
             */
            status: "ACTIVE" | "NEXT" | "EXPIRED" | "RETIRED";
            /** @enum {string} */
            use: "sig";
            /** @description EC keys */
            x?: string;
            /** @description EC keys */
            y?: string;
        };
        SubjectDataKeysRewrapDto: {
            alreadyCurrent: number;
            failed: components["schemas"]["FailedSubjectKeyDto"][];
            rewrapped: number;
        };
        SubjectErasureDto: {
            /** Format: date-time */
            erasedAt: string;
            /** @description Active families this call revoked */
            familiesRevoked: number;
            /** @description Whether this call destroyed the subject's data key */
            keyDestroyed: boolean;
            /** @description Families from before personal fields were encrypted, removed with a recorded removal */
            plaintextFamiliesRemoved: number;
            /** @description The subject's pseudonym: what the log keeps of it */
            subjectRef: string;
        };
        SubjectFamilyDto: {
            authorizationServerId: string;
            clientId: string;
            familyId: string;
            grantType: string;
            /** Format: date-time */
            issuedAt: string;
            provenance: components["schemas"]["ProvenanceDto"];
            /** @enum {string|null} */
            reason: "unknown_token" | "wrong_authorization_server" | "client_mismatch" | "family_revoked" | "absolute_expired" | "idle_expired" | "reused_outside_leeway" | "no_refresh_token" | "scope_widening" | "no_matching_rule" | "clock_behind" | "dpop_proof_required" | "dpop_key_mismatch" | null;
            revokeReason: string | null;
            scopes: string[];
            /** @enum {string} */
            status: "not-yet-issued" | "active" | "revoked" | "expired-absolute" | "expired-idle";
        };
        TokenLifetimes: {
            /** @example 60 */
            accessTokenLifetimeMinutes: number;
            /**
             * @description 0 = unlimited, else from the access-token lifetime to 5 years.
             * @example 0
             */
            refreshTokenLifetimeMinutes: number;
            /**
             * @description Idle window; not above the refresh lifetime when that is set.
             * @example 10080
             */
            refreshTokenWindowMinutes: number;
        };
        TokenRequestDto: {
            /** @description private_key_jwt: the client assertion (RFC 7523 §2.2) */
            client_assertion?: string;
            /**
             * @description private_key_jwt
             * @example urn:ietf:params:oauth:client-assertion-type:jwt-bearer
             */
            client_assertion_type?: string;
            /** @description The client (client_secret_post, a public client, or with client_assertion) */
            client_id?: string;
            /** @description client_secret_post: the secret in the form instead of Basic */
            client_secret?: string;
            /**
             * @description The grant: `refresh_token` or `client_credentials` (others are refused)
             * @enum {string}
             */
            grant_type: "refresh_token" | "client_credentials";
            /** @description Accepted and ignored, as Okta does */
            redirect_uri?: string;
            /** @description Required with grant_type=refresh_token */
            refresh_token?: string;
            /** @description Space-separated scopes: a subset of the granted ones on a refresh, the requested ones with client_credentials */
            scope?: string;
        };
        TokenResponseDto: {
            /** @description A signed JWT access token */
            access_token: string;
            /**
             * @description Seconds until the access token expires
             * @example 3600
             */
            expires_in: number;
            /** @description An ID token, when `openid` was granted */
            id_token?: string;
            /** @description The refresh token: a new one when the client rotates, else the one sent */
            refresh_token?: string;
            /**
             * @description The granted scopes, space-separated
             * @example openid offline_access
             */
            scope: string;
            /**
             * @description `DPoP` when the access token is bound to a DPoP key (RFC 9449 §5)
             * @enum {string}
             */
            token_type: "Bearer" | "DPoP";
        };
        TokenWhyDto: {
            active: boolean;
            authorizationServerId: string | null;
            clientId: string | null;
            /** @description The configuration that decided its lifetime */
            decidedBy: components["schemas"]["DecidedByDto"] | null;
            /** Format: date-time */
            evaluatedAt: string;
            /** Format: date-time */
            expiresAt: string | null;
            familyId: string | null;
            /**
             * Format: date-time
             * @description Until when a retry with it still answers the same successor
             */
            leewayRetryUntil: string | null;
            /** Format: date-time */
            mintedAt: string | null;
            /**
             * @description Why it is not active; `null` when it is
             * @enum {string|null}
             */
            reason: "unknown_token" | "wrong_authorization_server" | "client_mismatch" | "family_revoked" | "absolute_expired" | "idle_expired" | "reused_outside_leeway" | "no_refresh_token" | "scope_widening" | "no_matching_rule" | "clock_behind" | "dpop_proof_required" | "dpop_key_mismatch" | "rotated_out" | "access_token_expired" | "access_token_revoked" | null;
            revocation: components["schemas"]["RevocationDto"] | null;
            /**
             * Format: date-time
             * @description When a rotation replaced this refresh token
             */
            rotatedOutAt: string | null;
            subject: string | null;
            tokenId: string | null;
            /**
             * @description `null` for a token this service did not issue
             * @enum {string|null}
             */
            tokenType: "refresh_token" | "access_token" | null;
        };
        TokenWhyRequestDto: {
            /** @description A refresh token or an access token (never echoed nor logged) */
            token?: string;
            /** @description A refresh token id (`<familyId>.<sequence>`) or an access token jti */
            token_id?: string;
        };
        TreeDto: {
            rootHash: string;
            size: number;
        };
        TrustedOriginLinks: {
            /** @description Present while INACTIVE. */
            activate?: components["schemas"]["OktaLinkResponse"];
            /** @description Present while ACTIVE. */
            deactivate?: components["schemas"]["OktaLinkResponse"];
            self: components["schemas"]["OktaLinkResponse"];
        };
        TrustedOriginRequestDto: {
            /** @example Payments SPA */
            name: string;
            /**
             * Format: uri
             * @description Scheme, host and port only.
             * @example https://pay.example.com
             */
            origin: string;
            /**
             * @description Each type at most once.
             * @example [
             *       {
             *         "type": "CORS"
             *       }
             *     ]
             */
            scopes: components["schemas"]["TrustedOriginScope"][];
        };
        TrustedOriginResponse: {
            _links: components["schemas"]["TrustedOriginLinks"];
            /** Format: date-time */
            created: string;
            /**
             * @description The actor that created it.
             * @example admin:service
             */
            createdBy: string;
            /** @example tos1a2b3c4d5e6f7g8h9 */
            id: string;
            /** Format: date-time */
            lastUpdated: string;
            /** @example admin:service */
            lastUpdatedBy: string;
            /** @example Payments SPA */
            name: string;
            /**
             * Format: uri
             * @example https://pay.example.com
             */
            origin: string;
            scopes: components["schemas"]["TrustedOriginScope"][];
            /** @enum {string} */
            status: "ACTIVE" | "INACTIVE";
        };
        TrustedOriginScope: {
            /**
             * @description `CORS`: browsers may call the token endpoints from it; `REDIRECT`: a redirect target.
             * @enum {string}
             */
            type: "CORS" | "REDIRECT";
        };
        UnsealedDto: {
            fromPosition: components["schemas"]["PositionDto"] | null;
            /** @description Leaves after the newest seal */
            leaves: number;
            toPosition: components["schemas"]["PositionDto"] | null;
        };
        UpdateAuthorizationServerRequestDto: {
            accessTokenClaims?: components["schemas"]["AccessTokenClaimsInput"];
            /**
             * @example [
             *       "api://payments"
             *     ]
             */
            audiences: string[];
            credentials?: components["schemas"]["CredentialsInput"];
            /** @default  */
            description: string;
            /** @description Omitted or `null`: none. */
            endpoints?: components["schemas"]["ExternalEndpointsInput"];
            /**
             * @description Generated (`aus…`) when absent.
             * @example aus1a2b3c4d5e6f7g8h9
             */
            id?: string;
            /**
             * Format: uri
             * @description Only with `CUSTOM_URL`.
             */
            issuer?: string;
            /**
             * @default ORG_URL
             * @enum {string}
             */
            issuerMode: "ORG_URL" | "CUSTOM_URL" | "DYNAMIC";
            /** @example payments */
            name: string;
            /**
             * @default []
             * @example [
             *       "openid",
             *       "offline_access"
             *     ]
             */
            scopes: string[];
            /**
             * @description Afterwards only the lifecycle operations change it (ignored on PUT).
             * @default ACTIVE
             * @enum {string}
             */
            status: "ACTIVE" | "INACTIVE";
        };
        UpdateClientRequestDto: {
            /**
             * @description Generated (`0oa…`) when omitted on registration; on PUT, the path id.
             * @example payments-web
             */
            client_id?: string;
            /** @example Payments web */
            client_name: string;
            /**
             * @description RFC 9449 §5.2: every token request must carry a DPoP proof.
             * @default false
             */
            dpop_bound_access_tokens: boolean;
            /**
             * @default [
             *       "authorization_code"
             *     ]
             */
            grant_types: ("authorization_code" | "refresh_token" | "client_credentials" | "implicit" | "password" | "urn:ietf:params:oauth:grant-type:jwt-bearer" | "urn:ietf:params:oauth:grant-type:device_code" | "urn:openid:params:grant-type:ciba" | "interaction_code")[];
            /** @description Public keys; required for `private_key_jwt`. */
            jwks?: components["schemas"]["ClientJwks"];
            refresh_token?: components["schemas"]["ClientRefreshTokenInput"];
            /**
             * @description On registration; afterwards only the lifecycle endpoints change it (on PUT it must be the current one).
             * @default ACTIVE
             * @enum {string}
             */
            status: "ACTIVE" | "INACTIVE";
            /**
             * @default client_secret_basic
             * @enum {string}
             */
            token_endpoint_auth_method: "client_secret_basic" | "client_secret_post" | "private_key_jwt" | "none";
        };
        UpdatePolicyRequestDto: {
            conditions: components["schemas"]["ClientsCondition"];
            /** @default  */
            description: string;
            /**
             * @description Generated (`00p…`) when absent.
             * @example 00p1a2b3c4d5e6f7g8h9
             */
            id?: string;
            /** @example Payments apps */
            name: string;
            /**
             * @description 1 = evaluated first.
             * @example 1
             */
            priority: number;
            /**
             * @description Afterwards only the lifecycle operations change it (ignored on PUT).
             * @default ACTIVE
             * @enum {string}
             */
            status: "ACTIVE" | "INACTIVE";
            /** @default false */
            system: boolean;
            /** @enum {string} */
            type?: "OAUTH_AUTHORIZATION_POLICY";
        };
        UpdatePolicyRuleRequestDto: {
            actions: components["schemas"]["PolicyRuleActions"];
            conditions: components["schemas"]["PolicyRuleConditionsInput"];
            /**
             * @description Generated (`0pr…`) when absent.
             * @example 0pr1a2b3c4d5e6f7g8h9
             */
            id?: string;
            /** @example Refresh for a week */
            name: string;
            /**
             * @description 1 = evaluated first within the policy.
             * @example 1
             */
            priority: number;
            /**
             * @description Afterwards only the lifecycle operations change it (ignored on PUT).
             * @default ACTIVE
             * @enum {string}
             */
            status: "ACTIVE" | "INACTIVE";
            /** @default false */
            system: boolean;
            /** @enum {string} */
            type?: "RESOURCE_ACCESS";
        };
        UserClientLinks: {
            app: components["schemas"]["UserTokenLink"];
            tokens: components["schemas"]["UserTokenLink"];
        };
        UserClientResponse: {
            _links: components["schemas"]["UserClientLinks"];
            client_id: string;
            /** @description The client name, or its id when the client was deleted since. */
            client_name: string;
            /** @description Always `null`: the ledger keeps no home page. */
            client_uri: null;
            /** @description Always `null`: the ledger keeps no logo. */
            logo_uri: null;
        };
        UserTokenLink: {
            /**
             * @example {
             *       "allow": [
             *         "GET",
             *         "DELETE"
             *       ]
             *     }
             */
            hints?: {
                allow?: string[];
            };
            /** Format: uri */
            href: string;
            /** @description The name of the client or server, while it exists. */
            title?: string;
        };
        WhatIfChangeDto: {
            /** @enum {string} */
            change: "createPolicy" | "updatePolicy" | "activatePolicy" | "deactivatePolicy" | "deletePolicy" | "createRule" | "updateRule" | "activateRule" | "deactivateRule" | "deleteRule";
            /** @description The policy changed (for `createPolicy`, the id it would get). */
            policyId?: string;
            /** @description The rule changed (for `createRule`, the id it would get). */
            ruleId?: string;
        };
        WhatIfClientDto: {
            /** @description Those whose next refresh would change (every kind but `unchanged` and `stillUnmatched`). */
            affected: number;
            clientId: string;
            counts: components["schemas"]["WhatIfEffectCountsDto"];
            /** @description Its live families examined. */
            families: number;
        };
        WhatIfEffectCountsDto: {
            accessTokenLifetimeChanged: number;
            movesToAnotherRule: number;
            startsMatching: number;
            stillUnmatched: number;
            stopsMatching: number;
            unchanged: number;
        };
        WhatIfExampleDto: {
            after: components["schemas"]["WhatIfRuleDto"] | null;
            before: components["schemas"]["WhatIfRuleDto"] | null;
            clientId: string;
            familyId: string;
            /** Format: date-time */
            issuedAt: string;
            /** @enum {string} */
            kind: "unchanged" | "accessTokenLifetimeChanged" | "movesToAnotherRule" | "stopsMatching" | "startsMatching" | "stillUnmatched";
            /** @description As the ops families listing shows it (`[erased]` once the subject was erased). */
            subject: string;
        };
        WhatIfPolicyChangeRequestDto: {
            /**
             * @description The unsaved change to evaluate.
             * @enum {string}
             */
            change: "createPolicy" | "updatePolicy" | "activatePolicy" | "deactivatePolicy" | "deletePolicy" | "createRule" | "updateRule" | "activateRule" | "deactivateRule" | "deleteRule";
            /**
             * @description Example families answered per kind of effect (the first ones issued).
             * @default 10
             */
            maxExamples: number;
            /** @description The whole policy, as `POST .../policies` (`createPolicy`) or `PUT .../policies/{policyId}` (`updatePolicy`) take it. */
            policy?: components["schemas"]["CreatePolicyRequestDto"];
            /** @description The policy changed, or the one a rule is created in or belongs to. Every change but `createPolicy`. */
            policyId?: string;
            /** @description The whole rule, as `POST .../rules` (`createRule`) or `PUT .../rules/{ruleId}` (`updateRule`) take it. */
            rule?: components["schemas"]["CreatePolicyRuleRequestDto"];
            /** @description The rule changed: `updateRule`, `activateRule`, `deactivateRule`, `deleteRule`. */
            ruleId?: string;
        };
        WhatIfRuleDto: {
            /** @description The lifetime of the access token the next refresh would mint. */
            accessTokenLifetimeMinutes: number;
            policyId: string;
            policyName: string;
            /** @description The rule’s value (0 = unlimited). An existing family keeps the one fixed at its issuance: this applies to families issued later. */
            refreshTokenLifetimeMinutes: number;
            /** @description The rule’s idle window. An existing family keeps the one fixed at its issuance: this applies to families issued later. */
            refreshTokenWindowMinutes: number;
            ruleId: string;
            ruleName: string;
        };
        WhatIfTransitionDto: {
            /** @description The rule matched with the draft; `null`: none. */
            after: components["schemas"]["WhatIfRuleDto"] | null;
            /** @description The rule matched now; `null`: none. */
            before: components["schemas"]["WhatIfRuleDto"] | null;
            families: number;
            /**
             * @description `unchanged`: same rule, same access-token lifetime; `accessTokenLifetimeChanged`: same rule, another lifetime; `movesToAnotherRule`: another rule or policy would match; `stopsMatching`: no rule would match, the next refresh would be refused (`access_denied`, reason `no_matching_rule`); `startsMatching`: no rule matches now, one would; `stillUnmatched`: none before nor after.
             * @enum {string}
             */
            kind: "unchanged" | "accessTokenLifetimeChanged" | "movesToAnotherRule" | "stopsMatching" | "startsMatching" | "stillUnmatched";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAuthorizationServerMetadataRfc8414: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationServerMetadataDto"];
                };
            };
            /** @description not_found: no such authorization server */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
        };
    };
    getEventProof: {
        parameters: {
            query?: {
                /** @description Leaves of the tree; the newest seal's when omitted */
                treeSize?: number;
            };
            header?: never;
            path: {
                /** @description The event's commit position, or `commit/prepare` */
                position: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventProofDto"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getFamilyHistory: {
        parameters: {
            query?: {
                /** @description Wins over Accept; NDJSON streams the export */
                format?: "json" | "ndjson";
            };
            header?: never;
            path: {
                /** @description The token family id */
                familyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The events (an empty array for an unknown family) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordedEventDto"][];
                    "application/x-ndjson": string;
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getFamilyState: {
        parameters: {
            query?: {
                /** @description RFC 3339 instant; now when omitted */
                at?: string;
            };
            header?: never;
            path: {
                /** @description The token family id */
                familyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FamilyStateReportDto"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listSealingKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SealingKeysDto"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getSealConsistency: {
        parameters: {
            query: {
                /** @description The newer tree size */
                to: number;
                /** @description The older tree size */
                from: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SealConsistencyDto"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getLatestSeal: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SealDto"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listSubjectFamilies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The subject */
                sub: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An empty array for an unknown subject */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectFamilyDto"][];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    whyTokenById: {
        parameters: {
            query?: {
                /** @description The raw token: prefer POST */
                token?: unknown;
                /** @description A refresh token id or an access token jti */
                token_id?: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenWhyDto"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    whyToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Exactly one of token and token_id */
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenWhyRequestDto"];
                "application/x-www-form-urlencoded": components["schemas"]["TokenWhyRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenWhyDto"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    verifyChain: {
        parameters: {
            query?: {
                /** @description One stream; every stream when omitted */
                stream?: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `ok` and, when broken, the first break */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChainVerificationDto"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listAuthorizationServers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every authorization server. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationServerResponse"][];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    createAuthorizationServer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAuthorizationServerRequestDto"];
            };
        };
        responses: {
            /** @description The authorization server. */
            201: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    /** @description The URL of the created resource. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationServerResponse"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: the chosen id is taken, or belonged to a deleted resource (ids are never reused). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getAuthorizationServer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id. */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The authorization server. */
            200: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationServerResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    updateAuthorizationServer: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAuthorizationServerRequestDto"];
            };
        };
        responses: {
            /** @description The authorization server. */
            200: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationServerResponse"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deleteAuthorizationServer: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000001`: `If-Match` is not one entity tag as returned in `ETag`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: the server is declared in the bootstrap file under `LEDGER_BOOTSTRAP_MODE=enforce`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listSigningKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningKeyDto"][];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    rotateSigningKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RotateSigningKeyRequestDto"];
            };
        };
        responses: {
            /** @description The new signing key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SigningKeyDto"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: the chosen id is taken, or belonged to a deleted resource (ids are never reused). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    activateAuthorizationServer: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Activated (or already active). */
            204: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000001`: `If-Match` is not one entity tag as returned in `ETag`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deactivateAuthorizationServer: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deactivated (or already inactive). */
            204: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000001`: `If-Match` is not one entity tag as returned in `ETag`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id. */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policies, in evaluation order. */
            200: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessPolicyResponse"][];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    createPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id. */
                as: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePolicyRequestDto"];
            };
        };
        responses: {
            /** @description The access policy. */
            201: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    /** @description The URL of the created resource. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessPolicyResponse"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: the chosen id is taken, or belonged to a deleted resource (ids are never reused). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    explainPolicy: {
        parameters: {
            query: {
                client_id: string;
                grant_type?: string;
                /** @description Space-separated scopes; none when absent. */
                scope?: string;
                /** @description The user; absent for a client acting on its own behalf. */
                sub?: string;
                /** @description Space-separated, or the parameter repeated. */
                groups?: string[];
            };
            header?: never;
            path: {
                /** @description The authorization server id. */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The decision at the current configuration version, and the reasoning. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyExplanationResponse"];
                };
            };
            /** @description `E0000001`: a query parameter breaks a rule (`errorCauses` names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    whatIfPolicyChange: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id. */
                as: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WhatIfPolicyChangeRequestDto"];
            };
        };
        responses: {
            /** @description The effects of the draft; nothing was appended. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyWhatIfResponseDto"];
                };
            };
            /** @description Invalid draft (`E0000001`, the cause names the field), as the create/update routes answer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No admin credential, or another one (the auditor’s included) (`E0000011`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unknown authorization server, policy or rule (`E0000007`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A `createPolicy`/`createRule` draft with an id already taken. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The access policy. */
            200: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessPolicyResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    updatePolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePolicyRequestDto"];
            };
        };
        responses: {
            /** @description The access policy. */
            200: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessPolicyResponse"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deletePolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000001`: `If-Match` is not one entity tag as returned in `ETag`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    activatePolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Activated (or already active). */
            204: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000001`: `If-Match` is not one entity tag as returned in `ETag`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deactivatePolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deactivated (or already inactive). */
            204: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000001`: `If-Match` is not one entity tag as returned in `ETag`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listPolicyRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rules, in evaluation order. */
            200: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyRuleResponse"][];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    createPolicyRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePolicyRuleRequestDto"];
            };
        };
        responses: {
            /** @description The policy rule. */
            201: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    /** @description The URL of the created resource. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyRuleResponse"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: the chosen id is taken, or belonged to a deleted resource (ids are never reused). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getPolicyRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
                /** @description The policy rule id. */
                ruleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policy rule. */
            200: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyRuleResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    updatePolicyRule: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
                /** @description The policy rule id. */
                ruleId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePolicyRuleRequestDto"];
            };
        };
        responses: {
            /** @description The policy rule. */
            200: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyRuleResponse"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deletePolicyRule: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
                /** @description The policy rule id. */
                ruleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000001`: `If-Match` is not one entity tag as returned in `ETag`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    activatePolicyRule: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
                /** @description The policy rule id. */
                ruleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Activated (or already active). */
            204: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000001`: `If-Match` is not one entity tag as returned in `ETag`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deactivatePolicyRule: {
        parameters: {
            query?: never;
            header?: {
                /** @description An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition. */
                "If-Match"?: string;
            };
            path: {
                /** @description The authorization server id. */
                as: string;
                /** @description The access policy id. */
                policyId: string;
                /** @description The policy rule id. */
                ruleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deactivated (or already inactive). */
            204: {
                headers: {
                    /** @description Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000001`: `If-Match` is not one entity tag as returned in `ETag`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: `If-Match` names a version that is no longer current; nothing was changed. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    issueTokens: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id */
                as: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueTokensRequestDto"];
                "application/x-www-form-urlencoded": components["schemas"]["IssueTokensRequestDto"];
            };
        };
        responses: {
            /** @description The token endpoint's response for the new family */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponseDto"];
                };
            };
            /** @description invalid_request, invalid_grant, invalid_scope, unauthorized_client, unsupported_grant_type, invalid_dpop_proof or use_dpop_nonce (RFC 6749 §5.2, RFC 9449) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description invalid_client: client authentication failed (`WWW-Authenticate: Basic`), or the admin credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description not_found: no such authorization server */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description The request body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description The body is not application/x-www-form-urlencoded */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description Too many requests or credential failures (`Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description temporarily_unavailable: the store is busy or unreachable (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
        };
    };
    listClients: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: number;
                /** @description The `client_id` the previous page ended with (from the `next` link). */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of clients, in client id order. */
            200: {
                headers: {
                    /** @description `<…>; rel="next"` while another page follows (RFC 8288). */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientResponse"][];
                };
            };
            /** @description `E0000001`: a query parameter breaks a rule (`errorCauses` names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    registerClient: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterClientRequestDto"];
            };
        };
        responses: {
            /** @description The client; `client_secret` for a secret method, shown in this response only (`Cache-Control: no-store`). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientWithSecretResponse"] | components["schemas"]["ClientResponse"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: the chosen id is taken, or belonged to a deleted resource (ids are never reused). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    updateClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateClientRequestDto"];
            };
        };
        responses: {
            /** @description The client; with `client_secret` (shown this once) when the update switched it to a secret method. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientWithSecretResponse"] | components["schemas"]["ClientResponse"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deleteClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listClientSecrets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client secrets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientSecretResponse"][];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    addClientSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["AddClientSecretRequestDto"];
            };
        };
        responses: {
            /** @description The new secret, `client_secret` shown this once. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientSecretWithSecretResponse"];
                };
            };
            /** @description `E0000001`: the client already holds two secrets, authenticates without one, or the body chose `client_secret`; `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getClientSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
                /** @description The client secret id. */
                secretId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client secret. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientSecretResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deleteClientSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
                /** @description The client secret id. */
                secretId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000001`: the secret is ACTIVE; deactivate it first. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    activateClientSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
                /** @description The client secret id. */
                secretId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client secret. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientSecretResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deactivateClientSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
                /** @description The client secret id. */
                secretId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client secret. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientSecretResponse"];
                };
            };
            /** @description `E0000001`: it is the last ACTIVE secret. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    activateClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Activated: an empty object, as Okta. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deactivateClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deactivated, every family revoked: an empty object, as Okta. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    rotateClientSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client id. */
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client with its new secret, shown this once. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientWithSecretResponse"];
                };
            };
            /** @description `E0000001`: the client authenticates without a secret. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listFamilies: {
        parameters: {
            query?: {
                client_id?: unknown;
                /** @description Any case */
                status?: "active" | "expired" | "revoked";
                limit?: number;
                /** @description The opaque cursor of the `next` link */
                after?: unknown;
                subject?: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of families; `Link: <…>; rel="next"` while more follow */
            200: {
                headers: {
                    /** @description The next page */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FamilyResourceDto"][];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    countFamilies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FamilyCountsDto"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listProjections: {
        parameters: {
            query?: {
                /** @description Answer once caught up with the log (at most 30 s) */
                wait?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectionResourceDto"][];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getProjection: {
        parameters: {
            query?: {
                /** @description Answer once caught up with the log (at most 30 s) */
                wait?: "true" | "false";
            };
            header?: never;
            path: {
                /** @description The projection, or one of its read models */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectionResourceDto"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    rebuildProjection: {
        parameters: {
            query?: {
                /** @description Answer once swapped in (at most 5 minutes) */
                wait?: "true" | "false";
            };
            header?: never;
            path: {
                /** @description The projection, or one of its read models */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description With wait=true: the new tables are swapped in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectionResourceDto"];
                };
            };
            /** @description Started (its `rebuild` shows the progress; follow `Location`) */
            202: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectionResourceDto"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000001`: the chosen id is taken, or belonged to a deleted resource (ids are never reused). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    rewrapSigningKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What was rewrapped and what could not be (ids only) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RewrapSigningKeysDto"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    eraseSubject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The subject */
                sub: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What was done (idempotent: a second call has nothing left to do) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectErasureDto"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listTrustedOrigins: {
        parameters: {
            query?: {
                /** @description Prefix of the name or the origin, case-insensitive. */
                q?: string;
                /** @description Okta's SCIM filter: not supported, answered 400 (use `q`). */
                filter?: string;
                limit?: number;
                /** @description The id the previous page ended with (from the `next` link). */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of trusted origins. */
            200: {
                headers: {
                    /** @description `<…>; rel="next"` while another page follows (RFC 8288). */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustedOriginResponse"][];
                };
            };
            /** @description `E0000001`: a query parameter breaks a rule, or `filter` was sent (not supported). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    createTrustedOrigin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrustedOriginRequestDto"];
            };
        };
        responses: {
            /** @description Created (200, as Okta answers). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustedOriginResponse"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getTrustedOrigin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The trusted origin id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The trusted origin. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustedOriginResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    updateTrustedOrigin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The trusted origin id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrustedOriginRequestDto"];
            };
        };
        responses: {
            /** @description The trusted origin. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustedOriginResponse"];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is larger than the configured limit. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000003`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deleteTrustedOrigin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The trusted origin id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    activateTrustedOrigin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The trusted origin id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The trusted origin. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustedOriginResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    deactivateTrustedOrigin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The trusted origin id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The trusted origin. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustedOriginResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: a resource named in the path does not exist or was deleted. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listSubjectTokens: {
        parameters: {
            query?: {
                client_id?: unknown;
                /** @description Any case */
                status?: "active" | "expired" | "revoked";
                limit?: number;
                /** @description The opaque cursor of the `next` link */
                after?: unknown;
            };
            header?: never;
            path: {
                /** @description The subject */
                sub: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of families; `Link: <…>; rel="next"` while more follow */
            200: {
                headers: {
                    /** @description The next page */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FamilyResourceDto"][];
                };
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    revokeSubjectTokens: {
        parameters: {
            query?: {
                /** @description Recorded on each revocation; `admin` by default */
                reason?: "admin" | "user_logout";
                /** @description Only this client's families */
                client_id?: unknown;
            };
            header?: never;
            path: {
                /** @description The subject */
                sub: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every active family is revoked (idempotent) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listUserClients: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The subject (`sub`), percent-encoded. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description In client id order, unpaged; empty for an unknown user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserClientResponse"][];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    listUserTokens: {
        parameters: {
            query?: {
                expand?: string;
                limit?: number;
                /** @description The opaque cursor of the `next` link. */
                after?: string;
            };
            header?: never;
            path: {
                /** @description The subject (`sub`), percent-encoded. */
                userId: string;
                /** @description The client id. */
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of refresh tokens. */
            200: {
                headers: {
                    /** @description `<…>; rel="self"` always, and `<…>; rel="next"` while another page follows (RFC 8288), absolute under the public base URL. */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefreshTokenResponse"][];
                };
            };
            /** @description `E0000001`: a query parameter breaks a rule (`errorCauses` names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    revokeUserTokens: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The subject (`sub`), percent-encoded. */
                userId: string;
                /** @description The client id. */
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every active family revoked; idempotent. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification, or the families projection did not catch up in time; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getUserToken: {
        parameters: {
            query?: {
                expand?: string;
            };
            header?: never;
            path: {
                /** @description The subject (`sub`), percent-encoded. */
                userId: string;
                /** @description The client id. */
                clientId: string;
                /** @description The refresh token id: its family id. */
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The refresh token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefreshTokenResponse"];
                };
            };
            /** @description `E0000001`: a query parameter breaks a rule (`errorCauses` names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: no refresh token of this user for this client has that id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    revokeUserToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The subject (`sub`), percent-encoded. */
                userId: string;
                /** @description The client id. */
                clientId: string;
                /** @description The refresh token id: its family id. */
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked (or already revoked). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong. */
            401: {
                headers: {
                    /** @description `Bearer realm="token-ledger"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000007`: no refresh token of this user for this client has that id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000047`: this address presented too many wrong credentials in the current window. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
            /** @description `E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorResponse"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthCheckDto"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthCheckDto"];
                };
            };
            /** @description Not ready: the indicators that are down are in `error` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthCheckDto"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format (version 0.0.4) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    getAuthorizationServerMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationServerMetadataDto"];
                };
            };
            /** @description not_found: no such authorization server */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
        };
    };
    getOpenIdConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenIdConfigurationDto"];
                };
            };
            /** @description not_found: no such authorization server */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
        };
    };
    introspectToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id */
                as: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["IntrospectTokenRequestDto"];
            };
        };
        responses: {
            /** @description The token's state; `{"active": false}` alone when it is not active */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntrospectionResponseDto"];
                };
            };
            /** @description invalid_request, invalid_grant, invalid_scope, unauthorized_client, unsupported_grant_type, invalid_dpop_proof or use_dpop_nonce (RFC 6749 §5.2, RFC 9449) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description invalid_client: client authentication failed (`WWW-Authenticate: Basic`), or the admin credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description not_found: no such authorization server */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description The request body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description The body is not application/x-www-form-urlencoded */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description Too many requests or credential failures (`Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description temporarily_unavailable: the store is busy or unreachable (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
        };
    };
    getKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id */
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every key a verifier may still need, the active one first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JwksDto"];
                };
            };
            /** @description not_found: no such authorization server */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The authorization server id */
                as: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["RevokeTokenRequestDto"];
            };
        };
        responses: {
            /** @description Revoked, or the token was unknown, invalid or already revoked (RFC 7009 §2.2): an empty body */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid_request, invalid_grant, invalid_scope, unauthorized_client, unsupported_grant_type, invalid_dpop_proof or use_dpop_nonce (RFC 6749 §5.2, RFC 9449) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description invalid_client: client authentication failed (`WWW-Authenticate: Basic`), or the admin credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description not_found: no such authorization server */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description The request body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description The body is not application/x-www-form-urlencoded */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description Too many requests or credential failures (`Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description temporarily_unavailable: the store is busy or unreachable (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
        };
    };
    token: {
        parameters: {
            query?: never;
            header?: {
                /** @description A DPoP proof (RFC 9449): binds the new access token to its key; required for a DPoP-bound family */
                DPoP?: string;
            };
            path: {
                /** @description The authorization server id */
                as: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequestDto"];
            };
        };
        responses: {
            /** @description The tokens (RFC 6749 §5.1) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponseDto"];
                };
            };
            /** @description invalid_request, invalid_grant, invalid_scope, unauthorized_client, unsupported_grant_type, invalid_dpop_proof or use_dpop_nonce (RFC 6749 §5.2, RFC 9449) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description invalid_client: client authentication failed (`WWW-Authenticate: Basic`), or the admin credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description not_found: no such authorization server */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description The request body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description The body is not application/x-www-form-urlencoded */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description Too many requests or credential failures (`Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
            /** @description temporarily_unavailable: the store is busy or unreachable (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthErrorDto"];
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        components?: Record<string, never>;
                        info: Record<string, never>;
                        openapi: string;
                        paths: Record<string, never>;
                    };
                };
            };
        };
    };
}
