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
  /** prefix → raw value → placeholder (one map per numbering: no composite key string per lookup). */
  readonly #byPrefix = new Map<string, Map<string, string>>();
  #size = 0;

  /** @returns the stable placeholder for `value` in `category`'s numbering. */
  placeholderFor(category: string, value: string): string {
    const prefix = IDENTIFIER_PREFIX[category] ?? category;
    let byValue = this.#byPrefix.get(prefix);
    if (!byValue) {
      byValue = new Map<string, string>();
      this.#byPrefix.set(prefix, byValue);
    }
    let ph = byValue.get(value);
    if (!ph) {
      ph = `[${prefix}_${String(byValue.size + 1).padStart(3, '0')}]`;
      byValue.set(value, ph);
      this.#size++;
    }
    return ph;
  }

  /** Number of distinct values mapped. */
  get size(): number {
    return this.#size;
  }

  /** Forgets every mapping. */
  clear(): void {
    this.#byPrefix.clear();
    this.#size = 0;
  }
}

/** A fresh, empty table. */
export function createPseudonymTable(): PseudonymTable {
  return new PseudonymTable();
}
