/**
 * The ONNX {@link Embedder} in a worker thread. onnxruntime-node runs a model on the calling thread: on the worker's
 * main thread each batch of 16 chunks held the event loop for about 1 s, so while a large session output was embedded
 * (up to 2,000 chunks, about 2 minutes) every workflow task and activity on that worker waited behind it — measured in
 * a test suite run: workflow tasks of 2–5 s and a 0.3 s command taking 16 s. In a thread the model competes for CPU
 * only; the main thread keeps serving sessions.
 *
 * The thread holds only what it is sent to embed (anonymized audit text) and the model; it writes nothing to disk.
 * @module
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Embedder } from './embedder';
import type { TextEmbedder } from './embedder';

/** `workerData` of the embedder thread. */
interface ThreadData {
  kind: 'ssm-embedder';
  dir: string | undefined;
  threads: number | undefined;
  batchSize: number | undefined;
}

type Request = { id: number; texts: string[] };
type Reply = { id: number; vectors?: Float32Array[]; error?: string };
type Ready = { ready: true } | { ready: false; error: string };

/**
 * A {@link TextEmbedder} whose model runs in a `node:worker_threads` thread. Create with {@link ThreadedEmbedder.load}.
 * The thread is `unref`ed: it never keeps a process alive; {@link ThreadedEmbedder.close} ends it.
 */
export class ThreadedEmbedder implements TextEmbedder {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;

  private constructor(private readonly thread: Worker) {
    thread.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.vectors) p.resolve(m.vectors);
      else p.reject(new Error(m.error ?? 'embedding failed'));
    });
    const fail = (err: Error): void => {
      this.dead ??= err;
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    thread.on('error', fail);
    thread.on('exit', (code) => fail(new Error(`embedder thread exited with code ${code}`)));
  }

  /**
   * Starts the thread and loads the model in it ({@link Embedder.load}: the same files, checksums and options).
   * @param dir model directory (default `defaultModelDir()` in embedder.ts).
   * @param opts `threads`: ONNX intra-op threads (default 1); `batchSize`: texts per model run (default 16).
   * @throws Error with the loader's message when a model file is missing or has the wrong sha256, or when the thread
   *   cannot start; the thread is ended first.
   */
  static async load(dir?: string, opts: { threads?: number; batchSize?: number } = {}): Promise<ThreadedEmbedder> {
    const data: ThreadData = { kind: 'ssm-embedder', dir, threads: opts.threads, batchSize: opts.batchSize };
    const thread = spawnSelf(data);
    thread.unref();
    const ready = await new Promise<Ready>((resolve) => {
      thread.once('message', (m: Ready) => resolve(m));
      thread.once('error', (e: Error) => resolve({ ready: false, error: e.message }));
      thread.once('exit', (code) => resolve({ ready: false, error: `embedder thread exited with code ${code}` }));
    });
    if (!ready.ready) {
      await thread.terminate();
      throw new Error(ready.error);
    }
    return new ThreadedEmbedder(thread);
  }

  /**
   * @inheritDoc TextEmbedder.embed
   * @throws Error when the model fails on the input, or when the thread has died (every later call throws too).
   */
  embed(texts: string[]): Promise<Float32Array[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = ++this.next;
    return new Promise<Float32Array[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread.postMessage({ id, texts } satisfies Request);
    });
  }

  /** False once the thread has died or was closed (every call then rejects). */
  get alive(): boolean {
    return this.dead === null;
  }

  /** Ends the thread; pending and later calls reject. */
  async close(): Promise<void> {
    this.dead ??= new Error('embedder closed');
    await this.thread.terminate();
  }
}

/**
 * One shared embedder, loaded on first use and loaded again when its thread has died (a crashed thread would
 * otherwise fail every later embedding until the worker restarts). A failed load is not kept: the next call tries
 * again. Concurrent callers share one load.
 * @param load starts an embedder ({@link ThreadedEmbedder.load} in the worker).
 * @returns a function resolving to a live embedder; it rejects with what `load` throws.
 */
export function keepAlive<T extends { readonly alive: boolean }>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const p: Promise<T> = load().catch((err: unknown) => {
      if (loading === p) loading = null;
      throw err;
    });
    return p;
  };
  return async () => {
    const p = (loading ??= start());
    const current = await p;
    if (current.alive) return current;
    if (loading === p) loading = start(); // only the first caller to see the dead one replaces it
    return loading;
  };
}

/** This module as a thread: compiled JavaScript directly, the TypeScript source through tsx (as bin/ does). */
function spawnSelf(data: ThreadData): Worker {
  if (__filename.endsWith('.ts')) {
    const code = `require('tsx/cjs'); require(${JSON.stringify(__filename)});`;
    return new Worker(code, { eval: true, workerData: data });
  }
  return new Worker(__filename, { workerData: data });
}

/** Thread side: load the model, say whether it loaded, then answer embed requests in order. */
async function serve(data: ThreadData): Promise<void> {
  const port = parentPort!;
  let embedder: Embedder;
  try {
    embedder = await Embedder.load(data.dir, {
      ...(data.threads !== undefined ? { threads: data.threads } : {}),
      ...(data.batchSize !== undefined ? { batchSize: data.batchSize } : {}),
    });
  } catch (err) {
    port.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) } satisfies Ready);
    return;
  }
  port.postMessage({ ready: true } satisfies Ready);
  port.on('message', (req: Request) => {
    embedder.embed(req.texts).then(
      (vectors) =>
        port.postMessage({ id: req.id, vectors } satisfies Reply, [
          ...new Set(vectors.map((v) => v.buffer as ArrayBuffer)),
        ]),
      (err: unknown) =>
        port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies Reply),
    );
  });
}

if (!isMainThread && (workerData as Partial<ThreadData> | null)?.kind === 'ssm-embedder') {
  void serve(workerData as ThreadData);
}
