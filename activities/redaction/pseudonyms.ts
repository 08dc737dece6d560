/**
 * Consistent pseudonyms within one session (issue 3 item 3): the same raw value always maps to the same numbered
 * placeholder for identifier categories, so the AI can reason about "the same IP failed 40 times" without seeing it.
 * @module
 */

/** Identifier categories → the prefix of their numbered placeholders. Other categories get `[X_REDACTED]`. */
export const IDENTIFIER_PREFIX: Readonly<Record<string, string>> = {
  IP: 'IP',
  EMAIL: 'EMAIL',
  USER: 'USER',
  DBUSER: 'USER',
  HOST: 'HOST',
  PERSON: 'PERSON',
  PHONE: 'PHONE',
  PII: 'PII',
};

/**
 * Maps raw values to numbered placeholders (`[IP_001]`, `[HOST_002]` …) for one session. Lives only in worker memory;
 * {@link PseudonymTable.clear} wipes it when the session ends. Values are never logged or serialised.
 */
export class PseudonymTable {
  readonly #byValue = new Map<string, string>();
  readonly #next = new Map<string, number>();

  /** @returns the stable placeholder for `value` in `category`'s numbering. */
  placeholderFor(category: string, value: string): string {
    const prefix = IDENTIFIER_PREFIX[category] ?? category;
    const key = `${prefix}\u0000${value}`;
    let ph = this.#byValue.get(key);
    if (!ph) {
      const n = (this.#next.get(prefix) ?? 0) + 1;
      this.#next.set(prefix, n);
      ph = `[${prefix}_${String(n).padStart(3, '0')}]`;
      this.#byValue.set(key, ph);
    }
    return ph;
  }

  /** Number of distinct values mapped. */
  get size(): number {
    return this.#byValue.size;
  }

  /** Forgets every mapping. */
  clear(): void {
    this.#byValue.clear();
    this.#next.clear();
  }
}

/** A fresh, empty table. */
export function createPseudonymTable(): PseudonymTable {
  return new PseudonymTable();
}
