/**
 * Audit lifecycle activities (issue 7): embed a finished session's anonymized output into the vector store, purge
 * `ssh_commands.stdout_anon`/`stderr_anon`, search the vectors, and erase a session (right to erasure).
 *
 * Everything read here is already anonymized (Layer 1 ran before the audit row was written); nothing is logged but
 * counts and ids.
 * @module
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { SESSION_TASK_QUEUE } from '../../workflows/api';
import { auditLifecycleWorkflowId } from '../../workflows/audit-api';
import type {
  AuditLifecycleInput,
  SearchSessionsRequest,
  SearchSessionsResult,
  SessionSearchHit,
} from '../../workflows/audit-api';
import { EMBEDDING_MODEL_ID } from './embedder';
import type { TextEmbedder } from './embedder';
import { pointId } from './vector-store';
import type { ChunkPayload, VectorPoint, VectorStore } from './vector-store';

/** The part of `pg.Pool` used here (a `PoolClient` for transactions). */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}
export interface PoolLike extends Queryable {
  connect(): Promise<Queryable & { release(): void }>;
}

/** Failure type when the model files are missing or corrupt: retrying cannot help, so the purge runs at once. */
export const EMBEDDING_UNAVAILABLE = 'EmbeddingModelUnavailable';

/** Characters per chunk (all-MiniLM-L6-v2 reads at most 128 tokens, roughly 400–600 characters of English). */
export const CHUNK_CHARS = 500;
/** Upper bound of chunks embedded per session (bounds the activity's run time; the rest is purged unembedded). */
export const MAX_CHUNKS_PER_SESSION = 2000;
const SNIPPET_CHARS = 240;

export interface AuditLifecycleDeps {
  pool: PoolLike;
  vectors: VectorStore;
  /** Loads the embedder (lazily, once); may throw when the model is not installed. */
  embedder: () => Promise<TextEmbedder>;
  metrics?: AuditLifecycleMetrics;
  now?: () => number;
}

/** Purge-lag metrics (prom-client). */
export interface AuditLifecycleMetrics {
  /** Seconds from session end to purge, by outcome (embedded | not_embedded). */
  purgeLagSeconds: Histogram<'outcome'>;
  /** Seconds to embed and upsert one session's output. */
  embedSeconds: Histogram;
}

/** Registers the lifecycle metrics on a registry (the worker's, see `activities/metrics.ts`). */
export function createAuditLifecycleMetrics(registry: Registry): AuditLifecycleMetrics {
  return {
    purgeLagSeconds: new Histogram({
      name: 'ssm_audit_purge_lag_seconds',
      help: 'Seconds from session end until its anonymized output was purged from ssh_commands',
      labelNames: ['outcome'],
      buckets: [1, 5, 15, 30, 60, 120, 240, 300, 360, 600],
      registers: [registry],
    }),
    embedSeconds: new Histogram({
      name: 'ssm_audit_embed_seconds',
      help: 'Seconds to embed and upsert one session output',
      buckets: [0.1, 0.5, 1, 5, 15, 60, 120],
      registers: [registry],
    }),
  };
}

interface CommandRow {
  session_id: string;
  target_host: string;
  started_at: Date;
  sequence: number;
  command_hash: string;
  command_anon: string;
  stdout: string | null;
  stderr: string | null;
}

/** Splits text into chunks of at most `max` characters, preferring line boundaries. Empty text gives none. */
export function chunkText(text: string, max = CHUNK_CHARS): string[] {
  const out: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let rest = line;
    while (rest.length > max) {
      if (cur) out.push(cur);
      cur = '';
      out.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    if (cur.length + rest.length + 1 > max) {
      if (cur) out.push(cur);
      cur = rest;
    } else cur = cur ? `${cur}\n${rest}` : rest;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

/** One chunk to embed: the text given to the model, and its payload. */
export interface Chunk {
  text: string;
  payload: ChunkPayload;
}

/** Chunks every command's stdout and stderr; each embedded text starts with the anonymized command. */
export function chunkSession(rows: CommandRow[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (const r of rows) {
    let index = 0;
    const command = r.command_anon.slice(0, 200);
    for (const [stream, text] of [
      ['stdout', r.stdout],
      ['stderr', r.stderr],
    ] as const) {
      for (const piece of chunkText(text ?? '')) {
        chunks.push({
          text: `$ ${command}\n${piece}`,
          payload: {
            session_id: r.session_id,
            host_alias: r.target_host,
            started_at: new Date(r.started_at).toISOString(),
            sequence: r.sequence,
            chunk_index: index++,
            command_hash: r.command_hash,
            command_anon: command,
            snippet: piece.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS),
            stream,
            model: EMBEDDING_MODEL_ID,
          },
        });
      }
    }
    if (index === 0) {
      // A command without output is still findable by its text.
      chunks.push({
        text: `$ ${command}`,
        payload: {
          session_id: r.session_id,
          host_alias: r.target_host,
          started_at: new Date(r.started_at).toISOString(),
          sequence: r.sequence,
          chunk_index: 0,
          command_hash: r.command_hash,
          command_anon: command,
          snippet: '',
          stream: 'stdout',
          model: EMBEDDING_MODEL_ID,
        },
      });
    }
  }
  return chunks;
}

/** Loads the anonymized output of a session (rows whose output is already purged give no text). */
export async function loadSessionOutput(pool: Queryable, sessionId: string): Promise<CommandRow[]> {
  const res = await pool.query<CommandRow>(
    `SELECT s.session_id::text AS session_id, s.target_host, s.started_at, c.sequence, c.command_hash, c.command_anon,
            c.stdout_anon->>'text' AS stdout, c.stderr_anon->>'text' AS stderr
       FROM ssh_sessions s JOIN ssh_commands c ON c.session_id = s.id
      WHERE s.session_id = $1
      ORDER BY c.sequence`,
    [sessionId],
  );
  return res.rows;
}

/** What {@link eraseSession} deleted. `vectors` is null when the backend does not report a count (Qdrant). */
export interface EraseResult {
  commands: number;
  sessions: number;
  events: number;
  vectors: number | null;
  lifecycleTerminated?: boolean;
}

/**
 * Erases one session everywhere this process can reach (right to erasure): its command rows, its events, its session
 * row and its vectors. Temporal histories are deleted separately (see the printed `temporal workflow delete`).
 */
export async function eraseSession(pool: PoolLike, vectors: VectorStore, sessionId: string): Promise<EraseResult> {
  const client = await pool.connect();
  let commands = 0;
  let sessions = 0;
  let events = 0;
  try {
    await client.query('BEGIN');
    commands =
      (
        await client.query(
          'DELETE FROM ssh_commands WHERE session_id IN (SELECT id FROM ssh_sessions WHERE session_id = $1)',
          [sessionId],
        )
      ).rowCount ?? 0;
    events = (await client.query('DELETE FROM audit_events WHERE subject = $1', [sessionId])).rowCount ?? 0;
    sessions = (await client.query('DELETE FROM ssh_sessions WHERE session_id = $1', [sessionId])).rowCount ?? 0;
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  await vectors.ensureCollection();
  const deleted = await vectors.deleteSession(sessionId);
  return { commands, sessions, events, vectors: deleted };
}

/** Creates the lifecycle and search activities (registered on the shared task queue). */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the inferred record is the contract
export function createAuditLifecycleActivities(deps: AuditLifecycleDeps) {
  const now = deps.now ?? Date.now;
  let ensured: Promise<void> | null = null;
  const ensure = (): Promise<void> => {
    ensured ??= deps.vectors.ensureCollection().catch((err: unknown) => {
      ensured = null;
      throw err;
    });
    return ensured;
  };
  const loadEmbedder = async (): Promise<TextEmbedder> => {
    try {
      return await deps.embedder();
    } catch (err) {
      throw ApplicationFailure.create({
        type: EMBEDDING_UNAVAILABLE,
        message: `embedding model unavailable: ${err instanceof Error ? err.message : String(err)}`,
        nonRetryable: true,
      });
    }
  };

  /** Chunks, embeds and upserts a session's anonymized output. @returns the number of chunks stored. */
  async function embedSessionOutput(input: { sessionId: string }): Promise<{ chunks: number; skipped: number }> {
    const started = now();
    const rows = await loadSessionOutput(deps.pool, input.sessionId);
    const all = chunkSession(rows);
    const chunks = all.slice(0, MAX_CHUNKS_PER_SESSION);
    if (chunks.length === 0) return { chunks: 0, skipped: 0 };
    const embedder = await loadEmbedder();
    await ensure();
    const batch = 32;
    for (let i = 0; i < chunks.length; i += batch) {
      const part = chunks.slice(i, i + batch);
      const vectors = await embedder.embed(part.map((c) => c.text));
      const points: VectorPoint[] = part.map((c, k) => ({
        id: pointId(c.payload.session_id, c.payload.sequence, c.payload.chunk_index),
        vector: vectors[k]!,
        payload: c.payload,
      }));
      await deps.vectors.upsert(points);
      heartbeat(i + part.length);
    }
    deps.metrics?.embedSeconds.observe((now() - started) / 1000);
    return { chunks: chunks.length, skipped: all.length - chunks.length };
  }

  /**
   * Sets `stdout_anon`/`stderr_anon` to NULL for every command of the session and records `purged_at`, `embedded`,
   * `embedded_chunks` and `purge_note`. Idempotent (a retry finds nothing left to purge and keeps the first record).
   */
  async function purgeSessionOutput(input: {
    sessionId: string;
    embedded: boolean;
    chunks: number;
    note: string;
  }): Promise<{ purgedRows: number; purgeLagS: number | null }> {
    const client = await deps.pool.connect();
    try {
      await client.query('BEGIN');
      const purged = await client.query(
        `UPDATE ssh_commands SET stdout_anon = NULL, stderr_anon = NULL
          WHERE session_id IN (SELECT id FROM ssh_sessions WHERE session_id = $1)
            AND (stdout_anon IS NOT NULL OR stderr_anon IS NOT NULL)`,
        [input.sessionId],
      );
      const res = await client.query<{ lag: number | null }>(
        `UPDATE ssh_sessions
            SET purged_at = COALESCE(purged_at, $2::timestamptz), embedded = COALESCE(embedded, $3),
                embedded_chunks = COALESCE(embedded_chunks, $4), purge_note = COALESCE(purge_note, $5)
          WHERE session_id = $1
        RETURNING EXTRACT(EPOCH FROM (purged_at - ended_at))::float8 AS lag`,
        [input.sessionId, new Date(now()), input.embedded, input.chunks, input.note.slice(0, 500)],
      );
      await client.query('COMMIT');
      const lag = res.rows[0]?.lag ?? null;
      if (lag !== null) {
        deps.metrics?.purgeLagSeconds.observe({ outcome: input.embedded ? 'embedded' : 'not_embedded' }, lag);
      }
      return { purgedRows: purged.rowCount ?? 0, purgeLagS: lag };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Embeds the query and returns the best chunk of each matching session, best first. */
  async function searchAuditVectors(req: SearchSessionsRequest): Promise<SearchSessionsResult> {
    const started = now();
    const limit = Math.min(20, Math.max(1, Math.floor(req.limit ?? 5)));
    const embedder = await loadEmbedder();
    await ensure();
    const [vector] = await embedder.embed([req.query.slice(0, 2000)]);
    const hits = await deps.vectors.search(
      vector!,
      { ...(req.host ? { hostAlias: req.host } : {}), ...(req.since ? { since: req.since } : {}) },
      limit * 10,
    );
    const bySession = new Map<string, SessionSearchHit>();
    for (const h of hits) {
      if (bySession.has(h.payload.session_id)) continue;
      bySession.set(h.payload.session_id, {
        sessionId: h.payload.session_id,
        hostAlias: h.payload.host_alias,
        startedAt: h.payload.started_at,
        score: Math.round(h.score * 1000) / 1000,
        sequence: h.payload.sequence,
        command: h.payload.command_anon,
        snippet: h.payload.snippet,
      });
    }
    return { hits: [...bySession.values()].slice(0, limit), searchMs: now() - started };
  }

  /**
   * Right to erasure: stops the session's lifecycle workflow if it still runs (so nothing is re-embedded), then
   * deletes its audit rows, events and vectors. Idempotent.
   */
  async function eraseSessionData(input: { sessionId: string }): Promise<EraseResult> {
    let lifecycleTerminated = false;
    try {
      await Context.current()
        .client.workflow.getHandle(auditLifecycleWorkflowId(input.sessionId))
        .terminate('right to erasure');
      lifecycleTerminated = true;
    } catch {
      // not running (finished, never started, or already deleted)
    }
    return { ...(await eraseSession(deps.pool, deps.vectors, input.sessionId)), lifecycleTerminated };
  }

  return { embedSessionOutput, purgeSessionOutput, searchAuditVectors, eraseSessionData };
}

/** Activities of the audit lifecycle (the workflows import this type only). */
export type AuditLifecycleActivities = ReturnType<typeof createAuditLifecycleActivities>;

function heartbeat(details: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    // not running inside an activity (unit tests)
  }
}

/**
 * Starts the lifecycle workflow of a session that just ended (idempotent: an activity retry finds it started).
 * Called by the worker right after `recordSessionEnd` succeeded.
 */
export async function startAuditLifecycle(client: Client, input: AuditLifecycleInput): Promise<void> {
  try {
    await client.workflow.start('auditLifecycleWorkflow', {
      workflowId: auditLifecycleWorkflowId(input.sessionId),
      taskQueue: SESSION_TASK_QUEUE,
      args: [input],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
