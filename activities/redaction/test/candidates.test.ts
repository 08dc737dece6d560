import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Candidate, GENERIC_LOGIN_WORDS, SYSTEM_ACCOUNTS, isSystemAccount, sortByStart } from '../candidates';

describe('sortByStart (natural merge sort of candidates)', () => {
  it('orders exactly as the stable comparator sort: start, then longer first, ties in input order', () => {
    const cand = fc.record({ start: fc.integer({ min: 0, max: 40 }), len: fc.integer({ min: 1, max: 6 }) });
    fc.assert(
      fc.property(fc.array(cand, { maxLength: 200 }), (xs) => {
        const a: Candidate[] = xs.map((x, i) => ({
          start: x.start,
          end: x.start + x.len,
          category: 'IP',
          rule: `r${i}`,
          priority: 1,
        }));
        const want = a.slice().sort((x, y) => x.start - y.start || y.end - x.end);
        sortByStart(a);
        expect(a.map((c) => c.rule)).toEqual(want.map((c) => c.rule));
      }),
      { numRuns: 2000, seed: 3 },
    );
  });

  it('keeps ascending runs as they are and merges runs emitted by different rules', () => {
    const mk = (start: number, end: number, rule: string): Candidate => ({
      start,
      end,
      category: 'IP',
      rule,
      priority: 1,
    });
    const a = [mk(5, 9, 'a'), mk(20, 22, 'a'), mk(1, 3, 'b'), mk(5, 12, 'b'), mk(30, 31, 'b'), mk(5, 9, 'c')];
    sortByStart(a);
    expect(a.map((c) => `${c.rule}${c.start}-${c.end}`)).toEqual(['b1-3', 'b5-12', 'a5-9', 'c5-9', 'a20-22', 'b30-31']);
  });
});

describe('isSystemAccount', () => {
  /** The rule as regexes (the form it had before it became one pass): the oracle. */
  const oracle = (v: string): boolean => {
    const low = v.toLowerCase();
    if (SYSTEM_ACCOUNTS.has(low) || /^\d+$/.test(v) || /^(?:true|false|null|none|nil|-)$/i.test(v)) return true;
    const parts = low.split(/[-_.]+/).filter((p) => p.length > 0);
    return parts.length > 0 && parts.every((p) => GENERIC_LOGIN_WORDS.has(p) || /^\d+$/.test(p));
  };

  it('agrees with the regex form on logins built from accounts, generic words, digits, separators and case', () => {
    const piece = fc.constantFrom(
      ...['root', 'Root', 'user', 'APP', 'api', 'prod', 'replica', 'john', 'mysql', 'readonly', 'www-data', 'ec2-user'],
      ...['TRUE', 'Nil', 'none', '-', '_', '.', '0', '42', 'é', 'İ', 'ſ', 'K', ' ', 'x'],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (ps) => {
        const v = ps.join('');
        expect(isSystemAccount(v)).toBe(oracle(v));
      }),
      { numRuns: 5000, seed: 5 },
    );
  });

  it('keeps people and organisations, drops roles and non-logins', () => {
    for (const v of ['pmartin', 'j.doe', 'billing_svc', 'acme-deploy-bot']) expect(isSystemAccount(v), v).toBe(false);
    for (const v of [
      'root',
      'ROOT',
      'replica-user',
      'app_api',
      'readonly',
      '1001',
      'null',
      '-',
      'ec2-user',
      'ci-runner-2',
    ])
      expect(isSystemAccount(v), v).toBe(true);
  });
});
