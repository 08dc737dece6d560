import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { EMBEDDING_DIM } from '../embedder';
import type { TextEmbedder } from '../embedder';
import {
  CHUNK_CHARS,
  EMBEDDING_UNAVAILABLE,
  chunkSession,
  chunkText,
  createAuditLifecycleActivities,
} from '../lifecycle-activities';
import type { PoolLike } from '../lifecycle-activities';
import { PgliteVectorStore } from '../vector-store';

/** Bag-of-words embedder: one axis per known word, so overlap of words is similarity. */
const WORDS = ['disk', 'full', 'nginx', 'login', 'failed', 'config'];
const fakeEmbedder: TextEmbedder = {
  embed: (texts) =>
    Promise.resolve(
      texts.map((t) => {
        const v = new Float32Array(EMBEDDING_DIM);
        WORDS.forEach((w, i) => (v[i] = t.toLowerCase().includes(w) ? 1 : 0));
        v[EMBEDDING_DIM - 1] = 0.01;
        const n = Math.hypot(...v);
        return v.map((x) => x / n);
      }),
    ),
};

const SID = '5f2504e0-4f89-41d3-9a0c-0305e82c3301';
const rows = [
  {
    session_id: SID,
    target_host: 'demo',
    started_at: new Date('2026-11-20T10:00:00Z'),
    sequence: 1,
    command_hash: 'h1',
    command_anon: 'df -h',
    stdout: '/dev/sda1 98% / disk full',
    stderr: '',
  },
  {
    session_id: SID,
    target_host: 'demo',
    started_at: new Date('2026-11-20T10:00:00Z'),
    sequence: 2,
    command_hash: 'h2',
    command_anon: 'tail /var/log/auth.log',
    stdout: 'failed login from [IP_001]\n'.repeat(30),
    stderr: 'permission denied',
  },
  {
    session_id: SID,
    target_host: 'demo',
    started_at: new Date('2026-11-20T10:00:00Z'),
    sequence: 3,
    command_hash: 'h3',
    command_anon: 'true',
    stdout: null,
    stderr: null,
  },
];
const pool = { query: () => Promise.resolve({ rows, rowCount: rows.length }) } as unknown as PoolLike;

describe('chunking', () => {
  it('splits on lines into chunks of at most CHUNK_CHARS, cutting only over-long lines', () => {
    expect(chunkText('')).toEqual([]);
    expect(chunkText('a\n\nb')).toEqual(['a\nb']);
    const long = chunkText('x'.repeat(1200));
    expect(long.map((c) => c.length)).toEqual([CHUNK_CHARS, CHUNK_CHARS, 200]);
    const lines = chunkText('line of text\n'.repeat(100));
    expect(lines.every((c) => c.length <= CHUNK_CHARS && !c.startsWith('\n'))).toBe(true);
    expect(lines.join('\n').split('\n')).toHaveLength(100);
  });

  it('chunks stdout and stderr per command, prefixed with the command; commands without output stay findable', () => {
    const chunks = chunkSession(rows);
    const seq2 = chunks.filter((c) => c.payload.sequence === 2);
    expect(seq2.map((c) => c.payload.stream)).toEqual(['stdout', 'stdout', 'stderr']);
    expect(seq2.map((c) => c.payload.chunk_index)).toEqual([0, 1, 2]);
    expect(seq2[0]!.text.startsWith('$ tail /var/log/auth.log\nfailed login')).toBe(true);
    expect(seq2[0]!.payload.snippet.length).toBeLessThanOrEqual(240);
    expect(chunks.find((c) => c.payload.sequence === 3)).toMatchObject({ text: '$ true', payload: { snippet: '' } });
    expect(chunks[0]!.payload).toMatchObject({ host_alias: 'demo', started_at: '2026-11-20T10:00:00.000Z' });
  });
});

describe('embed and search activities', () => {
  it('stores every chunk under deterministic ids (re-embedding overwrites) and returns one hit per session', async () => {
    const vectors = new PgliteVectorStore('memory://');
    const acts = createAuditLifecycleActivities({ pool, vectors, embedder: () => Promise.resolve(fakeEmbedder) });
    const first = await acts.embedSessionOutput({ sessionId: SID });
    expect(first.chunks).toBe(chunkSession(rows).length);
    await acts.embedSessionOutput({ sessionId: SID }); // activity retry
    expect(await vectors.countSession(SID)).toBe(first.chunks);

    const res = await acts.searchAuditVectors({ query: 'failed login', limit: 5 });
    expect(res.hits).toHaveLength(1);
    expect(res.hits[0]).toMatchObject({ sessionId: SID, hostAlias: 'demo', sequence: 2 });
    expect(res.hits[0]!.snippet).toContain('failed login');
    expect((await acts.searchAuditVectors({ query: 'disk full' })).hits[0]!.command).toBe('df -h');
    expect((await acts.searchAuditVectors({ query: 'disk', host: 'other' })).hits).toEqual([]);
    expect((await acts.searchAuditVectors({ query: 'disk', since: '2026-12-01T00:00:00Z' })).hits).toEqual([]);
    await vectors.close();
  });

  it('reports a missing model as a non-retryable EmbeddingModelUnavailable failure', async () => {
    const acts = createAuditLifecycleActivities({
      pool,
      vectors: new PgliteVectorStore('memory://'),
      embedder: () => Promise.reject(new Error('model.onnx missing')),
    });
    const err = await acts.embedSessionOutput({ sessionId: SID }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: EMBEDDING_UNAVAILABLE, nonRetryable: true });
  });
});
