/**
 * Issue 7 numbers: embedding throughput of the local all-MiniLM-L6-v2 (ONNX int8, onnxruntime-node, one intra-op
 * thread) on realistic ~500-character output chunks, and search latency on pgvector in PGlite with N stored chunks.
 *
 * Run: `npm run bench:audit` (needs `bash scripts/fetch-embedding-model.sh`). Prints one JSON line.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Embedder } from '../activities/audit/embedder';
import { PgliteVectorStore, pointId } from '../activities/audit/vector-store';

const LINES = [
  'Nov 29 10:01:02 web-1 sshd[1234]: Failed password for invalid user admin from [IP_001] port 52144 ssh2',
  'tcp   LISTEN 0   511   0.0.0.0:80   0.0.0.0:*   users:(("nginx",pid=812,fd=6))',
  '/dev/sda1        98G   91G  2.1G  98% /',
  'server { listen 443 ssl; server_name [HOST_001]; location / { proxy_pass http://127.0.0.1:8080; } }',
  'postgresql.service: Main process exited, code=exited, status=1/FAILURE',
  'DB_PASSWORD=[PASSWORD_REDACTED]',
  'total 48 drwxr-xr-x 5 [USER_REDACTED] [USER_REDACTED] 4096 Nov 28 12:00 releases',
];

function chunk(i: number): string {
  let s = `$ command ${i}\n`;
  for (let k = 0; s.length < 500; k++) s += `${LINES[(i + k) % LINES.length]}\n`;
  return s.slice(0, 500);
}

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_CHUNKS ?? 256);
  const tLoad = performance.now();
  const threads = Number(process.env.BENCH_THREADS ?? 1);
  const embedder = await Embedder.load(undefined, { threads });
  const loadMs = performance.now() - tLoad;
  const texts = Array.from({ length: n }, (_, i) => chunk(i));
  await embedder.embed(texts.slice(0, 8)); // warm-up
  const t0 = performance.now();
  const vectors = await embedder.embed(texts);
  const embedS = (performance.now() - t0) / 1000;

  const store = new PgliteVectorStore('memory://');
  await store.ensureCollection();
  const sessions = Array.from({ length: 16 }, () => randomUUID());
  const t1 = performance.now();
  await store.upsert(
    vectors.map((v, i) => ({
      id: pointId(sessions[i % 16]!, i, 0),
      vector: v,
      payload: {
        session_id: sessions[i % 16]!,
        host_alias: i % 2 ? 'demo' : 'web',
        started_at: new Date(Date.UTC(2026, 10, 1 + (i % 28))).toISOString(),
        sequence: i,
        chunk_index: 0,
        command_hash: 'x',
        command_anon: `command ${i}`,
        snippet: texts[i]!.slice(0, 240),
        stream: 'stdout' as const,
        model: 'bench',
      },
    })),
  );
  const upsertMs = performance.now() - t1;
  const queries = ['failed ssh logins', 'disk almost full', 'nginx reverse proxy', 'database service crashed'];
  const lat: number[] = [];
  for (let r = 0; r < 25; r++) {
    for (const q of queries) {
      const t = performance.now();
      const [qv] = await embedder.embed([q]);
      await store.search(qv!, r % 2 ? { hostAlias: 'demo' } : {}, 10);
      lat.push(performance.now() - t);
    }
  }
  lat.sort((a, b) => a - b);
  await store.close();
  console.log(
    JSON.stringify({
      threads,
      model_load_ms: Math.round(loadMs),
      chunks: n,
      chunk_chars: 500,
      embed_chunks_per_s: Math.round((n / embedS) * 10) / 10,
      pglite_upsert_ms_per_chunk: Math.round((upsertMs / n) * 100) / 100,
      search_incl_query_embedding_ms: {
        p50: Math.round(lat[Math.floor(lat.length / 2)]! * 10) / 10,
        p95: Math.round(lat[Math.floor(lat.length * 0.95)]! * 10) / 10,
      },
    }),
  );
}

void main();
