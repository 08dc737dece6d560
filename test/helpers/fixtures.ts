/** Small value fixtures shared by unit and integration tests. */
import type { CommandResult } from '../../workflows/api';

/** A successful, already-redacted command result; `overrides` replace any field. */
export function commandResult(overrides: Partial<CommandResult> = {}): CommandResult {
  return {
    sequence: 1,
    stdout: '',
    stderr: '',
    exitCode: 0,
    signal: null,
    timedOut: false,
    truncated: false,
    binary: false,
    outputBytes: 0,
    durationMs: 5,
    redactions: { layer1: 0, layer2: 0, byCategory: {} },
    ...overrides,
  };
}
