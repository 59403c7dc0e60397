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
        get: operations["ListAuthorizationServersHttpController_list"];
        put?: never;
        post: operations["CreateAuthorizationServerHttpController_create"];
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
        get: operations["GetAuthorizationServerHttpController_get"];
        put: operations["UpdateAuthorizationServerHttpController_update"];
        post?: never;
        delete: operations["DeleteAuthorizationServerHttpController_delete"];
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
        post: operations["ChangeAuthorizationServerStatusHttpController_activate"];
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
        post: operations["ChangeAuthorizationServerStatusHttpController_deactivate"];
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
        get: operations["ListPoliciesHttpController_list"];
        put?: never;
        post: operations["CreatePolicyHttpController_create"];
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
        get: operations["ExplainPolicyHttpController_explain"];
        put?: never;
        post?: never;
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
        get: operations["GetPolicyHttpController_get"];
        put: operations["UpdatePolicyHttpController_update"];
        post?: never;
        delete: operations["DeletePolicyHttpController_delete"];
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
        post: operations["ChangePolicyStatusHttpController_activate"];
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
        post: operations["ChangePolicyStatusHttpController_deactivate"];
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
        get: operations["ListPolicyRulesHttpController_list"];
        put?: never;
        post: operations["CreatePolicyRuleHttpController_create"];
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
        get: operations["GetPolicyRuleHttpController_get"];
        put: operations["UpdatePolicyRuleHttpController_update"];
        post?: never;
        delete: operations["DeletePolicyRuleHttpController_delete"];
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
        post: operations["ChangePolicyRuleStatusHttpController_activate"];
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
        post: operations["ChangePolicyRuleStatusHttpController_deactivate"];
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
        get: operations["ListClientsHttpController_list"];
        put?: never;
        post: operations["RegisterClientHttpController_register"];
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
        get: operations["GetClientHttpController_get"];
        put: operations["UpdateClientHttpController_update"];
        post?: never;
        delete: operations["DeleteClientHttpController_delete"];
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
        get: operations["ListClientSecretsHttpController_list"];
        put?: never;
        post: operations["AddClientSecretHttpController_add"];
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
        get: operations["ListClientSecretsHttpController_get"];
        put?: never;
        post?: never;
        delete: operations["ChangeClientSecretHttpController_delete"];
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
        post: operations["ChangeClientSecretHttpController_activate"];
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
        post: operations["ChangeClientSecretHttpController_deactivate"];
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
        post: operations["ActivateClientHttpController_activate"];
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
        post: operations["DeactivateClientHttpController_deactivate"];
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
        post: operations["RotateClientSecretHttpController_rotate"];
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
        get: operations["ListTrustedOriginsHttpController_list"];
        put?: never;
        post: operations["CreateTrustedOriginHttpController_create"];
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
        get: operations["GetTrustedOriginHttpController_get"];
        put: operations["UpdateTrustedOriginHttpController_update"];
        post?: never;
        delete: operations["DeleteTrustedOriginHttpController_delete"];
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
        post: operations["ChangeTrustedOriginStatusHttpController_activate"];
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
        post: operations["ChangeTrustedOriginStatusHttpController_deactivate"];
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
        /** A subject's token families (Okta's user tokens), filtered and paged */
        get: operations["listUserTokens"];
        put?: never;
        post?: never;
        /** Revoke every active token family of a subject (of one client, if given) */
        delete: operations["revokeUserTokens"];
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
        get: operations["ListUserClientsHttpController_list"];
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
        get: operations["ListUserTokensHttpController_list"];
        put?: never;
        post?: never;
        delete: operations["RevokeUserTokensHttpController_revokeAll"];
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
        get: operations["GetUserTokenHttpController_get"];
        put?: never;
        post?: never;
        delete: operations["RevokeUserTokenHttpController_revoke"];
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
        ManagementErrorCauseDto: {
            /** @example name: must not be empty */
            errorSummary: string;
        };
        ManagementErrorDto: {
            /** @description One entry per field at fault */
            errorCauses: components["schemas"]["ManagementErrorCauseDto"][];
            /**
             * @description Okta's error code
             * @example E0000007
             */
            errorCode: string;
            /** @description The request's id (X-Request-Id) */
            errorId: string;
            /**
             * @description The error code again, as Okta answers
             * @example E0000007
             */
            errorLink: string;
            /** @example Not found: Resource not found: default (AuthorizationServer) */
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
        UnsealedDto: {
            fromPosition: components["schemas"]["PositionDto"] | null;
            /** @description Leaves after the newest seal */
            leaves: number;
            toPosition: components["schemas"]["PositionDto"] | null;
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000007: no such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000007: no such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000007: no such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000007: no such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000007: no such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
        };
    };
    ListAuthorizationServersHttpController_list: {
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
                content?: never;
            };
        };
    };
    CreateAuthorizationServerHttpController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    GetAuthorizationServerHttpController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
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
                content?: never;
            };
        };
    };
    UpdateAuthorizationServerHttpController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
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
                content?: never;
            };
        };
    };
    DeleteAuthorizationServerHttpController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000007: no such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000007: no such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000001: the change conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
        };
    };
    ChangeAuthorizationServerStatusHttpController_activate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangeAuthorizationServerStatusHttpController_deactivate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListPoliciesHttpController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
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
                content?: never;
            };
        };
    };
    CreatePolicyHttpController_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ExplainPolicyHttpController_explain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
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
                content?: never;
            };
        };
    };
    GetPolicyHttpController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    UpdatePolicyHttpController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DeletePolicyHttpController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangePolicyStatusHttpController_activate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangePolicyStatusHttpController_deactivate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListPolicyRulesHttpController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    CreatePolicyRuleHttpController_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    GetPolicyRuleHttpController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
                ruleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    UpdatePolicyRuleHttpController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
                ruleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DeletePolicyRuleHttpController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
                ruleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangePolicyRuleStatusHttpController_activate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
                ruleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangePolicyRuleStatusHttpController_deactivate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                as: string;
                policyId: string;
                ruleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
    ListClientsHttpController_list: {
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
                content?: never;
            };
        };
    };
    RegisterClientHttpController_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    GetClientHttpController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    UpdateClientHttpController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DeleteClientHttpController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListClientSecretsHttpController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AddClientSecretHttpController_add: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListClientSecretsHttpController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
                secretId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangeClientSecretHttpController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
                secretId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangeClientSecretHttpController_activate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
                secretId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangeClientSecretHttpController_deactivate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
                secretId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ActivateClientHttpController_activate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DeactivateClientHttpController_deactivate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RotateClientSecretHttpController_rotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000007: no such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000007: no such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000001: the change conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
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
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
        };
    };
    ListTrustedOriginsHttpController_list: {
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
                content?: never;
            };
        };
    };
    CreateTrustedOriginHttpController_create: {
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
                content?: never;
            };
        };
    };
    GetTrustedOriginHttpController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    UpdateTrustedOriginHttpController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DeleteTrustedOriginHttpController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangeTrustedOriginStatusHttpController_activate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangeTrustedOriginStatusHttpController_deactivate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listUserTokens: {
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
        };
    };
    revokeUserTokens: {
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
            /** @description E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000011: the credential is missing or wrong */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
            /** @description E0000010: the store is unreachable or the ledger failed verification (`Retry-After`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagementErrorDto"];
                };
            };
        };
    };
    ListUserClientsHttpController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListUserTokensHttpController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RevokeUserTokensHttpController_revokeAll: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
                clientId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    GetUserTokenHttpController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
                clientId: string;
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RevokeUserTokenHttpController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
                clientId: string;
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
