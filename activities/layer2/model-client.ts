/**
 * Layer 2 (issue 5): one interface to a local language model, {@link LocalModel}, with two backends.
 *
 * - {@link OpenAICompatibleModel}: any OpenAI-compatible `/v1/chat/completions` server inside the trusted zone
 *   (llama.cpp `llama-server`, vLLM, Ollama …). Threat model §08 "Denial of service on MiniMax": request-size limit,
 *   token-bucket rate limit, circuit breaker; plus per-request timeout and retries with exponential backoff.
 * - {@link EmbeddedLlamaModel}: an in-process CPU model through `node-llama-cpp` (prebuilt binaries from npm) and a
 *   GGUF file fetched by `scripts/fetch-local-model.sh`. JSON output is enforced by node-llama-cpp's JSON-schema
 *   grammar (defence D2: the model cannot emit anything but the schema).
 *
 * Defence D3 (no tools, no network, no memory) is structural: neither backend offers tools or function calling, the
 * embedded model has no network at all, and every request starts from an empty chat history.
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type * as NodeLlamaCppModule from 'node-llama-cpp';

/** One completion request. `system` is trusted; `user` carries (spotlighted) untrusted data. */
export interface CompletionRequest {
  system: string;
  user: string;
  /** When present the reply must be one JSON value of this schema (grammar-enforced or server `json_schema`). */
  jsonSchema?: object;
  maxTokens: number;
  /** Total budget for this call, retries included. */
  timeoutMs: number;
}

/** A local model: text in, text out. No tools, no state between calls. */
export interface LocalModel {
  readonly name: string;
  complete(req: CompletionRequest): Promise<string>;
  /** Releases native resources / timers. Optional. */
  close?(): Promise<void>;
}

/** Base class of every model-client failure; the message never carries request or response text. */
export class ModelError extends Error {
  override name = 'ModelError';
}
/** The call's time budget ran out. */
export class ModelTimeoutError extends ModelError {
  override name = 'ModelTimeoutError';
}
/** Refused before sending: the request is larger than the configured limit. */
export class RequestTooLargeError extends ModelError {
  override name = 'RequestTooLargeError';
}
/** Refused before sending: the circuit breaker is open after repeated failures. */
export class CircuitOpenError extends ModelError {
  override name = 'CircuitOpenError';
}
/** Refused before sending: no rate-limit token could be had within the time budget. */
export class RateLimitedError extends ModelError {
  override name = 'RateLimitedError';
}

// ---------------------------------------------------------------------------------------------------------------------
// Resilience primitives
// ---------------------------------------------------------------------------------------------------------------------

/** Classic token bucket: `capacity` tokens, refilled continuously at `refillPerSec`. */
export class TokenBucket {
  #tokens: number;
  #last: number;
  constructor(
    private readonly capacity: number,
    private readonly refillPerSec: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#tokens = capacity;
    this.#last = now();
  }

  #refill(): void {
    const t = this.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((t - this.#last) / 1000) * this.refillPerSec);
    this.#last = t;
  }

  /** Takes a token now if one is there. */
  tryTake(): boolean {
    this.#refill();
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until a token is available (0 if one is there now). */
  waitMs(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.refillPerSec) * 1000);
  }
}

/** Circuit breaker: `closed` → `open` after `failureThreshold` consecutive failures; one trial after `resetMs`. */
export class CircuitBreaker {
  #failures = 0;
  #openedAt: number | null = null;
  #trialInFlight = false;
  constructor(
    private readonly failureThreshold: number,
    private readonly resetMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.#openedAt === null) return 'closed';
    return this.now() - this.#openedAt >= this.resetMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now (in half-open, only one trial at a time). */
  allow(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'open' || this.#trialInFlight) return false;
    this.#trialInFlight = true;
    return true;
  }

  success(): void {
    this.#failures = 0;
    this.#openedAt = null;
    this.#trialInFlight = false;
  }

  failure(): void {
    this.#trialInFlight = false;
    this.#failures++;
    if (this.#openedAt !== null || this.#failures >= this.failureThreshold) this.#openedAt = this.now();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// (a) OpenAI-compatible HTTP backend
// ---------------------------------------------------------------------------------------------------------------------

/** Options of {@link OpenAICompatibleModel}. */
export interface HttpModelOptions {
  /** e.g. `http://127.0.0.1:8080` or `http://llm.internal:8000/v1` (a trailing `/v1` is accepted). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Largest request body sent, in bytes (default 256 KiB). */
  maxRequestBytes?: number;
  /** Largest response body accepted, in bytes (default 256 KiB). */
  maxResponseBytes?: number;
  /** Retries after the first attempt on network errors, 429 and 5xx (default 2). */
  retries?: number;
  /** First backoff delay; doubled each retry, with ±25 % jitter (default 200 ms). */
  backoffMs?: number;
  /** Token bucket (default capacity 10, 5 per second). */
  rateLimit?: { capacity: number; refillPerSec: number };
  /** Circuit breaker (default 5 consecutive failures, 30 s). */
  breaker?: { failureThreshold: number; resetMs: number };
  /** Injectable for tests. */
  fetchImpl?: typeof fetch;
}

class RetryableError extends ModelError {
  override name = 'RetryableError';
}

/** Backend (a): OpenAI-compatible chat completions over HTTP. */
export class OpenAICompatibleModel implements LocalModel {
  readonly name: string;
  readonly #url: string;
  readonly #opts: Required<Omit<HttpModelOptions, 'apiKey' | 'fetchImpl'>> & Pick<HttpModelOptions, 'apiKey'>;
  readonly #bucket: TokenBucket;
  readonly breaker: CircuitBreaker;
  readonly #fetch: typeof fetch;

  constructor(opts: HttpModelOptions) {
    const base = opts.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.#url = `${base}/v1/chat/completions`;
    this.name = `http:${opts.model}`;
    this.#opts = {
      baseUrl: base,
      model: opts.model,
      ...(opts.apiKey ? { apiKey: opts.apiKey } : {}),
      maxRequestBytes: opts.maxRequestBytes ?? 256 * 1024,
      maxResponseBytes: opts.maxResponseBytes ?? 256 * 1024,
      retries: opts.retries ?? 2,
      backoffMs: opts.backoffMs ?? 200,
      rateLimit: opts.rateLimit ?? { capacity: 10, refillPerSec: 5 },
      breaker: opts.breaker ?? { failureThreshold: 5, resetMs: 30_000 },
    };
    this.#bucket = new TokenBucket(this.#opts.rateLimit.capacity, this.#opts.rateLimit.refillPerSec);
    this.breaker = new CircuitBreaker(this.#opts.breaker.failureThreshold, this.#opts.breaker.resetMs);
    this.#fetch = opts.fetchImpl ?? fetch;
  }

  async complete(req: CompletionRequest): Promise<string> {
    const deadline = Date.now() + req.timeoutMs;
    const body = JSON.stringify({
      model: this.#opts.model,
      messages: [
        { role: 'system', content: req.system },
        { role: 'user', content: req.user },
      ],
      max_tokens: req.maxTokens,
      temperature: 0,
      stream: false,
      // D3: never offer tools or function calling.
      ...(req.jsonSchema
        ? {
            response_format: {
              type: 'json_schema',
              json_schema: { name: 'layer2', strict: true, schema: req.jsonSchema },
            },
          }
        : {}),
    });
    if (Buffer.byteLength(body) > this.#opts.maxRequestBytes) {
      throw new RequestTooLargeError(
        `request of ${Buffer.byteLength(body)} bytes exceeds ${this.#opts.maxRequestBytes}`,
      );
    }
    if (!this.breaker.allow()) throw new CircuitOpenError('local model circuit breaker is open');

    let lastErr: unknown;
    for (let attempt = 0; attempt <= this.#opts.retries; attempt++) {
      if (attempt > 0) {
        const base = this.#opts.backoffMs * 2 ** (attempt - 1);
        const delay = Math.round(base * (0.75 + Math.random() * 0.5));
        if (Date.now() + delay >= deadline) break;
        await sleep(delay);
      }
      const wait = this.#bucket.waitMs();
      if (wait > 0) {
        if (Date.now() + wait >= deadline) {
          // Not the server's fault: do not count against the breaker.
          this.breaker.success();
          throw new RateLimitedError('local model rate limit: no token within the time budget');
        }
        await sleep(wait);
      }
      this.#bucket.tryTake();
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      try {
        const text = await this.#attempt(body, remaining);
        this.breaker.success();
        return text;
      } catch (err) {
        lastErr = err;
        if (!(err instanceof RetryableError)) {
          this.breaker.failure();
          throw err;
        }
      }
    }
    this.breaker.failure();
    if (Date.now() >= deadline || lastErr instanceof ModelTimeoutError) {
      throw new ModelTimeoutError(`local model did not answer within ${req.timeoutMs} ms`);
    }
    throw new ModelError(`local model failed after ${this.#opts.retries + 1} attempt(s): ${errName(lastErr)}`);
  }

  async #attempt(body: string, timeoutMs: number): Promise<string> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    try {
      let res: Response;
      try {
        res = await this.#fetch(this.#url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(this.#opts.apiKey ? { authorization: `Bearer ${this.#opts.apiKey}` } : {}),
          },
          body,
          signal: ac.signal,
        });
      } catch (err) {
        if (ac.signal.aborted) throw new ModelTimeoutError('attempt timed out');
        throw new RetryableError(`network error: ${errName(err)}`);
      }
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel().catch(() => undefined);
        throw new RetryableError(`HTTP ${res.status}`);
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new ModelError(`HTTP ${res.status}`);
      }
      const raw = await readCapped(res, this.#opts.maxResponseBytes).catch((err: unknown) => {
        if (ac.signal.aborted) throw new ModelTimeoutError('attempt timed out');
        throw err;
      });
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new ModelError('response is not JSON');
      }
      const content = (parsed as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
      if (typeof content !== 'string') throw new ModelError('response has no choices[0].message.content string');
      return content;
    } catch (err) {
      if (err instanceof ModelTimeoutError) throw new RetryableError('attempt timed out');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}

async function readCapped(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let n = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    n += chunk.byteLength;
    if (n > max) throw new ModelError(`response exceeds ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// ---------------------------------------------------------------------------------------------------------------------
// (b) Embedded node-llama-cpp backend
// ---------------------------------------------------------------------------------------------------------------------

/** Where `scripts/fetch-local-model.sh` puts the pinned GGUF. */
export const DEFAULT_GGUF_PATH = path.resolve(
  __dirname,
  '../../.tools/models/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf',
);

/** Options of {@link EmbeddedLlamaModel}. */
export interface EmbeddedModelOptions {
  /** GGUF file (default {@link DEFAULT_GGUF_PATH}, overridable with `SSM_LAYER2_GGUF`). */
  modelPath?: string;
  /** Context window in tokens (default 4096). */
  contextSize?: number;
  /** CPU threads (default 2). */
  threads?: number;
  /** Largest `system + user` accepted, in bytes (default 48 KiB). */
  maxRequestBytes?: number;
}

// node-llama-cpp is ESM-only; this CommonJS project must not let tsc turn `import()` into `require()`.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const esmImport = new Function('s', 'return import(s)') as (s: string) => Promise<unknown>;

type NodeLlamaCpp = typeof NodeLlamaCppModule;

/**
 * Loads node-llama-cpp (ESM with top-level await, so `require` cannot load it). Under Node/tsx the `Function`-built
 * `import()` is used; inside a VM context without an import callback (vitest) the bundler-handled `import()` is.
 */
async function loadNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  try {
    return (await esmImport('node-llama-cpp')) as NodeLlamaCpp;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING') throw err;
    return import('node-llama-cpp');
  }
}
type Llama = Awaited<ReturnType<NodeLlamaCpp['getLlama']>>;
type LlamaModelT = Awaited<ReturnType<Llama['loadModel']>>;
type LlamaContextT = Awaited<ReturnType<LlamaModelT['createContext']>>;

/** Backend (b): in-process CPU inference. Calls are serialized (one context sequence). */
export class EmbeddedLlamaModel implements LocalModel {
  readonly name: string;
  readonly #path: string;
  readonly #opts: EmbeddedModelOptions;
  #loading: Promise<{ lib: NodeLlamaCpp; llama: Llama; model: LlamaModelT; context: LlamaContextT }> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #grammars = new Map<string, Promise<unknown>>();

  constructor(opts: EmbeddedModelOptions = {}) {
    this.#path = opts.modelPath ?? process.env.SSM_LAYER2_GGUF ?? DEFAULT_GGUF_PATH;
    this.#opts = opts;
    this.name = `embedded:${path.basename(this.#path)}`;
  }

  /** Whether the GGUF file is present (the fetch script has run). */
  static available(modelPath: string = process.env.SSM_LAYER2_GGUF ?? DEFAULT_GGUF_PATH): boolean {
    return existsSync(modelPath);
  }

  #load(): Promise<{ lib: NodeLlamaCpp; llama: Llama; model: LlamaModelT; context: LlamaContextT }> {
    this.#loading ??= (async () => {
      if (!existsSync(this.#path)) throw new ModelError('GGUF model file not found; run scripts/fetch-local-model.sh');
      const lib = await loadNodeLlamaCpp();
      // build: 'never' — only the prebuilt binaries shipped in the npm packages; never download or compile.
      const llama = await lib.getLlama({ gpu: false, build: 'never', logLevel: lib.LlamaLogLevel.error });
      const model = await llama.loadModel({ modelPath: this.#path });
      const context = await model.createContext({
        contextSize: this.#opts.contextSize ?? 4096,
        threads: this.#opts.threads ?? 2,
        batchSize: 512,
        sequences: 1,
      });
      return { lib, llama, model, context };
    })();
    this.#loading.catch(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  complete(req: CompletionRequest): Promise<string> {
    const max = this.#opts.maxRequestBytes ?? 48 * 1024;
    const size = Buffer.byteLength(req.system) + Buffer.byteLength(req.user);
    if (size > max) return Promise.reject(new RequestTooLargeError(`request of ${size} bytes exceeds ${max}`));
    const run = this.#queue.then(() => this.#complete(req));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #complete(req: CompletionRequest): Promise<string> {
    const t0 = Date.now();
    const { lib, llama, context } = await this.#load();
    let grammar: unknown;
    if (req.jsonSchema) {
      const key = JSON.stringify(req.jsonSchema);
      let g = this.#grammars.get(key);
      if (!g) {
        g = llama.createGrammarForJsonSchema(grammarSchema(req.jsonSchema) as never);
        this.#grammars.set(key, g);
      }
      grammar = await g;
    }
    const remaining = req.timeoutMs - (Date.now() - t0);
    if (remaining <= 0) throw new ModelTimeoutError('model load used the whole time budget');
    const sequence = context.getSequence();
    // D3 no memory: a fresh chat session on a cleared sequence for every request.
    const session = new lib.LlamaChatSession({
      contextSequence: sequence,
      systemPrompt: req.system,
      autoDisposeSequence: false,
    });
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), remaining);
    try {
      const out = await session.prompt(req.user, {
        maxTokens: req.maxTokens,
        temperature: 0,
        signal: ac.signal,
        ...(grammar ? { grammar: grammar as never } : {}),
      });
      if (ac.signal.aborted) throw new ModelTimeoutError(`local model did not answer within ${req.timeoutMs} ms`);
      return out;
    } catch (err) {
      if (ac.signal.aborted) throw new ModelTimeoutError(`local model did not answer within ${req.timeoutMs} ms`);
      throw new ModelError(`embedded model failed: ${errName(err)}`);
    } finally {
      clearTimeout(timer);
      session.dispose();
      await sequence.clearHistory();
      await sequence.dispose();
    }
  }

  async close(): Promise<void> {
    const loaded = await this.#loading?.catch(() => null);
    this.#loading = null;
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
    await loaded.llama.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------------------------

/** Layer 2 model configuration from the environment (see `.env.example`). */
export function modelFromEnv(env: NodeJS.ProcessEnv = process.env): LocalModel | null {
  const backend = env.SSM_LAYER2_BACKEND ?? (EmbeddedLlamaModel.available() ? 'embedded' : 'none');
  if (backend === 'http') {
    if (!env.SSM_LAYER2_URL || !env.SSM_LAYER2_MODEL)
      throw new Error('SSM_LAYER2_URL and SSM_LAYER2_MODEL are required');
    return new OpenAICompatibleModel({
      baseUrl: env.SSM_LAYER2_URL,
      model: env.SSM_LAYER2_MODEL,
      ...(env.SSM_LAYER2_API_KEY ? { apiKey: env.SSM_LAYER2_API_KEY } : {}),
    });
  }
  if (backend === 'embedded') {
    const threads = env.SSM_LAYER2_THREADS === undefined ? undefined : Number(env.SSM_LAYER2_THREADS);
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64))
      throw new Error('SSM_LAYER2_THREADS must be an integer from 1 to 64');
    return new EmbeddedLlamaModel(threads === undefined ? {} : { threads });
  }
  return null;
}

/**
 * The schema handed to the grammar compiler, without length/count bounds: bounded repetitions blow the GBNF grammar
 * up (measured on 2 shared cores, SmolLM2-135M, a 1.2 KB corpus payload: 64 tokens took 64.7 s with the bounded schema
 * and 11.1 s without). The bounds stay enforced by the caller's strict validation (D4) and by `maxTokens`.
 */
export function grammarSchema(schema: object): object {
  const DROP = new Set(['maxLength', 'minLength', 'maxItems', 'minItems', 'minimum', 'maximum']);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !DROP.has(k))
        .map(([k, x]) => [k, walk(x)]),
    );
  };
  return walk(schema) as object;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function errName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
