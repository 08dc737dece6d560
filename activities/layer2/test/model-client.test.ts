import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  CircuitOpenError,
  ModelError,
  ModelTimeoutError,
  OpenAICompatibleModel,
  RateLimitedError,
  RequestTooLargeError,
  TokenBucket,
  modelFromEnv,
} from '../model-client';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse, n: number) => void;

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function fakeServer(
  handler: Handler,
): Promise<{ url: string; requests: { headers: http.IncomingHttpHeaders; body: string; url: string }[] }> {
  const requests: { headers: http.IncomingHttpHeaders; body: string; url: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ headers: req.headers, body, url: req.url ?? '' });
      handler(req, body, res, requests.length - 1);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function reply(res: http.ServerResponse, content: string): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content } }] }));
}

const REQ = { system: 'sys', user: 'data', maxTokens: 64, timeoutMs: 2000 };

describe('OpenAICompatibleModel', () => {
  it('posts one chat completion with json_schema response_format, no tools, bearer key; returns the content', async () => {
    const srv = await fakeServer((_q, _b, res) => reply(res, '{"findings":[]}'));
    const m = new OpenAICompatibleModel({ baseUrl: `${srv.url}/v1/`, model: 'local-small', apiKey: 'k-test' });
    const schema = { type: 'object' };
    expect(await m.complete({ ...REQ, jsonSchema: schema })).toBe('{"findings":[]}');
    expect(srv.requests).toHaveLength(1);
    const r = srv.requests[0]!;
    expect(r.url).toBe('/v1/chat/completions');
    expect(r.headers.authorization).toBe('Bearer k-test');
    const body = JSON.parse(r.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      model: 'local-small',
      max_tokens: 64,
      temperature: 0,
      stream: false,
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'data' },
      ],
      response_format: { type: 'json_schema', json_schema: { strict: true, schema } },
    });
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('functions');
  });

  it('retries 5xx and 429 with backoff, then succeeds', async () => {
    const srv = await fakeServer((_q, _b, res, n) => {
      if (n === 0) return void res.writeHead(503).end();
      if (n === 1) return void res.writeHead(429).end();
      reply(res, 'third time');
    });
    const m = new OpenAICompatibleModel({ baseUrl: srv.url, model: 'm', backoffMs: 10 });
    expect(await m.complete(REQ)).toBe('third time');
    expect(srv.requests).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    const srv = await fakeServer((_q, _b, res) => void res.writeHead(400).end('bad'));
    const m = new OpenAICompatibleModel({ baseUrl: srv.url, model: 'm', backoffMs: 10 });
    await expect(m.complete(REQ)).rejects.toBeInstanceOf(ModelError);
    expect(srv.requests).toHaveLength(1);
  });

  it('gives up after the retries with a ModelError', async () => {
    const srv = await fakeServer((_q, _b, res) => void res.writeHead(500).end());
    const m = new OpenAICompatibleModel({ baseUrl: srv.url, model: 'm', retries: 2, backoffMs: 5 });
    await expect(m.complete(REQ)).rejects.toThrow(/after 3 attempt/);
    expect(srv.requests).toHaveLength(3);
  });

  it('times out within the budget when the server never answers', async () => {
    const srv = await fakeServer(() => undefined);
    const m = new OpenAICompatibleModel({ baseUrl: srv.url, model: 'm', backoffMs: 10 });
    const t0 = Date.now();
    await expect(m.complete({ ...REQ, timeoutMs: 300 })).rejects.toBeInstanceOf(ModelTimeoutError);
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('refuses an oversized request without sending it', async () => {
    const srv = await fakeServer((_q, _b, res) => reply(res, 'x'));
    const m = new OpenAICompatibleModel({ baseUrl: srv.url, model: 'm', maxRequestBytes: 1024 });
    await expect(m.complete({ ...REQ, user: 'x'.repeat(2000) })).rejects.toBeInstanceOf(RequestTooLargeError);
    expect(srv.requests).toHaveLength(0);
  });

  it('refuses an oversized response', async () => {
    const srv = await fakeServer((_q, _b, res) => reply(res, 'y'.repeat(10_000)));
    const m = new OpenAICompatibleModel({ baseUrl: srv.url, model: 'm', maxResponseBytes: 1000 });
    await expect(m.complete(REQ)).rejects.toThrow(/exceeds 1000 bytes/);
  });

  it('rejects a response without choices[0].message.content', async () => {
    const srv = await fakeServer((_q, _b, res) => void res.writeHead(200).end('{"choices":[]}'));
    const m = new OpenAICompatibleModel({ baseUrl: srv.url, model: 'm' });
    await expect(m.complete(REQ)).rejects.toThrow(/no choices/);
  });

  it('opens the circuit after repeated failures and then sends nothing', async () => {
    const srv = await fakeServer((_q, _b, res) => void res.writeHead(400).end());
    const m = new OpenAICompatibleModel({
      baseUrl: srv.url,
      model: 'm',
      breaker: { failureThreshold: 2, resetMs: 60_000 },
    });
    await expect(m.complete(REQ)).rejects.toBeInstanceOf(ModelError);
    await expect(m.complete(REQ)).rejects.toBeInstanceOf(ModelError);
    expect(m.breaker.state).toBe('open');
    await expect(m.complete(REQ)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(srv.requests).toHaveLength(2);
  });

  it('rate-limits with a token bucket', async () => {
    const srv = await fakeServer((_q, _b, res) => reply(res, 'ok'));
    const m = new OpenAICompatibleModel({
      baseUrl: srv.url,
      model: 'm',
      rateLimit: { capacity: 1, refillPerSec: 0.1 },
    });
    expect(await m.complete(REQ)).toBe('ok');
    await expect(m.complete({ ...REQ, timeoutMs: 200 })).rejects.toBeInstanceOf(RateLimitedError);
    expect(srv.requests).toHaveLength(1);
    expect(m.breaker.state).toBe('closed');
  });

  it('a network error (connection refused) is retried and reported without payload text', async () => {
    const srv = await fakeServer(() => undefined);
    const url = srv.url;
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
    const m = new OpenAICompatibleModel({ baseUrl: url, model: 'm', backoffMs: 5 });
    const err = (await m.complete({ ...REQ, user: 'SECRET-PAYLOAD' }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).not.toContain('SECRET-PAYLOAD');
  });
});

describe('TokenBucket and CircuitBreaker', () => {
  it('bucket refills over time', () => {
    let t = 0;
    const b = new TokenBucket(2, 1, () => t);
    expect(b.tryTake()).toBe(true);
    expect(b.tryTake()).toBe(true);
    expect(b.tryTake()).toBe(false);
    expect(b.waitMs()).toBe(1000);
    t = 1000;
    expect(b.tryTake()).toBe(true);
  });

  it('breaker: closed → open → half-open (one trial) → closed / re-open', () => {
    let t = 0;
    const c = new CircuitBreaker(2, 100, () => t);
    c.failure();
    expect(c.state).toBe('closed');
    c.failure();
    expect(c.state).toBe('open');
    expect(c.allow()).toBe(false);
    t = 100;
    expect(c.state).toBe('half-open');
    expect(c.allow()).toBe(true);
    expect(c.allow()).toBe(false);
    c.failure();
    expect(c.state).toBe('open');
    t = 200;
    expect(c.allow()).toBe(true);
    c.success();
    expect(c.state).toBe('closed');
  });
});

describe('modelFromEnv', () => {
  it('selects the backend from SSM_LAYER2_BACKEND', () => {
    expect(modelFromEnv({ SSM_LAYER2_BACKEND: 'none' })).toBeNull();
    expect(modelFromEnv({ SSM_LAYER2_BACKEND: 'http', SSM_LAYER2_URL: 'http://x', SSM_LAYER2_MODEL: 'm' })?.name).toBe(
      'http:m',
    );
    expect(() => modelFromEnv({ SSM_LAYER2_BACKEND: 'http' })).toThrow();
  });
});
