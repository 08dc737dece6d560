/** Workflow bundle entry: every workflow the workers register. @module */
export * from './ssh-session.workflow';
export * from './list-hosts.workflow';
export * from './pipeline-guard.workflow';
export * from './canary-validator.workflow';
export * from './policy.workflow';
export * from './audit-lifecycle.workflow';
