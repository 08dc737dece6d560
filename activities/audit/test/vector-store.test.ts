import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDING_DIM } from '../embedder';
import { PgliteVectorStore, QdrantVectorStore, VectorStoreBusyError, pointId } from '../vector-store';
import type { ChunkPayload, VectorPoint, VectorStore } from '../vector-store';
import { startFakeQdrant } from './fake-qdrant';
import type { Exchange } from './fake-qdrant';

/** A unit vector along axis `i` plus a little of axis `j`, normalised. */
function vec(i: number, j = (i + 1) % EMBEDDING_DIM, w = 0.1): Float32Array {
  const v = new Float32Array(EMBEDDING_DIM);
  v[i] = 1;
  v[j] = w;
  const n = Math.hypot(1, w);
  return v.map((x) => x / n);
}

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';

function point(sessionId: string, host: string, startedAt: string, seq: number, axis: number): VectorPoint {
  const payload: ChunkPayload = {
    session_id: sessionId,
    host_alias: host,
    started_at: startedAt,
    sequence: seq,
    chunk_index: 0,
    command_hash: `hash-${seq}`,
    command_anon: `cmd ${seq}`,
    snippet: `snippet ${seq}`,
    stream: 'stdout',
    model: 'test',
  };
  return { id: pointId(sessionId, seq, 0), vector: vec(axis), payload };
}

/** The behavioural suite every VectorStore implementation must pass. */
function behaviour(name: string, make: () => Promise<VectorStore>, after?: () => Promise<void>): void {
  describe(`VectorStore behaviour: ${name}`, () => {
    let store: VectorStore;
    beforeAll(async () => {
      store = await make();
      await store.ensureCollection();
      await store.ensureCollection(); // idempotent
      await store.upsert([
        point(S1, 'demo', '2026-11-20T10:00:00.000Z', 1, 0),
        point(S1, 'demo', '2026-11-20T10:00:00.000Z', 2, 10),
        point(S2, 'web', '2026-11-25T10:00:00.000Z', 1, 20),
      ]);
    });
    afterAll(async () => {
      await store.close();
      await after?.();
    });

    it('finds the nearest point first, with a cosine score and the payload', async () => {
      const hits = await store.search(vec(10), {}, 3);
      expect(hits[0]!.payload).toMatchObject({ session_id: S1, sequence: 2, host_alias: 'demo' });
      expect(hits[0]!.id).toBe(pointId(S1, 2, 0));
      expect(hits[0]!.score).toBeCloseTo(1 / 1, 1);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
      expect(hits).toHaveLength(3);
    });

    it('filters by host alias and by start date, and honours the limit', async () => {
      expect((await store.search(vec(20), { hostAlias: 'demo' }, 10)).map((h) => h.payload.host_alias)).toEqual([
        'demo',
        'demo',
      ]);
      const since = await store.search(vec(0), { since: '2026-11-22T00:00:00Z' }, 10);
      expect(since.map((h) => h.payload.session_id)).toEqual([S2]);
      expect(await store.search(vec(0), {}, 1)).toHaveLength(1);
    });

    it('upsert with the same deterministic id replaces instead of duplicating', async () => {
      const p = point(S1, 'demo', '2026-11-20T10:00:00.000Z', 1, 0);
      await store.upsert([{ ...p, payload: { ...p.payload, snippet: 'replaced' } }]);
      expect(await store.countSession(S1)).toBe(2);
      const [hit] = await store.search(vec(0), { sessionId: S1 }, 1);
      expect(hit!.payload.snippet).toBe('replaced');
    });

    it('deleteSession removes only that session', async () => {
      await store.deleteSession(S1);
      expect(await store.countSession(S1)).toBe(0);
      expect(await store.countSession(S2)).toBe(1);
      expect((await store.search(vec(0), {}, 10)).map((h) => h.payload.session_id)).toEqual([S2]);
    });

    it('rejects vectors of the wrong dimension', async () => {
      await expect(store.search([1, 2, 3], {}, 1)).rejects.toThrow(/dimension/);
    });
  });
}

describe('pointId', () => {
  it('is a deterministic RFC 4122 version-5 UUID per (session, sequence, chunk)', () => {
    const a = pointId(S1, 1, 0);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pointId(S1, 1, 0)).toBe(a);
    expect(new Set([a, pointId(S1, 1, 1), pointId(S1, 2, 0), pointId(S2, 1, 0)]).size).toBe(4);
  });
});

behaviour('pgvector in PGlite (real)', () => Promise.resolve(new PgliteVectorStore('memory://')));

let fake: Awaited<ReturnType<typeof startFakeQdrant>>;
behaviour(
  'Qdrant (REST exchanges replayed by a local server)',
  async () => {
    fake = await startFakeQdrant();
    return new QdrantVectorStore({ url: fake.url, collection: 'audit' });
  },
  () => fake.close(),
);

describe('Qdrant REST contract', () => {
  let ex: Exchange[];
  beforeAll(async () => {
    const q = await startFakeQdrant();
    const store = new QdrantVectorStore({ url: q.url, collection: 'audit' });
    await store.ensureCollection();
    await store.upsert([point(S1, 'demo', '2026-11-20T10:00:00.000Z', 1, 0)]);
    await store.search(vec(0), { hostAlias: 'demo', since: '2026-11-01T00:00:00Z' }, 5);
    await store.deleteSession(S1);
    ex = q.exchanges;
    await q.close();
  });

  it('creates a cosine collection of dimension 384 only when it does not exist', () => {
    expect(ex[0]).toMatchObject({ method: 'GET', path: '/collections/audit/exists', status: 200 });
    expect(ex[1]).toMatchObject({
      method: 'PUT',
      path: '/collections/audit',
      body: { vectors: { size: 384, distance: 'Cosine' } },
      status: 200,
    });
  });

  it('indexes host alias and session id as keyword and the start as datetime', () => {
    const idx = ex.filter((e) => e.path === '/collections/audit/index');
    expect(idx.map((e) => [e.method, e.body])).toEqual([
      ['PUT', { field_name: 'host_alias', field_schema: 'keyword' }],
      ['PUT', { field_name: 'session_id', field_schema: 'keyword' }],
      ['PUT', { field_name: 'started_at', field_schema: 'datetime' }],
    ]);
    expect(idx.every((e) => e.query.wait === 'true')).toBe(true);
  });

  it('upserts with wait=true, a UUID id, a plain float array and the payload', () => {
    const up = ex.find((e) => e.path === '/collections/audit/points' && e.method === 'PUT')!;
    expect(up.query.wait).toBe('true');
    const body = up.body as { points: { id: string; vector: number[]; payload: ChunkPayload }[] };
    expect(body.points[0]!.id).toBe(pointId(S1, 1, 0));
    expect(body.points[0]!.vector).toHaveLength(384);
    expect(body.points[0]!.payload.session_id).toBe(S1);
  });

  it('queries with a must filter (keyword match + datetime range) and with_payload', () => {
    const q = ex.find((e) => e.path === '/collections/audit/points/query')!;
    expect(q.method).toBe('POST');
    expect(q.body).toMatchObject({
      limit: 5,
      with_payload: true,
      filter: {
        must: [
          { key: 'host_alias', match: { value: 'demo' } },
          { key: 'started_at', range: { gte: '2026-11-01T00:00:00Z' } },
        ],
      },
    });
    expect((q.response as { result: { points: unknown[] } }).result.points).toHaveLength(1);
  });

  it('erases a session with a filtered delete', () => {
    const d = ex.find((e) => e.path === '/collections/audit/points/delete')!;
    expect(d).toMatchObject({
      method: 'POST',
      query: { wait: 'true' },
      body: { filter: { must: [{ key: 'session_id', match: { value: S1 } }] } },
    });
  });
});

describe('PgliteVectorStore on disk', () => {
  it('persists across reopen, and one data directory is open in one store at a time', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ssm-pglite-'));
    const dir = join(root, 'pglite');
    try {
      const a = new PgliteVectorStore(dir);
      await a.ensureCollection();
      await a.upsert([point(S1, 'demo', '2026-11-20T10:00:00.000Z', 1, 0)]);
      const b = new PgliteVectorStore(dir);
      await expect(b.ensureCollection()).rejects.toBeInstanceOf(VectorStoreBusyError);
      await a.close();
      await b.ensureCollection();
      expect(await b.countSession(S1)).toBe(1);
      await b.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
