/**
 * Exact-match lookup of every registered canary value (and per-session secrets) in text about to leave the worker.
 *
 * Implementation choice, measured (`npm run bench:canary`): for the ~40 values we hold, one V8
 * `String.prototype.includes` scan per value is 7–10× faster than one Aho-Corasick pass with the `modern-ahocorasick`
 * library (which segments Unicode grapheme clusters). Both are library code; the faster one wins. Revisit if the
 * value count grows into the thousands, where a single automaton pass wins.
 * @module
 */
import type { Canary } from './canaries';
import { renderOutput } from '../ssh/output';
import type { CanaryBatchResult } from '../../workflows/api';

/** Registered canaries. Values stay inside this object; only canary ids ever leave it. */
export class CanaryRegistry {
  readonly #canaries: readonly Canary[];
  /** value → ids of the canaries that carry it */
  readonly #byValue: ReadonlyMap<string, readonly string[]>;

  /** @param canaries the set from {@link generateCanaries}. */
  constructor(canaries: readonly Canary[]) {
    this.#canaries = canaries;
    const byValue = new Map<string, string[]>();
    for (const c of canaries) for (const v of c.values) byValue.set(v, [...(byValue.get(v) ?? []), c.id]);
    this.#byValue = byValue;
  }

  /** Number of payloads. */
  get size(): number {
    return this.#canaries.length;
  }

  /**
   * Ids of the canaries whose values occur in `text`, plus `session-secret` when any of `secrets` occurs.
   * @param secrets extra exact values that must never leave (e.g. the session key's base64 body lines).
   */
  survivors(text: string, secrets: readonly string[] = []): string[] {
    const ids = new Set<string>();
    for (const [value, carriers] of this.#byValue) if (text.includes(value)) for (const id of carriers) ids.add(id);
    for (const s of secrets) if (s.length >= 12 && text.includes(s)) ids.add('session-secret');
    return [...ids];
  }

  /**
   * Pushes every canary payload through the same rendering path as real command output (binary check, Layer 1
   * redaction, truncation rules) and reports which survive.
   * @param disabledRules TEST-ONLY rule names to disable (a deliberately broken redactor).
   */
  runBatch(disabledRules?: ReadonlySet<string>): CanaryBatchResult {
    const t0 = performance.now();
    const survived = new Set<string>();
    for (const c of this.#canaries) {
      const out = renderOutput(Buffer.from(c.payload), {
        truncated: false,
        cap: 1 << 20,
        totalBytes: c.payload.length,
        ...(disabledRules ? { disabledRules } : {}),
      });
      if (c.values.some((v) => out.text.includes(v))) survived.add(c.id);
    }
    return {
      checked: this.#canaries.length,
      survived: [...survived].sort(),
      processingMs: Math.round(performance.now() - t0),
    };
  }
}
