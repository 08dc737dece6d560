/**
 * A fake clock for retry loops that take injectable `now` and `sleep`: `sleep(ms)` advances `now()` by `ms` at once
 * and records the pause, so a test sees every backoff without waiting.
 * @module
 */

/** The clock's `now` (ms), `sleep` and the pauses slept so far (ms, in order). */
export interface FakeClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  slept: number[];
}

/** A fake clock starting at 0 ms. */
export function fakeClock(): FakeClock {
  let t = 0;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: (ms) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
    slept,
  };
}
