/**
 * Per-worker counters for the policy limits that need state: commands running per host (max_concurrent) and
 * commands per host per UTC day (max_commands_per_day). In memory, per worker process: with N workers the effective
 * ceilings are N× these (documented in activities/policy/README.md); the per-session quota is exact because it uses
 * the workflow's own sequence numbers.
 * @module
 */

/** Tracks running and daily command counts per host. */
export class QuotaTracker {
  readonly #running = new Map<string, number>();
  readonly #daily = new Map<string, number>();

  /** @param now clock (epoch ms), injectable for tests. */
  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Reserves a slot for one command on `host`.
   * @returns a release function, or a reason string when a limit is reached (nothing reserved then).
   */
  acquire(host: string, limits: { maxConcurrent: number; maxCommandsPerDay: number }): (() => void) | string {
    const day = new Date(this.now()).toISOString().slice(0, 10);
    const dayKey = `${host}\u0000${day}`;
    const running = this.#running.get(host) ?? 0;
    const today = this.#daily.get(dayKey) ?? 0;
    if (running >= limits.maxConcurrent)
      return `'${host}' already runs ${running} command(s); the limit is ${limits.maxConcurrent}`;
    if (today >= limits.maxCommandsPerDay)
      return `'${host}' reached its quota of ${limits.maxCommandsPerDay} commands for ${day} (UTC)`;
    this.#running.set(host, running + 1);
    this.#daily.set(dayKey, today + 1);
    for (const k of this.#daily.keys()) if (!k.endsWith(day)) this.#daily.delete(k);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running.set(host, Math.max(0, (this.#running.get(host) ?? 1) - 1));
    };
  }
}
