/**
 * Layer 1 redaction (issue 3): the deterministic wall between raw server output and the public AI (architecture
 * document §06). One public entry, {@link redact}; see `engine.ts` for the pipeline, `rules.ts` and `scanners.ts` for
 * our rules (each with its source), `gitleaks.ts` for the pinned gitleaks rule set.
 * @module
 */

export { redact, engineInfo } from './engine';
export type { RedactionContext, RedactionResult, RedactionSpan } from './engine';
export type { RedactionCategory } from './candidates';
export { PseudonymTable, createPseudonymTable } from './pseudonyms';

/** Thrown only internally; never carries input text. */
export class RedactionFailedError extends Error {
  override name = 'RedactionFailedError';
}
