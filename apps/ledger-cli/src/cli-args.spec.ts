import { parseArgs } from './cli-args';

describe('parseArgs', () => {
  it('a flag never takes the next word: `history --json <familyId>` keeps the id as an argument', () => {
    const args = parseArgs(['history', '--json', 'fam_1']);
    expect(args.positional).toEqual(['history', 'fam_1']);
    expect(args.options.get('json')).toBe(true);
    expect(parseArgs(['projections', 'rebuild', '--service-stopped', 'token_families']).positional).toEqual(['projections', 'rebuild', 'token_families']);
  });

  it('an option takes the next word, `-` included (read from stdin), unless it is another option', () => {
    expect(parseArgs(['why', '--token', '-', '--json']).options).toEqual(new Map<string, string | true>([['token', '-'], ['json', true]]));
    expect(parseArgs(['state', 'f', '--at', '2026-01-01T00:00:00Z']).options.get('at')).toBe('2026-01-01T00:00:00Z');
    expect(parseArgs(['verify', '--stream', '--json']).options.get('stream')).toBe(true);
  });
});
