/**
 * Shell-aware command analysis (issue 4). The implementation lives in `workflows/command-policy/shell.ts` because the
 * session workflow's `run-command` Update validator runs the very same parser inside Temporal's workflow sandbox; this
 * module keeps the policy's public import path.
 * @module
 */
export { analyzeCommand } from '../../workflows/command-policy/shell';
export type { Analysis, SimpleCommand } from '../../workflows/command-policy/shell';
