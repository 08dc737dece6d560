import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact } from '..';
import { perturbCorpus, stretchCorpus } from '../../../scripts/perturb-corpus';
import { BARS, leaks, missedBars, readCorpus, scoreCorpus } from '../../../scripts/score-redaction';

// The evaluation corpus beside the checkout (shared/corpus/README.md). CI always has it; the test fails without it.
const CORPUS = resolve(__dirname, '../../../../shared/corpus/dev.jsonl');

describe('Layer 1 on the dev corpus (issue 3 quality bars)', () => {
  it('meets every bar: recall ≥ 0.99 overall and ≥ 0.97 per category, IP/e-mail ≥ 0.99, benign kept ≥ 0.97', () => {
    expect(existsSync(CORPUS), `corpus missing at ${CORPUS}`).toBe(true);
    const score = scoreCorpus(readCorpus(CORPUS));
    expect(score.records).toBe(180);
    expect(missedBars(score)).toEqual([]);
    expect(score.recall).toBeGreaterThanOrEqual(BARS.overall);
    expect(score.fullLeaks).toBe(0);
    expect(score.benignKeptRatio).toBeGreaterThanOrEqual(BARS.benign);
    for (const t of Object.values(score.byCategory)) expect(t.secrets).toBeGreaterThan(0);
  });

  it('is idempotent and never fails closed on any corpus record', () => {
    for (const r of readCorpus(CORPUS)) {
      const once = redact(r.text);
      expect(once.text).not.toBe('[REDACTION_FAILED]');
      expect(redact(once.text).text).toBe(once.text);
    }
  });

  it('the scorer itself counts a leak when a value survives (a test that can fail)', () => {
    const [first] = readCorpus(CORPUS);
    const broken = scoreCorpus([{ ...first!, secrets: [{ value: 'APP_ENV', category: 'PASSWORD' }] }]);
    expect(broken.recall).toBe(0);
    expect(missedBars(broken).length).toBeGreaterThan(0);
  });

  it('meets every bar on perturbed copies too: every labelled value replaced by another of the same shape', () => {
    const records = readCorpus(CORPUS);
    for (const seed of [11, 12, 13]) {
      const perturbed = perturbCorpus(records, seed);
      const score = scoreCorpus(perturbed);
      expect(missedBars(score), `seed ${seed}`).toEqual([]);
      expect(score.fullLeaks, `seed ${seed}`).toBe(0);
      expect(score.benign).toBe(1021);
    }
  });

  it('meets every bar with passwords, user, person and host names and e-mails 0.7× and 1.6× as long', () => {
    const records = readCorpus(CORPUS);
    for (const factor of [0.7, 1.6]) {
      const stretched = stretchCorpus(records, 11, factor);
      const changed = stretched.flatMap((r, i) =>
        r.secrets.filter((s, k) => s.value !== records[i]!.secrets[k]!.value),
      );
      expect(changed.length, `×${factor}`).toBeGreaterThan(600);
      const score = scoreCorpus(stretched);
      expect(missedBars(score), `×${factor}`).toEqual([]);
      expect(score.fullLeaks, `×${factor}`).toBe(0);
    }
  });

  it('the perturbation changes values: a redactor that only knows the corpus values fails it (a test that can fail)', () => {
    const records = readCorpus(CORPUS);
    const known = [...new Set(records.flatMap((r) => r.secrets.map((s) => s.value)))].sort(
      (a, b) => b.length - a.length,
    );
    const dictionary = (text: string): string => known.reduce((t, v) => t.split(v).join('[X]'), text);
    const recall = (rs: typeof records): number => {
      let kept = 0;
      let total = 0;
      for (const r of rs) {
        const out = dictionary(r.text);
        for (const s of r.secrets) {
          total++;
          if (!leaks(s.value, s.category, out)) kept++;
        }
      }
      return kept / total;
    };
    expect(recall(records)).toBe(1);
    const perturbed = perturbCorpus(records, 11);
    expect(recall(perturbed)).toBeLessThan(0.5);
    const changed = perturbed.flatMap((r, i) => r.secrets.filter((s, k) => s.value !== records[i]!.secrets[k]!.value));
    expect(changed.length).toBeGreaterThan(1000);
  });
});
