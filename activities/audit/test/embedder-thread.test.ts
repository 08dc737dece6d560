import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDING_DIM, Embedder, cosine, defaultModelDir } from '../embedder';
import { ThreadedEmbedder, keepAlive } from '../embedder-thread';

const dir = defaultModelDir();
const installed = existsSync(join(dir, 'model.onnx')) && existsSync(join(dir, 'tokenizer.json'));

/** Longest gap (ms) between ticks of a 5 ms interval while `work` runs: how long the event loop was held. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const t = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(t);
  }
  return longest;
}

const texts = Array.from(
  { length: 48 },
  (_, i) => `request ${i} from [IP_REDACTED] failed: connection refused by upstream ${'on port 5432 '.repeat(i % 9)}`,
);

describe.runIf(installed)('ThreadedEmbedder (the ONNX model in a worker thread)', () => {
  let threaded: ThreadedEmbedder;
  let local: Embedder;
  beforeAll(async () => {
    [threaded, local] = await Promise.all([ThreadedEmbedder.load(dir), Embedder.load(dir)]);
  });
  afterAll(async () => {
    await threaded?.close();
  });

  it('returns the vectors the in-process embedder returns, in order, for concurrent calls', async () => {
    const [a, b] = await Promise.all([threaded.embed(texts.slice(0, 20)), threaded.embed(texts.slice(20))]);
    const expected = await local.embed(texts);
    const got = [...a, ...b];
    expect(got).toHaveLength(texts.length);
    got.forEach((v, i) => {
      expect(v).toHaveLength(EMBEDDING_DIM);
      expect(cosine(v, expected[i]!)).toBeCloseTo(1, 5);
    });
  });

  it('keeps the event loop free while it embeds (the in-process model holds it for each batch)', async () => {
    const long = Array.from({ length: 32 }, (_, i) => `${i} ${'connection refused by [IP_REDACTED] '.repeat(20)}`);
    const inProcess = await longestStall(() => local.embed(long));
    const inThread = await longestStall(() => threaded.embed(long));
    // relative, so a slow machine does not fail it: each in-process batch of 16 texts of 128 tokens holds the loop for
    // its whole model run (~0.9 s here), the thread's caller only for messages
    expect(inThread).toBeLessThan(inProcess / 2);
  });

  it('refuses a model directory whose files are missing, with the loader message', async () => {
    await expect(ThreadedEmbedder.load('/nonexistent')).rejects.toThrow(/fetch-embedding-model/);
  });

  it('rejects calls after close', async () => {
    const e = await ThreadedEmbedder.load(dir);
    expect(e.alive).toBe(true);
    await e.close();
    expect(e.alive).toBe(false);
    await expect(e.embed(['x'])).rejects.toThrow(/closed/);
  });
});

describe.skipIf(installed)('ThreadedEmbedder (model not installed)', () => {
  it.skip('run scripts/fetch-embedding-model.sh to enable the embedding tests', () => undefined);
});

describe('keepAlive (one shared embedder, replaced when its thread died)', () => {
  const fake = () => {
    let loads = 0;
    let failNext = false;
    const made: { alive: boolean; n: number }[] = [];
    const load = async (): Promise<{ alive: boolean; n: number }> => {
      await Promise.resolve();
      loads++;
      if (failNext) {
        failNext = false;
        throw new Error('model.onnx missing');
      }
      const e = { alive: true, n: loads };
      made.push(e);
      return e;
    };
    return { load, made, loads: () => loads, failOnce: () => (failNext = true) };
  };

  it('loads once for concurrent and later callers', async () => {
    const f = fake();
    const get = keepAlive(f.load);
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(f.loads()).toBe(1);
  });

  it('loads a new embedder, once, when the current one has died', async () => {
    const f = fake();
    const get = keepAlive(f.load);
    const first = await get();
    first.alive = false;
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(a).not.toBe(first);
    expect(a.alive).toBe(true);
    expect(f.loads()).toBe(2);
  });

  it('does not keep a failed load: the next call tries again', async () => {
    const f = fake();
    const get = keepAlive(f.load);
    f.failOnce();
    await expect(get()).rejects.toThrow(/model.onnx missing/);
    expect((await get()).alive).toBe(true);
    expect(f.loads()).toBe(2);
  });
});
