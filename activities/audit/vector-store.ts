/**
 * Vector store for embedded, anonymized audit output (issue 7). Two implementations of one port:
 * - {@link PgliteVectorStore} (default): pgvector in PGlite (WASM PostgreSQL), persisted under
 *   `SSM_VECTOR_PGLITE_DIR` (default `.run/pglite`). One process may open a data directory at a time;
 * - {@link QdrantVectorStore}: a Qdrant collection via `@qdrant/js-client-rest` (`SSM_QDRANT_URL`).
 *
 * Every payload holds anonymized text only (it is derived from `ssh_commands.*_anon`). Point ids are deterministic
 * ({@link pointId}), so re-embedding a session after a retry overwrites instead of duplicating.
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { QdrantClient } from '@qdrant/js-client-rest';
import { EMBEDDING_DIM, repoRoot } from './embedder';

/** What is stored with each vector. Anonymized values only. */
export interface ChunkPayload {
  session_id: string;
  host_alias: string;
  /** ISO-8601 start of the session. */
  started_at: string;
  sequence: number;
  chunk_index: number;
  /** SHA-256 of the anonymized command (`ssh_commands.command_hash`). */
  command_hash: string;
  /** Anonymized command text, cut to 200 characters. */
  command_anon: string;
  /** Short anonymized snippet of the chunk (at most 240 characters). */
  snippet: string;
  stream: 'stdout' | 'stderr';
  model: string;
}

export interface VectorPoint {
  /** UUID, see {@link pointId}. */
  id: string;
  vector: Float32Array | number[];
  payload: ChunkPayload;
}

export interface SearchFilter {
  hostAlias?: string;
  /** ISO-8601: only sessions started at or after it. */
  since?: string;
  sessionId?: string;
}

export interface SearchHit {
  id: string;
  /** Cosine similarity in [-1, 1]; higher is closer. */
  score: number;
  payload: ChunkPayload;
}

/** Port used by the audit lifecycle and search activities. */
export interface VectorStore {
  /** Creates the collection/table and its payload indexes if missing. Idempotent. */
  ensureCollection(): Promise<void>;
  /** Inserts or replaces points by id. */
  upsert(points: VectorPoint[]): Promise<void>;
  /** Nearest points by cosine similarity, best first, restricted by `filter`. */
  search(vector: Float32Array | number[], filter: SearchFilter, limit: number): Promise<SearchHit[]>;
  /** Deletes every point of one session (right to erasure). @returns points deleted, when the backend says. */
  deleteSession(sessionId: string): Promise<number | null>;
  /** Number of points of a session (tests, erasure check). */
  countSession(sessionId: string): Promise<number>;
  close(): Promise<void>;
}

/** Namespace of {@link pointId} (a fixed random UUID; changing it re-keys every stored point). */
export const POINT_NAMESPACE = '6f1c2a4e-8d7b-4c36-9a5e-2b0f7d9e3c11';

/**
 * Deterministic point id: RFC 4122 UUID version 5 (SHA-1) of `${sessionId}:${sequence}:${chunkIndex}` in
 * {@link POINT_NAMESPACE}.
 */
export function pointId(sessionId: string, sequence: number, chunkIndex: number): string {
  const ns = Buffer.from(POINT_NAMESPACE.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(`${sessionId}:${sequence}:${chunkIndex}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const toArray = (v: Float32Array | number[]): number[] => Array.from(v);
const vectorLiteral = (v: Float32Array | number[]): string => `[${toArray(v).join(',')}]`;

function checkDim(v: Float32Array | number[]): void {
  if (v.length !== EMBEDDING_DIM) throw new Error(`vector has dimension ${v.length}, expected ${EMBEDDING_DIM}`);
}

// ---------------------------------------------------------------------------------------------------------------------
// pgvector in PGlite
// ---------------------------------------------------------------------------------------------------------------------

/** Default PGlite data directory: `SSM_VECTOR_PGLITE_DIR`, else `.run/pglite` under the repository. */
export function defaultPgliteDir(): string {
  return process.env.SSM_VECTOR_PGLITE_DIR ?? join(repoRoot(), '.run', 'pglite');
}

/** Thrown (retryable) when another live process holds the PGlite data directory. */
export class VectorStoreBusyError extends Error {
  constructor(dir: string, pid: number) {
    super(`the vector store ${dir} is open in another process (pid ${pid})`);
    this.name = 'VectorStoreBusyError';
  }
}

/**
 * Takes `<dir>.lock` for this process (PGlite supports one process per data directory). A lock left by a dead
 * process is taken over. @throws VectorStoreBusyError when a live process holds it.
 */
function lockDataDir(dir: string): () => void {
  const path = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8')) || 0;
      let alive = pid > 0;
      try {
        if (alive) process.kill(pid, 0);
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
      if (alive) throw new VectorStoreBusyError(dir, pid);
      unlinkSync(path);
    }
  }
  throw new VectorStoreBusyError(dir, 0);
}

/** pgvector in PGlite. `dataDir: 'memory://'` keeps everything in memory (tests). */
export class PgliteVectorStore implements VectorStore {
  private db: PGlite | null = null;
  private opening: Promise<PGlite> | null = null;
  private unlock: (() => void) | null = null;

  constructor(private readonly dataDir: string = defaultPgliteDir()) {}

  private async open(): Promise<PGlite> {
    if (this.db) return this.db;
    this.opening ??= (async () => {
      const { PGlite } = await import('@electric-sql/pglite');
      const { vector } = await import('@electric-sql/pglite-pgvector');
      if (!this.dataDir.startsWith('memory://')) {
        mkdirSync(dirname(this.dataDir), { recursive: true });
        this.unlock = lockDataDir(this.dataDir);
      }
      try {
        const db = await PGlite.create({ dataDir: this.dataDir, extensions: { vector } });
        this.db = db;
        return db;
      } catch (err) {
        this.unlock?.();
        this.unlock = null;
        throw err;
      }
    })().catch((err: unknown) => {
      this.opening = null;
      throw err;
    });
    return this.opening;
  }

  async ensureCollection(): Promise<void> {
    const db = await this.open();
    await db.exec(`
      CREATE EXTENSION IF NOT EXISTS vector;
      CREATE TABLE IF NOT EXISTS audit_vectors (
        id UUID PRIMARY KEY,
        session_id TEXT NOT NULL,
        host_alias TEXT NOT NULL,
        started_at TIMESTAMPTZ NOT NULL,
        payload JSONB NOT NULL,
        embedding vector(${EMBEDDING_DIM}) NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_audit_vectors_session ON audit_vectors(session_id);
      CREATE INDEX IF NOT EXISTS idx_audit_vectors_host ON audit_vectors(host_alias, started_at);
      CREATE INDEX IF NOT EXISTS idx_audit_vectors_hnsw ON audit_vectors USING hnsw (embedding vector_cosine_ops);
    `);
  }

  async upsert(points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    const db = await this.open();
    await db.transaction(async (tx) => {
      for (const p of points) {
        checkDim(p.vector);
        await tx.query(
          `INSERT INTO audit_vectors (id, session_id, host_alias, started_at, payload, embedding)
           VALUES ($1, $2, $3, $4, $5, $6::vector)
           ON CONFLICT (id) DO UPDATE SET session_id = EXCLUDED.session_id, host_alias = EXCLUDED.host_alias,
             started_at = EXCLUDED.started_at, payload = EXCLUDED.payload, embedding = EXCLUDED.embedding`,
          [
            p.id,
            p.payload.session_id,
            p.payload.host_alias,
            p.payload.started_at,
            JSON.stringify(p.payload),
            vectorLiteral(p.vector),
          ],
        );
      }
    });
  }

  async search(vector: Float32Array | number[], filter: SearchFilter, limit: number): Promise<SearchHit[]> {
    checkDim(vector);
    const db = await this.open();
    const res = await db.query<{ id: string; payload: ChunkPayload; score: number }>(
      `SELECT id, payload, 1 - (embedding <=> $1::vector) AS score
         FROM audit_vectors
        WHERE ($2::text IS NULL OR host_alias = $2)
          AND ($3::timestamptz IS NULL OR started_at >= $3::timestamptz)
          AND ($4::text IS NULL OR session_id = $4)
        ORDER BY embedding <=> $1::vector
        LIMIT $5`,
      [vectorLiteral(vector), filter.hostAlias ?? null, filter.since ?? null, filter.sessionId ?? null, limit],
    );
    return res.rows.map((r) => ({ id: r.id, score: Number(r.score), payload: r.payload }));
  }

  async deleteSession(sessionId: string): Promise<number | null> {
    const db = await this.open();
    const res = await db.query('DELETE FROM audit_vectors WHERE session_id = $1', [sessionId]);
    return res.affectedRows ?? null;
  }

  async countSession(sessionId: string): Promise<number> {
    const db = await this.open();
    const res = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_vectors WHERE session_id = $1', [
      sessionId,
    ]);
    return res.rows[0]?.n ?? 0;
  }

  async close(): Promise<void> {
    const db = this.db ?? (this.opening ? await this.opening.catch(() => null) : null);
    this.db = null;
    this.opening = null;
    await db?.close();
    this.unlock?.();
    this.unlock = null;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Qdrant
// ---------------------------------------------------------------------------------------------------------------------

/** Qdrant filter for a {@link SearchFilter} (REST `Filter`: `must` conditions, keyword match, datetime range). */
export function qdrantFilter(f: SearchFilter): { must: Record<string, unknown>[] } | undefined {
  const must: Record<string, unknown>[] = [];
  if (f.hostAlias !== undefined) must.push({ key: 'host_alias', match: { value: f.hostAlias } });
  if (f.sessionId !== undefined) must.push({ key: 'session_id', match: { value: f.sessionId } });
  if (f.since !== undefined) must.push({ key: 'started_at', range: { gte: f.since } });
  return must.length > 0 ? { must } : undefined;
}

/** Qdrant implementation. The collection uses cosine distance and keyword/datetime payload indexes. */
export class QdrantVectorStore implements VectorStore {
  private client: QdrantClient | null = null;

  constructor(
    private readonly opts: { url: string; apiKey?: string; collection?: string },
    private readonly makeClient?: () => QdrantClient,
  ) {}

  get collection(): string {
    return this.opts.collection ?? 'ssm_audit_chunks';
  }

  private async c(): Promise<QdrantClient> {
    if (this.client) return this.client;
    if (this.makeClient) return (this.client = this.makeClient());
    const { QdrantClient: Client } = await import('@qdrant/js-client-rest');
    this.client = new Client({
      url: this.opts.url,
      ...(this.opts.apiKey ? { apiKey: this.opts.apiKey } : {}),
      checkCompatibility: false,
    });
    return this.client;
  }

  async ensureCollection(): Promise<void> {
    const c = await this.c();
    const { exists } = await c.collectionExists(this.collection);
    if (!exists) {
      await c.createCollection(this.collection, { vectors: { size: EMBEDDING_DIM, distance: 'Cosine' } });
    }
    // Creating an existing index is accepted by Qdrant (same schema), so this stays idempotent.
    for (const [field_name, field_schema] of [
      ['host_alias', 'keyword'],
      ['session_id', 'keyword'],
      ['started_at', 'datetime'],
    ] as const) {
      await c.createPayloadIndex(this.collection, { field_name, field_schema, wait: true });
    }
  }

  async upsert(points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    points.forEach((p) => checkDim(p.vector));
    const c = await this.c();
    await c.upsert(this.collection, {
      wait: true,
      points: points.map((p) => ({
        id: p.id,
        vector: toArray(p.vector),
        payload: p.payload as unknown as Record<string, unknown>,
      })),
    });
  }

  async search(vector: Float32Array | number[], filter: SearchFilter, limit: number): Promise<SearchHit[]> {
    checkDim(vector);
    const c = await this.c();
    const f = qdrantFilter(filter);
    const res = await c.query(this.collection, {
      query: toArray(vector),
      ...(f ? { filter: f } : {}),
      limit,
      with_payload: true,
    });
    return res.points.map((p) => ({
      id: String(p.id),
      score: p.score,
      payload: p.payload as unknown as ChunkPayload,
    }));
  }

  async deleteSession(sessionId: string): Promise<number | null> {
    const c = await this.c();
    await c.delete(this.collection, { wait: true, filter: qdrantFilter({ sessionId })! });
    return null;
  }

  async countSession(sessionId: string): Promise<number> {
    const c = await this.c();
    const res = await c.count(this.collection, { filter: qdrantFilter({ sessionId })!, exact: true });
    return res.count;
  }

  async close(): Promise<void> {
    this.client = null;
    return Promise.resolve();
  }
}

/**
 * The configured store: Qdrant when `SSM_VECTOR_STORE=qdrant` (with `SSM_QDRANT_URL`, optional `SSM_QDRANT_API_KEY`),
 * else PGlite under {@link defaultPgliteDir}.
 */
export function vectorStoreFromEnv(env: NodeJS.ProcessEnv = process.env): VectorStore {
  if (env.SSM_VECTOR_STORE === 'qdrant') {
    if (!env.SSM_QDRANT_URL) throw new Error('SSM_VECTOR_STORE=qdrant needs SSM_QDRANT_URL');
    return new QdrantVectorStore({
      url: env.SSM_QDRANT_URL,
      ...(env.SSM_QDRANT_API_KEY ? { apiKey: env.SSM_QDRANT_API_KEY } : {}),
    });
  }
  return new PgliteVectorStore(env.SSM_VECTOR_PGLITE_DIR ?? defaultPgliteDir());
}
