import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDING_DIM, Embedder, cosine, defaultModelDir } from '../embedder';
import { WordPieceTokenizer } from '../wordpiece';

const dir = defaultModelDir();
// The model is installed by scripts/setup.sh (scripts/fetch-embedding-model.sh); say so instead of skipping silently.
const installed = existsSync(join(dir, 'model.onnx')) && existsSync(join(dir, 'tokenizer.json'));

describe.runIf(installed)('Embedder (all-MiniLM-L6-v2, ONNX int8)', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await Embedder.load(dir);
  });

  it('tokenizes like BERT uncased WordPiece', () => {
    const tok = WordPieceTokenizer.fromFile(join(dir, 'tokenizer.json'));
    expect(tok.words("Héllo, WORLD! don't")).toEqual(['hello', ',', 'world', '!', 'don', "'", 't']);
    // bert-base-uncased ids: [CLS]=101, hello=7592, world=2088, [SEP]=102
    expect(tok.encode('Hello world').ids).toEqual([101, 7592, 2088, 102]);
    expect(tok.encode('x '.repeat(500)).ids).toHaveLength(128);
  });

  it('returns 384-dim L2-normalised vectors, deterministic and independent of batching', async () => {
    const [a, b] = await embedder.embed(['disk usage of the root file system', 'short']);
    expect(a).toHaveLength(EMBEDDING_DIM);
    expect(cosine(a!, a!)).toBeCloseTo(1, 4);
    const [again] = await embedder.embed(['disk usage of the root file system']);
    expect(cosine(a!, again!)).toBeCloseTo(1, 4);
    const [b2] = await embedder.embed(['short']);
    expect(cosine(b!, b2!)).toBeCloseTo(1, 4);
  });

  it('puts paraphrases closer together than unrelated sentences', async () => {
    const pairs: [string, string, string][] = [
      [
        'the disk on the web server is almost full',
        'the web server is running out of storage space',
        'the nginx configuration reloaded successfully',
      ],
      [
        'permission denied when opening /etc/shadow',
        'access to /etc/shadow was refused',
        'the kernel version is 6.1 on this machine',
      ],
      [
        'postgres service failed to start after the upgrade',
        'after upgrading, the PostgreSQL daemon would not come up',
        'list the files in the home directory',
      ],
    ];
    for (const [q, para, unrelated] of pairs) {
      const [vq, vp, vu] = await embedder.embed([q, para, unrelated]);
      expect(cosine(vq!, vp!)).toBeGreaterThan(cosine(vq!, vu!) + 0.1);
    }
  });

  it('refuses a model directory whose files are missing', async () => {
    await expect(Embedder.load('/nonexistent')).rejects.toThrow(/fetch-embedding-model/);
  });
});

describe.skipIf(installed)('Embedder (model not installed)', () => {
  it.skip('run scripts/fetch-embedding-model.sh to enable the embedding tests', () => undefined);
});
