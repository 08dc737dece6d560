/**
 * Exact-match lookup of every registered canary value (and per-session secrets) in text about to leave the worker.
 * One Aho-Corasick pass (`modern-ahocorasick`) over the payload, whatever the number of values.
 * @module
 */
import AhoCorasick from 'modern-ahocorasick';
import type { Canary } from './canaries';
import { renderOutput } from '../ssh/output';
import type { CanaryBatchResult } from '../../workflows/api';

/** Registered canaries. Values stay inside this object; only canary ids ever leave it. */
export class CanaryRegistry {
  readonly #canaries: readonly Canary[];
  readonly #matcher: AhoCorasick<string>;

  /** @param canaries the set from {@link generateCanaries}. */
  constructor(canaries: readonly Canary[]) {
    this.#canaries = canaries;
    this.#matcher = new AhoCorasick(canaries.flatMap((c) => c.values.map((v) => ({ pattern: v, data: c.id }))));
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
    for (const m of this.#matcher.iterate(text)) ids.add(m.data ?? 'canary');
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
