import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Candidate, sortByStart } from '../candidates';

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
