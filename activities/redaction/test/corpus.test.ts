import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact } from '..';
import { BARS, missedBars, readCorpus, scoreCorpus } from '../../../scripts/score-redaction';

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
});
