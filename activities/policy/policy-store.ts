/**
 * Hot-reloadable policy: the file is watched; a change is parsed and validated completely and only then swapped in
 * as one frozen snapshot. A failed reload keeps the previous snapshot in force and reports the error, so a
 * half-written or invalid file never weakens (or breaks) enforcement.
 * @module
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { loadPolicy } from './policy';
import type { PolicySnapshot } from './policy';

/** Outcome of a reload. */
export type ReloadResult = { ok: true; rules: number } | { ok: false; error: string };

/** Holds the policy in force. */
export class PolicyStore {
  #snapshot: PolicySnapshot;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;

  /**
   * Loads `path` (throws {@link PolicyError} if the initial file is invalid: the worker must not start without one).
   * @param onReload called after every reload attempt (e.g. to log it).
   */
  constructor(
    readonly path: string,
    private readonly onReload: (r: ReloadResult) => void = () => undefined,
  ) {
    this.#snapshot = loadPolicy(path);
  }

  /** The snapshot in force. */
  current(): PolicySnapshot {
    return this.#snapshot;
  }

  /** Re-reads the file; swaps only if it is valid. */
  reload(): ReloadResult {
    let result: ReloadResult;
    try {
      this.#snapshot = loadPolicy(this.path);
      result = { ok: true, rules: this.#snapshot.rules.length };
    } catch (err) {
      result = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    this.onReload(result);
    return result;
  }

  /** Starts watching the file (debounced 200 ms, so editors' write-rename sequences reload once). */
  watch(): void {
    if (this.#watcher) return;
    this.#watcher = watch(this.path, { persistent: false }, () => {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.reload(), 200);
    });
  }

  /** Stops watching. */
  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    if (this.#timer) clearTimeout(this.#timer);
  }
}
