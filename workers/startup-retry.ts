/**
 * Retrying the worker's idempotent start-up calls to Temporal (starting the pipeline guard with `USE_EXISTING`,
 * creating the canary Schedule) while the server is slow or briefly unreachable. On two busy cores a dev server can
 * answer a start call with DEADLINE_EXCEEDED or UNAVAILABLE; without a retry the worker gave up before polling.
 * @module
 */

/**
 * gRPC status codes worth another attempt (grpc/grpc `doc/statuscodes.md`): DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8,
 * ABORTED 10, INTERNAL 13, UNAVAILABLE 14. Every other code (INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND …) is a
 * configuration error that waiting does not fix.
 */
export const TRANSIENT_GRPC_CODES: ReadonlySet<number> = new Set([4, 8, 10, 13, 14]);

/** Default total wait (ms) before the worker gives up and exits: long enough for a dev server that is still starting. */
export const STARTUP_RETRY_TOTAL_MS = 120_000;

/**
 * The gRPC status code of `err` or of one of its first four causes (the client wraps it in a `ServiceError`).
 * @returns the code, or undefined when no error in the chain carries a numeric `code`.
 */
export function grpcCode(err: unknown): number | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    const x = e as { code?: unknown; cause?: unknown };
    if (typeof x.code === 'number') return x.code;
    e = x.cause;
  }
  return undefined;
}

/** Whether `err` is worth another attempt: its gRPC code is in {@link TRANSIENT_GRPC_CODES}. */
export function isTransientGrpcError(err: unknown): boolean {
  const code = grpcCode(err);
  return code !== undefined && TRANSIENT_GRPC_CODES.has(code);
}

/** Options of {@link retryTransient}. */
export interface StartupRetryOptions {
  /** Give up after this many ms in total (default {@link STARTUP_RETRY_TOTAL_MS}). */
  totalMs?: number;
  /** First pause in ms (default 500), doubled after each failure up to 8000. */
  firstDelayMs?: number;
  /** Called before each pause with the failed attempt's number (1-based), gRPC code and the pause in ms. */
  onRetry?: (info: { attempt: number; code: number | undefined; delayMs: number; message: string }) => void;
  /** Injectable pause, for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable clock in ms, for tests. */
  now?: () => number;
}

/**
 * Runs the idempotent call `op`, and again with exponential backoff while it fails with a transient gRPC error.
 * @returns what `op` returns.
 * @throws the last error when it is not transient, or when `totalMs` would pass before the next attempt.
 */
export async function retryTransient<T>(op: () => Promise<T>, opts: StartupRetryOptions = {}): Promise<T> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + (opts.totalMs ?? STARTUP_RETRY_TOTAL_MS);
  let delay = opts.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isTransientGrpcError(err) || now() + delay > deadline) throw err;
      opts.onRetry?.({
        attempt,
        code: grpcCode(err),
        delayMs: delay,
        message: err instanceof Error ? err.message : String(err),
      });
      await sleep(delay);
      delay = Math.min(delay * 2, 8000);
    }
  }
}
