/** Command and network policy: public API. @module */
export {
  DEFAULT_LIMITS,
  PolicyError,
  checkAddress,
  commandPolicySnapshot,
  evaluateCommand,
  limitsFor,
  loadPolicy,
  parsePolicy,
} from './policy';
export type { CommandPolicySnapshot, CompiledRule, Decision, Limits, PolicySnapshot } from './policy';
export { PolicyStore } from './policy-store';
export type { ReloadResult } from './policy-store';
export { analyzeCommand } from './shell';
export type { Analysis, SimpleCommand } from './shell';
