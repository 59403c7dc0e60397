import 'reflect-metadata';
import fc from 'fast-check';
import type { ClassConstructor } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { InvalidRequestError } from '../oauth-errors/oauth-errors';
import { compiledFormOf, parseBody, parseBodySlowly } from './form';
import { TokenRequestDto } from '../token-families/token-endpoint/token-request.dto';
import { ProjectionWaitRequestDto } from '../ops/list-projections/list-projections.request.dto';
import { RevokeSubjectTokensRequestDto } from '../ops/revoke-subject-tokens/revoke-subject-tokens.request.dto';
import { ListFamiliesRequestDto } from '../ops/list-families/list-families.request.dto';
import { IssueTokensRequestDto } from '../token-families/issue-tokens/issue-tokens.request.dto';
import { RevokeTokenRequestDto } from '../token-families/revoke-token/revoke-token.request.dto';
import { IntrospectTokenRequestDto } from '../token-families/introspect-token/introspect-token.request.dto';
import { TokenWhyRequestDto } from '../audit/token-why/token-why.request.dto';
import { RotateSigningKeyRequestDto } from '../signing-keys/rotate-signing-key/rotate-signing-key.request.dto';
import { CreatePolicyRequestDto } from '../authorization-servers/create-policy/create-policy.request.dto';
import { UpdatePolicyRuleRequestDto } from '../authorization-servers/update-policy-rule/update-policy-rule.request.dto';
import { CreatePolicyRuleRequestDto } from '../authorization-servers/create-policy-rule/create-policy-rule.request.dto';
import { UpdateAuthorizationServerRequestDto } from '../authorization-servers/update-authorization-server/update-authorization-server.request.dto';
import { UpdatePolicyRequestDto } from '../authorization-servers/update-policy/update-policy.request.dto';
import { CreateAuthorizationServerRequestDto } from '../authorization-servers/create-authorization-server/create-authorization-server.request.dto';
import { ExplainPolicyRequestDto } from '../authorization-servers/explain-policy/explain-policy.request.dto';
import { ListClientsRequestDto } from '../clients/list-clients/list-clients.request.dto';
import { ClientMetadataRequestDto } from '../clients/shared/client-metadata.request.dto';
import { UpdateClientRequestDto } from '../clients/update-client/update-client.request.dto';
import { RegisterClientRequestDto } from '../clients/register-client/register-client.request.dto';

/** Every request DTO of the service: the compiled path must agree with validateSync on each. */
const DTOS: ReadonlyArray<ClassConstructor<object>> = [TokenRequestDto, ProjectionWaitRequestDto, RevokeSubjectTokensRequestDto, ListFamiliesRequestDto, IssueTokensRequestDto, RevokeTokenRequestDto, IntrospectTokenRequestDto, TokenWhyRequestDto, RotateSigningKeyRequestDto, CreatePolicyRequestDto, UpdatePolicyRuleRequestDto, CreatePolicyRuleRequestDto, UpdateAuthorizationServerRequestDto, UpdatePolicyRequestDto, CreateAuthorizationServerRequestDto, ExplainPolicyRequestDto, ListClientsRequestDto, ClientMetadataRequestDto, UpdateClientRequestDto, RegisterClientRequestDto];

function slow(dto: ClassConstructor<object>, body: object): { ok: true; value: object } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: parseBodySlowly(dto, body) };
  } catch (error) {
    return { ok: false, error };
  }
}

function propertiesOf(dto: ClassConstructor<object>): string[] {
  return [...new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false, undefined).map((m) => m.propertyName))];
}

/** Values a form or JSON body can carry, biased to the edges of the DTOs' constraints. */
const value = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(''),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ minLength: 120, maxLength: 135 }),
  fc.string({ minLength: 250, maxLength: 260 }),
  fc.string({ minLength: 500, maxLength: 520 }),
  fc.array(fc.constantFrom('openid', 'offline_access', 'profile', 'a"b', 'x\\y', ''), { maxLength: 4 }).map((a) => a.join(' ')),
  fc.constantFrom('refresh_token', 'client_credentials', 'access_token', 'ROTATE', 'STATIC', 'ACTIVE', 'client_secret_basic', 'none', 'https://app.example/cb', '10', '-1', '1.5', 'true'),
  fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 3 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
);

describe('parseBody: the compiled constraints agree with validateSync', () => {
  it('compiles the hot OAuth forms (token, introspect, revoke)', () => {
    for (const dto of [TokenRequestDto, IntrospectTokenRequestDto, RevokeTokenRequestDto]) expect(compiledFormOf(dto)).not.toBeNull();
  });

  it.each(DTOS.map((dto) => [dto.name, dto] as const))('%s: accepts exactly what validateSync accepts, with the same instance (property)', (_name, dto) => {
    const compiled = compiledFormOf(dto);
    const known = propertiesOf(dto);
    const key = fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: known.length + 2 }), (body) => {
        const expected = slow(dto, body);
        if (compiled === null) return;
        const fast = compiled(body);
        if (fast === undefined) {
          // The compiled path only answers bodies it proves valid; everything else is the slow path's.
          expect(expected.ok).toBe(false);
          return;
        }
        expect(expected.ok).toBe(true);
        if (!expected.ok) return;
        expect(Object.getPrototypeOf(fast)).toBe(dto.prototype);
        expect(fast).toEqual(expected.value);
        expect(parseBody(dto, body)).toEqual(expected.value);
      }),
      { numRuns: 400 },
    );
  });

  it('still answers the first invalid parameter as the OAuth error validateSync names', () => {
    expect(() => parseBody(TokenRequestDto, { grant_type: ['refresh_token', 'x'] })).toThrow("The 'grant_type' parameter must not be repeated.");
    expect(() => parseBody(TokenRequestDto, { scope: 'openid' })).toThrow("The 'grant_type' parameter is required.");
    expect(() => parseBody(TokenRequestDto, { grant_type: 'refresh_token', scope: 'a  b' })).toThrow(InvalidRequestError);
  });

  it('drops unknown parameters, as RFC 6749 §3.2 requires', () => {
    const form = parseBody(TokenRequestDto, { grant_type: 'refresh_token', refresh_token: 'x', extra: 'ignored' });
    expect(form).toBeInstanceOf(TokenRequestDto);
    expect(form).toEqual(expect.objectContaining({ grant_type: 'refresh_token', refresh_token: 'x' }));
    expect(form).not.toHaveProperty('extra');
  });
});
