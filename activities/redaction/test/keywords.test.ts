import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE64_MIN_RUN, KeywordAutomaton, LiteralAutomaton } from '../keywords';

/** Oracle: every (keyword, end) by case-insensitive indexOf. */
function naive(keywords: string[], text: string): string[] {
  const low = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const out: string[] = [];
  for (const k of new Set(keywords.map((x) => x.toLowerCase())))
    for (let i = low.indexOf(k); i >= 0; i = low.indexOf(k, i + 1)) out.push(`${k}@${i + k.length}`);
  return out.sort();
}

describe('KeywordAutomaton (Aho-Corasick prefilter)', () => {
  it('finds exactly what indexOf finds: overlapping, nested, case-insensitive', () => {
    const kw = fc.array(fc.stringMatching(/^[a-cA-C_:-]{1,4}$/), { minLength: 1, maxLength: 12 });
    const text = fc.stringMatching(/^[a-dA-D_: \n-]{0,200}$/);
    fc.assert(
      fc.property(kw, text, (keywords, t) => {
        const ac = new KeywordAutomaton(keywords);
        const got: string[] = [];
        ac.scan(t, (id, end) => got.push(`${ac.keywords[id]}@${end}`));
        expect(got.sort()).toEqual(naive(keywords, t));
      }),
      { numRuns: 500 },
    );
  });

  it('finds the same hits and base64 runs as the oracles in long texts with runs of every length', () => {
    // base64 runs of every length around the minimum, next to keyword text, spaces and a latin1 character
    const piece = fc.oneof(
      fc.stringMatching(/^[a-cA-C_:-]{1,6}$/),
      fc.constantFrom(' ', '\n', 'é'),
      fc.integer({ min: 1, max: 60 }).map((k) => 'QkFTRTY0'.repeat(8).slice(0, k)),
    );
    const kw = fc.array(fc.stringMatching(/^[a-cA-C_:-]{1,9}$/), { minLength: 1, maxLength: 12 });
    const text = fc.array(piece, { minLength: 40, maxLength: 400 }).map((p) => p.join(''));
    fc.assert(
      fc.property(kw, text, (keywords, t) => {
        const ac = new KeywordAutomaton(keywords);
        const got: string[] = [];
        const runs: number[] = [];
        ac.scan(t, (id, end) => got.push(`${ac.keywords[id]}@${end}`), runs);
        expect(got.sort()).toEqual(naive(keywords, t));
        const want: number[] = [];
        for (const m of t.matchAll(/[A-Za-z0-9+/]+/g))
          if (m[0].length >= BASE64_MIN_RUN) want.push(m.index, m.index + m[0].length);
        expect(runs).toEqual(want);
      }),
      { numRuns: 1000, seed: 11 },
    );
  });

  it('ignores characters outside ASCII and keeps indexes aligned after them', () => {
    const ac = new KeywordAutomaton(['token']);
    const hits: number[] = [];
    ac.scan('ä😀 TOKEN ţoken token', (_id, end) => hits.push(end));
    expect(hits).toEqual(['ä😀 TOKEN'.length, 'ä😀 TOKEN ţoken token'.length]);
  });

  it('collects base64 runs of the minimum length in the same pass', () => {
    const ac = new KeywordAutomaton(['x']);
    const run = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY';
    const text = `a ${run} ${'b'.repeat(BASE64_MIN_RUN - 1)} é${run}`;
    const runs: number[] = [];
    ac.scan(text, () => undefined, runs);
    expect(runs).toEqual([2, 2 + run.length, text.length - run.length, text.length]);
  });

  it('rejects empty and non-ASCII keywords', () => {
    expect(() => new KeywordAutomaton([''])).toThrow(/ASCII/);
    expect(() => new KeywordAutomaton(['pässword'])).toThrow(/ASCII/);
  });
});

/** Oracle: every (value, start) by case-sensitive indexOf. */
function naiveExact(values: string[], text: string): string[] {
  const out: string[] = [];
  for (const v of new Set(values))
    for (let i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + 1)) out.push(`${v}@${i}`);
  return out.sort();
}

describe('LiteralAutomaton (learned values)', () => {
  it('finds exactly what indexOf finds: overlapping, nested, case-sensitive, outside ASCII', () => {
    // units outside ASCII, outside Latin-1, and a surrogate pair (two units)
    const unit = (extra: string[]) => fc.constantFrom('a', 'b', 'A', 'B', '.', 'é', '€', '😀', ...extra);
    const values = fc.array(
      fc.array(unit([]), { minLength: 1, maxLength: 5 }).map((u) => u.join('')),
      { minLength: 1, maxLength: 12 },
    );
    const text = fc.array(unit(['c', ' ', '\n']), { maxLength: 300 }).map((u) => u.join(''));
    fc.assert(
      fc.property(values, text, (vs, t) => {
        const ac = new LiteralAutomaton(vs);
        const got: string[] = [];
        let lastEnd = -1;
        ac.scan(t, (k, start) => {
          const v = ac.values[k]!;
          expect(t.startsWith(v, start)).toBe(true);
          // reported in order of their ends
          expect(start + v.length).toBeGreaterThanOrEqual(lastEnd);
          lastEnd = start + v.length;
          got.push(`${v}@${start}`);
        });
        expect(got.sort()).toEqual(naiveExact(vs, t));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps duplicates once and rejects an empty value', () => {
    expect(new LiteralAutomaton(['jdoe', 'jdoe', 'Jdoe']).values).toEqual(['jdoe', 'Jdoe']);
    expect(() => new LiteralAutomaton(['jdoe', ''])).toThrow(/empty/);
  });

  it('works past 255 distinct code units (16-bit classes)', () => {
    const values = Array.from({ length: 300 }, (_, i) => String.fromCharCode(0x4e00 + i) + 'x');
    const text = values.join(' ');
    const got: number[] = [];
    new LiteralAutomaton(values).scan(text, (k) => got.push(k));
    expect(got).toEqual(values.map((_, i) => i));
  });
});
