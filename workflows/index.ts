/** Workflow bundle entry: every workflow the workers register. @module */
export * from './ssh-session.workflow';
export * from './list-hosts.workflow';
