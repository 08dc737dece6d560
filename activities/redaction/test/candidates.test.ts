import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  GENERIC_LOGIN_WORDS,
  SYSTEM_ACCOUNTS,
  charTable,
  isSystemAccount,
  lineStartsWhere,
  literalOccurrences,
  sortByStart,
} from '../candidates';
import { hexColonAnchors } from '../network';
import { pgpassLines } from '../rules';
import { processAndFileOwners } from '../scanners';

/** Random text over a small alphabet, so anchors, line breaks and near-misses are dense. */
const textOf = (chars: readonly string[], maxLength = 300): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...chars), { maxLength }).map((a) => a.join(''));

describe('literalOccurrences', () => {
  it('finds exactly the matches of a global regex alternation of the literals, with which literal matched', () => {
    const lits = ['@', '%40', '\\u0040'];
    fc.assert(
      fc.property(textOf(['@', '%', '4', '0', '\\', 'u', 'a', '%40', '\\u0040']), (t) => {
        const want: number[] = [];
        for (const m of t.matchAll(/@|%40|\\u0040/g)) want.push(m.index, lits.indexOf(m[0]));
        expect(literalOccurrences(t, lits)).toEqual(want);
      }),
      { numRuns: 3000, seed: 5 },
    );
  });
});

describe('hexColonAnchors', () => {
  it('finds exactly the matches of /:[0-9A-Fa-f]{0,4}:/g', () => {
    fc.assert(
      fc.property(textOf([':', '::', 'a', 'F', '0', '9', 'g', '12', ' ', '.']), (t) => {
        const want: number[] = [];
        for (const m of t.matchAll(/:[0-9A-Fa-f]{0,4}:/g)) want.push(m.index, m[0].length);
        expect(hexColonAnchors(t)).toEqual(want);
      }),
      { numRuns: 3000, seed: 9 },
    );
  });
});

describe('lineStartsWhere', () => {
  it('is every position a multiline ^ matches at whose unit is in the table', () => {
    const first = charTable('d-');
    fc.assert(
      fc.property(textOf(['d', '-', 'x', '\n', '\r', '\r\n', '\u2028', '\u2029', ' ']), (t) => {
        const want = [...t.matchAll(/^[-d]/gm)].map((m) => m.index);
        expect(lineStartsWhere(t, first)).toEqual(want);
      }),
      { numRuns: 3000, seed: 6 },
    );
  });
});

describe('line-start scanners against their multiline-regex form', () => {
  const run = (scan: typeof pgpassLines, t: string): string[] => {
    const out: string[] = [];
    scan(t, (c) => out.push(`${c.rule}:${c.start}-${c.end}`));
    return out;
  };

  /** pgpassLines as it was: one /gm scan (the oracle for the sticky line-start form). */
  const pgpassOracle: typeof pgpassLines = (text, emit) => {
    // an entry may be commented out (`#` and blanks before it), and numbered as `cat -n` or `grep -n` print it
    const re =
      /^(# *(?: {0,8}\d{1,9}\t|(?:[^\s:]{1,255}:)?\d{1,9}[:-](?=[^\s:]{1,255}:(?:\d{1,5}|\*):))?|(?: {0,8}\d{1,9}\t|(?:[^\s:]{1,255}:)?\d{1,9}[:-](?=[^\s:]{1,255}:(?:\d{1,5}|\*):)))?((?:[^:\s#\\]|\\.){1,255}):(\d{1,5}|\*):((?:[^:\s\\]|\\.){1,128}):((?:[^:\s\\]|\\.){1,128}):((?:[^\n\\]|\\.){1,512})$/gm;
    if (!/:(?:\d{1,5}|\*):/.test(text)) return;
    const matches = [...text.matchAll(re)];
    if (matches.length === 0) return;
    const onlyLine = (start: number): boolean =>
      text
        .split('\n')
        .map((l, i, all) => [all.slice(0, i).reduce((n, x) => n + x.length + 1, 0), l] as const)
        .every(([at, l]) => at === start || l.trim() === '' || l.trim().startsWith('#'));
    const base = (m: RegExpMatchArray): number => m.index! + (m[1]?.length ?? 0);
    if (matches.length < 2 && !/pgpass/i.test(text) && !onlyLine(base(matches[0]!))) return;
    for (const m of matches) {
      const userStart = base(m) + m[2]!.length + 1 + m[3]!.length + 1 + m[4]!.length + 1;
      const passStart = userStart + m[5]!.length + 1;
      emit({
        start: passStart,
        end: passStart + m[6]!.trimEnd().length,
        category: 'PASSWORD',
        rule: 'pgpass-password',
        priority: 77,
      });
      if (!isSystemAccount(m[5]!))
        emit({ start: userStart, end: userStart + m[5]!.length, category: 'USER', rule: 'pgpass-user', priority: 77 });
    }
  };

  it('pgpassLines finds what the /gm scan finds', () => {
    const field = fc.constantFrom(
      'db',
      'h.example',
      '*',
      '5432',
      'u\\:x',
      'p#w',
      'a b',
      '\u00a0',
      '\\',
      'x'.repeat(130),
      'x'.repeat(256),
      'a\\ b',
      'pgpass',
    );
    const junk = fc
      .array(fc.oneof(field, fc.constantFrom(':', ':', ' ', '#', '\t')), { maxLength: 12 })
      .map((a) => a.join(''));
    // host:port:database:user:password with the same fields, so most lines come close to the format
    const entry = fc.tuple(field, fc.constantFrom('5432', '*', 'x'), field, field, field).map((f) => f.join(':'));
    const line = fc.oneof(junk, entry, entry);
    const text = fc
      .array(fc.tuple(line, fc.constantFrom('\n', '\r\n', '\r', '\u2028')), { maxLength: 8 })
      .map((ls) => ls.map(([l, nl]) => l + nl).join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(run(pgpassLines, t)).toEqual(run(pgpassOracle, t));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  /** processAndFileOwners as it was: both gates as /^…/m regexes (the oracle for the line-start form). */
  const ownersOracle: typeof processAndFileOwners = (text, emit) => {
    const psHeader = /^USER[ \t]+PID[ \t]+%CPU/m.exec(text);
    if (psHeader) {
      const re = /^([A-Za-z_][A-Za-z0-9._+-]{0,31})[ \t]+\d{1,10}[ \t]+\d{1,3}\.\d/gm;
      for (const m of text.matchAll(re)) {
        if (m.index < psHeader.index) continue;
        const v = m[1]!.replace(/\+$/, '');
        if (!isSystemAccount(v) && v !== 'USER')
          emit({ start: m.index, end: m.index + v.length, category: 'USER', rule: 'ps-user-column', priority: 55 });
      }
    }
    const ls =
      /^[-dlcbps][rwxsStT-]{9}[.+@]?[ \t]{1,8}\d{1,6}[ \t]{1,8}([A-Za-z_][A-Za-z0-9._-]{0,31})[ \t]{1,8}([A-Za-z_][A-Za-z0-9._-]{0,31})[ \t]{1,8}\d/gm;
    if (!/^[-d][rwx-]{9}/m.test(text)) return;
    for (const m of text.matchAll(ls)) {
      const ownerStart = m.index + m[0].indexOf(m[1]!, 11);
      if (!isSystemAccount(m[1]!))
        emit({
          start: ownerStart,
          end: ownerStart + m[1]!.length,
          category: 'USER',
          rule: 'ls-owner-column',
          priority: 55,
        });
      const groupStart = text.indexOf(m[2]!, ownerStart + m[1]!.length);
      if (!isSystemAccount(m[2]!) && groupStart >= 0)
        emit({
          start: groupStart,
          end: groupStart + m[2]!.length,
          category: 'USER',
          rule: 'ls-group-column',
          priority: 55,
        });
    }
  };

  it('processAndFileOwners finds what its /^…/m form finds', () => {
    const piece = fc.constantFrom(
      'USER       PID %CPU %MEM\n',
      'USER PID %CPU',
      'alice     1234  0.0  0.1 x\n',
      '-rw-r--r-- 1 alice devs 42 Jan 1 f\n',
      'lrwxrwxrwx 1 carol carol 7 Jan 1 l\n',
      'drwxr-xr-x 2 bob bob 4096 Jan 1 d\r\n',
      'drwx',
      '\n',
      '\r',
      '\u2029',
      'd',
      '-',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (ps) => {
        const t = ps.join('');
        expect(run(processAndFileOwners, t)).toEqual(run(ownersOracle, t));
      }),
      { numRuns: 3000, seed: 8 },
    );
  });
});

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
    return parts.length > 0 && parts.every((p) => GENERIC_LOGIN_WORDS.has(p) || /^\d{1,2}$/.test(p));
  };

  it('agrees with the regex form on logins built from accounts, generic words, digits, separators and case', () => {
    const piece = fc.constantFrom(
      ...['root', 'Root', 'user', 'APP', 'api', 'prod', 'replica', 'john', 'mysql', 'readonly', 'www-data', 'ec2-user'],
      ...['TRUE', 'Nil', 'none', '-', '_', '.', '0', '42', '468', 'é', 'İ', 'ſ', 'K', ' ', 'x'],
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
    for (const v of ['pmartin', 'j.doe', 'billing_svc', 'acme-deploy-bot', 'readonly_468', 'replica_8304'])
      expect(isSystemAccount(v), v).toBe(false);
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
      'web-01',
      'celery',
      'gitlab-ci-token',
    ])
      expect(isSystemAccount(v), v).toBe(true);
  });
});
