/**
 * Worker wiring of the audit lifecycle (issue 7): builds the lifecycle/search activities over the worker's
 * PostgreSQL pool, the configured vector store and a lazily loaded embedder, and wraps `recordSessionEnd` so that
 * every recorded session end starts `auditLifecycleWorkflow` (idempotently, from the activity's Temporal client).
 *
 * Environment: `SSM_AUDIT_LIFECYCLE=off` disables both (no workflow started, no activities registered);
 * `SSM_VECTOR_STORE`, `SSM_VECTOR_PGLITE_DIR`, `SSM_QDRANT_URL`, `SSM_QDRANT_API_KEY` (see vector-store.ts);
 * `SSM_EMBEDDING_MODEL_DIR` (see embedder.ts), `SSM_EMBEDDING_THREADS` (ONNX intra-op threads, default 1).
 * @module
 */
import { Context } from '@temporalio/activity';
import type { Registry } from 'prom-client';
import type { TextEmbedder } from './embedder';
import { ThreadedEmbedder, keepAlive } from './embedder-thread';
import {
  createAuditLifecycleActivities,
  createAuditLifecycleMetrics,
  startAuditLifecycle,
} from './lifecycle-activities';
import type { AuditLifecycleActivities, PoolLike } from './lifecycle-activities';
import { vectorStoreFromEnv } from './vector-store';
import type { VectorStore } from './vector-store';

type RecordSessionEnd = (input: {
  sessionId: string;
  status: 'completed' | 'error' | 'quarantined';
  escalated: boolean;
}) => Promise<void>;

/** What {@link setupAuditLifecycle} returns. */
export interface AuditLifecycleSetup {
  /** The shared activities plus the lifecycle ones, with `recordSessionEnd` starting the lifecycle workflow. */
  wrap<T extends { recordSessionEnd: RecordSessionEnd }>(shared: T): T & Partial<AuditLifecycleActivities>;
  close(): Promise<void>;
}

/** Builds the lifecycle wiring for one worker process. */
export function setupAuditLifecycle(opts: {
  pool: PoolLike;
  env: NodeJS.ProcessEnv;
  registry: Registry;
  vectors?: VectorStore;
  embedder?: () => Promise<TextEmbedder>;
}): AuditLifecycleSetup {
  if (opts.env.SSM_AUDIT_LIFECYCLE === 'off') {
    return { wrap: (shared) => shared, close: () => Promise.resolve() };
  }
  const vectors = opts.vectors ?? vectorStoreFromEnv(opts.env);
  // in a worker thread: onnxruntime-node runs the model on the calling thread, which held the event loop of the
  // session worker (embedder-thread.ts)
  let loaded: ThreadedEmbedder | null = null;
  const embedder =
    opts.embedder ??
    keepAlive(async () => {
      loaded = await ThreadedEmbedder.load(opts.env.SSM_EMBEDDING_MODEL_DIR, {
        threads: Number(opts.env.SSM_EMBEDDING_THREADS ?? 1) || 1,
      });
      return loaded;
    });
  const lifecycle = createAuditLifecycleActivities({
    pool: opts.pool,
    vectors,
    embedder,
    metrics: createAuditLifecycleMetrics(opts.registry),
  });
  return {
    wrap(shared) {
      const recordSessionEnd: RecordSessionEnd = async (input) => {
        await shared.recordSessionEnd(input);
        await startAuditLifecycle(Context.current().client, {
          sessionId: input.sessionId,
          quarantined: input.status === 'quarantined',
          endedAtMs: Date.now(),
        });
      };
      return { ...shared, ...lifecycle, recordSessionEnd };
    },
    close: async () => {
      await Promise.all([vectors.close(), loaded?.close()]);
    },
  };
}
