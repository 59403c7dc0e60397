import { redactSubjectPath } from './pino-logging';

describe('redactSubjectPath (no subject in a request line)', () => {
  it.each([
    ['/api/v1/subjects/alice%40example.com', '/api/v1/subjects/{sub}'],
    ['/api/v1/audit/subjects/alice/families', '/api/v1/audit/subjects/{sub}/families'],
    ['/api/v1/users/00u_alice/clients/web/tokens/fam1', '/api/v1/users/{sub}/clients/web/tokens/fam1'],
    ['/api/v1/users/alice/tokens', '/api/v1/users/{sub}/tokens'],
  ])('%s -> %s', (path, logged) => {
    expect(redactSubjectPath(path)).toBe(logged);
  });

  it('leaves every other route as it is', () => {
    for (const path of ['/oauth2/default/v1/token', '/api/v1/clients/web', '/api/v1/audit/families/fam1/events', '/api/v1/ops/families']) {
      expect(redactSubjectPath(path)).toBe(path);
    }
  });
});
