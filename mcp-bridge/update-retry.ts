/**
 * Sending an Update again when Temporal refused to admit it because the workflow's task is failing. That happens for a
 * few seconds after the worker holding a session dies: its workflow task times out, and until another worker completes
 * the retried task the server answers `FAILED_PRECONDITION: Unable to perform workflow execution update due to
 * Workflow Task in failed state`. The Update was never accepted, so its handler never ran; sending it again cannot run
 * a command twice.
 * @module
 */

/** gRPC status FAILED_PRECONDITION (grpc/grpc `doc/statuscodes.md`). */
const FAILED_PRECONDITION = 9;

/**
 * Default total wait (ms). Measured on 2 cores in CI: after a worker was killed, the session's workflow task stayed in
 * the failed state for 51 s (a 10 s sticky timeout, then two 10 s start-to-close timeouts on the replacement worker,
 * busy starting up, with a 20 s backoff between them). 90 s covers that with margin; an MCP client waits for it.
 */
export const UPDATE_RETRY_TOTAL_MS = 90_000;

/**
 * Whether `err` (or one of its first causes) is the server refusing an Update while the workflow task is failing.
 * @param err anything thrown by `executeUpdate`/`executeUpdateWithStart`.
 */
export function isUpdateRefusedWhileTaskFails(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    const x = e as { code?: unknown; details?: unknown; message?: unknown; cause?: unknown };
    const text = typeof x.details === 'string' ? x.details : typeof x.message === 'string' ? x.message : '';
    if (x.code === FAILED_PRECONDITION && /workflow task in failed state/i.test(text)) return true;
    e = x.cause;
  }
  return false;
}

/** Options of {@link sendUpdate}. */
export interface UpdateRetryOptions {
  /** Give up after this many ms in total (default {@link UPDATE_RETRY_TOTAL_MS}). */
  totalMs?: number;
  /** First pause in ms (default 250), doubled after each refusal up to 4000. */
  firstDelayMs?: number;
  /** Injectable pause, for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable clock in ms, for tests. */
  now?: () => number;
}

/**
 * Runs `send` (one Update call) and sends it again, with exponential backoff, while the server refuses it because the
 * workflow task is failing ({@link isUpdateRefusedWhileTaskFails}).
 * @returns what `send` returns.
 * @throws the last error when it is any other error, or when `totalMs` has passed.
 */
export async function sendUpdate<T>(send: () => Promise<T>, opts: UpdateRetryOptions = {}): Promise<T> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + (opts.totalMs ?? UPDATE_RETRY_TOTAL_MS);
  let delay = opts.firstDelayMs ?? 250;
  for (;;) {
    try {
      return await send();
    } catch (err) {
      if (!isUpdateRefusedWhileTaskFails(err) || now() + delay > deadline) throw err;
      await sleep(delay);
      delay = Math.min(delay * 2, 4000);
    }
  }
}
