import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { RefreshTokenCodec, refreshTokenHash } from './refresh-token-codec';

const SERVER_KEY = Buffer.alloc(32, 7);
const FAMILY = 'fam_Q2xpZW50LTE-x';

/** A token of FAMILY at sequence 0 with 32 bytes of 0xab as its secret, tagged under SERVER_KEY. */
const KNOWN_SECRET = 'q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s';
const KNOWN_TOKEN = `tlr1.${FAMILY}.0.${KNOWN_SECRET}.HUVjNjxlNIR6CfvxxPiXEw`;
/** Its successor under SERVER_KEY, computed once with the v1 derivation and pinned here. */
const KNOWN_SUCCESSOR = `tlr1.${FAMILY}.1.pAkNhjGfNM0_KPTR_S0-R0gJb_FgaKB3KLairAo53So.NJJl5MCm1FOK8yWh8S9Crw`;

describe('RefreshTokenCodec', () => {
  const codec = new RefreshTokenCodec(SERVER_KEY);

  it('mints tlr1.<family>.0.<secret>.<tag> with a record holding only id, sequence and hash', () => {
    const minted = codec.mint(FAMILY);

    const [prefix, family, sequence, secret, tag, ...rest] = minted.token.split('.');
    expect([prefix, family, sequence, rest]).toStrictEqual(['tlr1', FAMILY, '0', []]);
    expect(Buffer.from(secret!, 'base64url')).toHaveLength(32);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(minted.record).toStrictEqual({
      id: `${FAMILY}.0`,
      sequence: 0,
      hash: createHash('sha256').update(secret!).digest('hex'),
    });
    expect(refreshTokenHash(secret!)).toBe(minted.record.hash);
  });

  it('mints a different secret every time', () => {
    expect(codec.mint(FAMILY).token).not.toBe(codec.mint(FAMILY).token);
  });

  it('parses what it minted (round trip)', () => {
    const minted = codec.mint(FAMILY);
    const parsed = codec.parse(minted.token);
    expect(parsed).not.toBeNull();
    expect(parsed!.familyId).toBe(FAMILY);
    expect(parsed!.sequence).toBe(0);
    expect(parsed!.id).toBe(minted.record.id);
    expect(parsed!.hash).toBe(minted.record.hash);
    expect(parsed!.secret).toBe(minted.token.split('.')[3]);
  });

  it('derives the successor deterministically: the same presented token always gives the same successor', () => {
    const presented = codec.mint(FAMILY).token;
    const a = codec.successorOf(codec.parse(presented)!);
    const b = codec.successorOf(codec.parse(codec.mint(FAMILY).token)!);
    // Presented again later, to another replica or after a restart: same server key, same answer.
    const again = new RefreshTokenCodec(Buffer.from(SERVER_KEY)).successorOf(new RefreshTokenCodec(SERVER_KEY).parse(presented)!);

    expect(codec.successorOf(codec.parse(presented)!).token).toBe(a.token);
    expect(again.token).toBe(a.token);
    expect(again.record).toStrictEqual(a.record);
    expect(a.token).not.toBe(b.token);
    expect(a.record.sequence).toBe(1);
    expect(a.record.id).toBe(`${FAMILY}.1`);
    expect(codec.parse(a.token)).toMatchObject({ familyId: FAMILY, sequence: 1, hash: a.record.hash });
  });

  it('chains: the successor of the successor has sequence 2 and is itself parseable', () => {
    const s1 = codec.successorOf(codec.parse(codec.mint(FAMILY).token)!);
    const s2 = codec.successorOf(codec.parse(s1.token)!);
    expect(s2.record.sequence).toBe(2);
    expect(codec.parse(s2.token)).toMatchObject({ id: `${FAMILY}.2`, hash: s2.record.hash });
    expect(new Set([s1.record.hash, s2.record.hash]).size).toBe(2);
  });

  // Known answers, computed once and pinned: a token issued before a deploy must still parse after
  // it, and a client retrying inside the leeway across a deploy must get the very successor the old
  // release handed out. A changed HKDF info string, prefix or layout changes these strings, which
  // the round-trip tests cannot see (they mint and parse with the same code).
  it('authenticates a fixed token tagged with the v1 tag key (known answer)', () => {
    const parsed = codec.parse(KNOWN_TOKEN);

    expect(parsed?.secret).toBe(KNOWN_SECRET);
    expect(JSON.parse(JSON.stringify(parsed))).toStrictEqual({
      familyId: FAMILY,
      sequence: 0,
      id: `${FAMILY}.0`,
      hash: '0e9477cf4605be3c22f072fbb33a598877b51ec0a097d964bf06694de0fc497e',
    });
  });

  it('derives the v1 successor of a fixed token (known answer)', () => {
    const successor = codec.successorOf(codec.parse(KNOWN_TOKEN)!);

    expect(successor.token).toBe(KNOWN_SUCCESSOR);
    expect(successor.record).toStrictEqual({
      id: `${FAMILY}.1`,
      sequence: 1,
      hash: '0bd675aaa656ff4f0fdd756f320f342aa33252bc14d2a192306aedc160b992bf',
    });
  });

  it('mints in the released layout: a minted token equals one tagged independently under the tag key', () => {
    const minted = codec.mint(FAMILY);
    const secret = minted.token.split('.')[3]!;
    expect(minted.token).toBe(forgeWithKey(FAMILY, '0', secret));
  });

  it('derives successors under the server key: another key yields another successor', () => {
    const other = new RefreshTokenCodec(Buffer.alloc(32, 8));
    const token = codec.mint(FAMILY).token;
    expect(other.parse(token)).toBeNull();
    expect(other.successorOf(codec.parse(token)!).token).not.toBe(codec.successorOf(codec.parse(token)!).token);
  });

  it('rejects every single-character change of a valid token', () => {
    const token = codec.successorOf(codec.parse(codec.mint(FAMILY).token)!).token;
    for (let i = 0; i < token.length; i += 1) {
      for (const replacement of ['A', 'x', '0', '_', '.']) {
        if (token[i] === replacement) continue;
        const changed = `${token.slice(0, i)}${replacement}${token.slice(i + 1)}`;
        expect(codec.parse(changed)).toBeNull();
      }
    }
  });

  it('rejects a token whose family or sequence was changed', () => {
    const [prefix, , sequence, secret, tag] = codec.mint(FAMILY).token.split('.');
    expect(codec.parse([prefix, 'otherFamily', sequence, secret, tag].join('.'))).toBeNull();
    expect(codec.parse([prefix, FAMILY, '1', secret, tag].join('.'))).toBeNull();
  });

  // Equivalent mutant left alive: line 110 `presented.length !== expected.length` -> `false`. The
  // pattern admits only 22-character tags, which always decode to 16 bytes, the length of the
  // expected tag; the check only keeps timingSafeEqual from throwing should the pattern change.
  it('rejects a token minted under another server key', () => {
    expect(new RefreshTokenCodec(randomBytes(32)).parse(codec.mint(FAMILY).token)).toBeNull();
  });

  it.each([
    ['a leading zero', '01'],
    ['a negative sequence', '-1'],
    ['a sign', '+1'],
    ['a huge sequence', '99999999999999999999'],
    ['a sequence beyond 2^53', '9007199254740993'],
    // Number() reads 2^53 exactly, so only the safe-integer check refuses it (the tag matches).
    ['the first unsafe sequence, 2^53', '9007199254740992'],
    ['an even 16-digit sequence above 2^53, read exactly by Number()', '9999999999999998'],
    ['a fractional sequence', '1.5'],
    ['an exponent', '1e3'],
    ['an empty sequence', ''],
  ])('rejects %s even with a correctly computed tag', (_case, sequence) => {
    // The tag is recomputed the way the codec would, so only the syntax check stands in the way.
    const secret = randomBytes(32).toString('base64url');
    expect(codec.parse(forgeWithKey(FAMILY, sequence, secret))).toBeNull();
  });

  it('rejects a non-canonical secret spelling (same bytes, unused low bits set) even with a correct tag', () => {
    const secret = randomBytes(32).toString('base64url');
    expect(codec.parse(forgeWithKey(FAMILY, '0', secret))).not.toBeNull();
    expect(codec.parse(forgeWithKey(FAMILY, '0', nonCanonical(secret)))).toBeNull();
  });

  it('accepts the forging helper on a valid sequence (so the cases above test syntax, not the helper)', () => {
    const secret = randomBytes(32).toString('base64url');
    expect(codec.parse(forgeWithKey(FAMILY, '12', secret))).toMatchObject({ sequence: 12 });
  });

  it('accepts the largest safe sequence, 2^53 - 1', () => {
    const secret = randomBytes(32).toString('base64url');
    expect(codec.parse(forgeWithKey(FAMILY, '9007199254740991', secret))).toMatchObject({
      sequence: Number.MAX_SAFE_INTEGER,
      id: `${FAMILY}.9007199254740991`,
    });
  });

  it('rotates up to sequence 2^53 - 1 and refuses to rotate past it', () => {
    const secret = randomBytes(32).toString('base64url');
    const last = codec.successorOf(codec.parse(forgeWithKey(FAMILY, '9007199254740990', secret))!);
    expect(codec.parse(last.token)).toMatchObject({ sequence: Number.MAX_SAFE_INTEGER, hash: last.record.hash });

    // One more would be 2^53, which a token cannot carry (parse refuses it): refused here, not wrapped.
    expect(() => codec.successorOf(codec.parse(last.token)!)).toThrow(
      expect.objectContaining({ code: 'token_crypto_argument_invalid', argument: 'parsed.sequence', reason: 'cannot be incremented' }),
    );
  });

  it('accepts a family id of 64 characters from the whole base64url alphabet and refuses 65', () => {
    const longest = `AZaz09_-${'k'.repeat(56)}`;
    const minted = codec.mint(longest);
    expect(codec.parse(minted.token)).toMatchObject({ familyId: longest, sequence: 0 });
    expect(codec.parse(codec.successorOf(codec.parse(minted.token)!).token)).toMatchObject({ familyId: longest, sequence: 1 });

    expect(() => codec.mint(`${longest}k`)).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid', argument: 'familyId' }));
    // Even with a correct tag, the syntax check refuses the longer family.
    expect(codec.parse(forgeWithKey(`${longest}k`, '0', randomBytes(32).toString('base64url')))).toBeNull();
  });

  // Equivalent mutant left alive: line 102 `token.length > MAX_TOKEN_LENGTH` -> `>=`. The longest
  // token the pattern admits is 153 characters (5 + 64 + 1 + 16 + 1 + 43 + 1 + 22), so a string of
  // exactly 256 is refused by the pattern either way; no input can tell the two apart.
  it('refuses input longer than 256 characters before matching it against anything', () => {
    // The cap bounds the work an unauthenticated caller can cause; no valid token is over ~150.
    const tooLong = `${codec.mint(FAMILY).token}${'A'.repeat(100)}`.padEnd(257, 'A');
    const exec = jest.spyOn(RegExp.prototype, 'exec');

    const parsed = codec.parse(tooLong);
    const matched = exec.mock.calls.length;
    exec.mockRestore();

    expect(tooLong).toHaveLength(257);
    expect(parsed).toBeNull();
    expect(matched).toBe(0);
  });

  it.each([
    ['empty', ''],
    ['garbage', 'hello'],
    ['another version prefix', codec.mint(FAMILY).token.replace(/^tlr1/, 'tlr2')],
    ['a trailing dot', `${codec.mint(FAMILY).token}.`],
    ['whitespace', ` ${codec.mint(FAMILY).token}`],
    ['too long', `tlr1.${'a'.repeat(300)}.0.x.y`],
  ])('returns null for %s', (_case, token) => {
    expect(codec.parse(token)).toBeNull();
  });

  it('returns null for non-strings', () => {
    expect(codec.parse(undefined as unknown as string)).toBeNull();
    expect(codec.parse(42 as unknown as string)).toBeNull();
  });

  it('refuses a malformed family id and a short server key', () => {
    expect(() => codec.mint('has.dot')).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid' }));
    expect(() => codec.mint('')).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid' }));
    expect(() => new RefreshTokenCodec(Buffer.alloc(16))).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid' }));
  });

  it.each([
    // The pattern alone would accept these once coerced to strings ("undefined", "12345").
    ['undefined', undefined],
    ['a number', 12345],
    ['a family id with a dot', 'has.dot'],
  ])('refuses to mint for %s, naming the argument', (_case, familyId) => {
    expect(() => codec.mint(familyId as unknown as string)).toThrow(
      expect.objectContaining({ code: 'token_crypto_argument_invalid', argument: 'familyId', reason: 'must be 1 to 64 base64url characters' }),
    );
  });

  it.each([
    ['31 bytes', Buffer.alloc(31, 7)],
    // Long enough, but not a Buffer: node:crypto would take either as key material without complaint.
    ['a 32-character string', 'k'.repeat(32)],
    ['a 32-byte Uint8Array', new Uint8Array(32).fill(7)],
  ])('refuses a server key of %s', (_case, serverKey) => {
    expect(() => new RefreshTokenCodec(serverKey as unknown as Buffer)).toThrow(
      expect.objectContaining({ code: 'token_crypto_argument_invalid', argument: 'serverKey', reason: 'must be a Buffer of at least 32 bytes' }),
    );
  });

  it('accepts a server key of exactly 32 bytes', () => {
    const exact = new RefreshTokenCodec(Buffer.alloc(32, 9));
    expect(exact.parse(exact.mint(FAMILY).token)).not.toBeNull();
  });

  it('keeps the secret out of JSON.stringify, util.inspect and spreads of a parsed token', () => {
    const minted = codec.mint(FAMILY);
    const parsed = codec.parse(minted.token)!;
    const secret = parsed.secret;

    const renderings = [
      JSON.stringify(parsed),
      JSON.stringify({ parsed }),
      inspect(parsed, { showHidden: true, depth: Infinity, getters: true }),
      inspect({ parsed }, { showHidden: true, depth: Infinity }),
      JSON.stringify({ ...parsed }),
    ];
    for (const rendered of renderings) expect(rendered).not.toContain(secret);
    expect(Object.keys(parsed)).not.toContain('secret');
    expect(inspect(parsed)).toBe(`ParsedRefreshToken { id: '${FAMILY}.0' }`);
    expect(JSON.parse(JSON.stringify(parsed))).toStrictEqual({ familyId: FAMILY, sequence: 0, id: `${FAMILY}.0`, hash: minted.record.hash });
  });

  it('keeps the raw token out of JSON.stringify and util.inspect of a minted token', () => {
    const minted = codec.mint(FAMILY);
    const secret = minted.token.split('.')[3]!;
    expect(JSON.parse(JSON.stringify(minted))).toStrictEqual({ record: minted.record });
    expect(inspect(minted, { showHidden: true, depth: Infinity })).not.toContain(secret);
    expect(inspect(minted)).toBe(`MintedRefreshToken { id: '${FAMILY}.0' }`);
    expect(minted.token).toContain(secret);
  });

  it('freezes the record, so the event built from it cannot be changed through the minted token', () => {
    const minted = codec.mint(FAMILY);
    expect(Object.isFrozen(minted.record)).toBe(true);
    expect(Object.isFrozen(codec.successorOf(codec.parse(minted.token)!).record)).toBe(true);
  });

  it('shows no key material for the codec itself', () => {
    expect(JSON.stringify(codec)).toBe('{}');
    expect(inspect(codec, { showHidden: true })).toBe('RefreshTokenCodec {}');
  });
});

/** Computes a tag exactly as the codec does, to show that syntax checks alone reject a token. */
function forgeWithKey(familyId: string, sequence: string, secret: string): string {
  const tagKey = Buffer.from(hkdfSync('sha256', SERVER_KEY, Buffer.alloc(0), 'token-ledger refresh-token tag v1', 32));
  const body = `tlr1.${familyId}.${sequence}.${secret}`;
  return `${body}.${createHmac('sha256', tagKey).update(body).digest().subarray(0, 16).toString('base64url')}`;
}

/** The same 32 bytes with the unused low bits of the last character set: decodes equal, spelled differently. */
function nonCanonical(secret: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const spelled = `${secret.slice(0, -1)}${alphabet[alphabet.indexOf(secret.at(-1)!) + 1]!}`;
  if (!Buffer.from(spelled, 'base64url').equals(Buffer.from(secret, 'base64url'))) throw new Error('helper broken');
  return spelled;
}
