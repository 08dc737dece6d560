/**
 * A local HTTP server that answers the Qdrant REST endpoints the {@link QdrantVectorStore} uses, with the JSON
 * shapes of the Qdrant API reference (`{ result, status: "ok", time }`), and records every exchange. Points live in
 * memory; filters support `must` with `match.value` and `range.gte` on datetimes, scores are cosine similarities.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  response: unknown;
}

interface Point {
  id: string;
  vector: number[];
  payload: Record<string, unknown>;
}
type Cond = { key: string; match?: { value: unknown }; range?: { gte?: string } };

const matches = (p: Point, filter?: { must?: Cond[] }): boolean =>
  (filter?.must ?? []).every((c) => {
    const v = p.payload[c.key];
    if (c.match) return v === c.match.value;
    if (c.range?.gte !== undefined) return Date.parse(String(v)) >= Date.parse(c.range.gte);
    return false;
  });

const cosine = (a: number[], b: number[]): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / (Math.sqrt(na) * Math.sqrt(nb) || 1);
};

export async function startFakeQdrant(): Promise<{ url: string; exchanges: Exchange[]; close: () => Promise<void> }> {
  const exchanges: Exchange[] = [];
  const collections = new Map<
    string,
    { config: unknown; indexes: Record<string, unknown>; points: Map<string, Point> }
  >();
  let op = 0;
  const ok = (result: unknown): unknown => ({ result, status: 'ok', time: 0.0001 });
  const update = (): unknown => ok({ operation_id: ++op, status: 'completed' });

  const route = (method: string, parts: string[], body: Record<string, unknown>): [number, unknown] => {
    if (parts[0] !== 'collections' || !parts[1]) return [404, { status: { error: 'not found' } }];
    const name = parts[1];
    const col = collections.get(name);
    const rest = parts.slice(2).join('/');
    if (method === 'GET' && rest === 'exists') return [200, ok({ exists: col !== undefined })];
    if (method === 'PUT' && rest === '') {
      if (col) return [409, { status: { error: `Wrong input: Collection \`${name}\` already exists!` } }];
      collections.set(name, { config: body, indexes: {}, points: new Map() });
      return [200, ok(true)];
    }
    if (!col) return [404, { status: { error: `Not found: Collection \`${name}\` doesn't exist!` } }];
    if (method === 'PUT' && rest === 'index') {
      col.indexes[String(body.field_name)] = body.field_schema;
      return [200, update()];
    }
    if (method === 'PUT' && rest === 'points') {
      for (const p of body.points as Point[]) col.points.set(String(p.id), p);
      return [200, update()];
    }
    if (method === 'POST' && rest === 'points/query') {
      const q = body.query as number[];
      const hits = [...col.points.values()]
        .filter((p) => matches(p, body.filter as { must?: Cond[] }))
        .map((p) => ({ id: p.id, version: op, score: cosine(q, p.vector), payload: p.payload }))
        .sort((a, b) => b.score - a.score)
        .slice(0, Number(body.limit ?? 10));
      return [200, ok({ points: hits })];
    }
    if (method === 'POST' && rest === 'points/delete') {
      for (const p of [...col.points.values()]) {
        if (matches(p, body.filter as { must?: Cond[] })) col.points.delete(p.id);
      }
      return [200, update()];
    }
    if (method === 'POST' && rest === 'points/count') {
      return [200, ok({ count: [...col.points.values()].filter((p) => matches(p, body.filter as never)).length })];
    }
    return [404, { status: { error: 'not found' } }];
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const [status, response] = route(req.method ?? 'GET', u.pathname.split('/').filter(Boolean), body);
      exchanges.push({
        method: req.method ?? 'GET',
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        body: raw ? body : null,
        status,
        response,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(response));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
