/**
 * Zone-wide activities: any worker on the shared task queue may run them. None touches key material.
 * @module
 */
import { isIP } from 'node:net';
import { Context } from '@temporalio/activity';
import { quarantineSignal } from '../workflows/api';
import type { CanaryBatchResult, HostListing } from '../workflows/api';
import type { ActivityDeps } from './deps';
import { toFailure } from './errors';
import { checkAddress, evaluateCommand } from './policy';
import type { Decision, ReloadResult } from './policy';

/** Creates the shared activities. */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the inferred record is the contract
export function createSharedActivities(deps: ActivityDeps) {
  /**
   * Returns the worker-specific task queue of the worker that picked this task up. The session workflow then
   * sends every key-holding activity there (Temporal "worker-specific task queues" pattern).
   */
  // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
  async function claimSessionWorker(): Promise<string> {
    return deps.workerQueue;
  }

  /** Inventory as shown to the AI: aliases, tags and users; never addresses or host keys. */
  // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
  async function listHosts(): Promise<HostListing[]> {
    return deps.inventory().hosts.map((h) => ({
      alias: h.alias,
      tags: [...h.tags],
      users: [...h.users],
      ...(h.description !== undefined ? { description: h.description } : {}),
    }));
  }

  /** Records the end of a session in `ssh_sessions` (status per section 09). */
  async function recordSessionEnd(input: {
    sessionId: string;
    status: 'completed' | 'error' | 'quarantined';
    escalated: boolean;
  }): Promise<void> {
    try {
      await deps.audit.endSession(input.sessionId, input.status, new Date(deps.now()), input.escalated);
    } catch (err) {
      throw toFailure(err);
    }
  }

  /** Mirrors quarantine/release into `ssh_sessions.status`. */
  async function recordSessionStatus(input: {
    sessionId: string;
    status: 'active' | 'quarantined';
    reason?: string;
    operator?: string;
  }): Promise<void> {
    try {
      await deps.audit.setStatus(input.sessionId, input.status);
      await deps.audit.recordEvent({
        event: input.status === 'quarantined' ? 'session-quarantined' : 'session-released',
        subject: input.sessionId,
        ...(input.operator ? { operator: input.operator } : {}),
        ...(input.reason ? { reason: input.reason } : {}),
      });
    } catch (err) {
      throw toFailure(err);
    }
  }

  /**
   * Pushes every canary payload through the same rendering path as real output and reports survivors by canary id
   * (never by value). Runs on any worker (each holds the registry).
   */
  // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
  async function runCanaryBatch(): Promise<CanaryBatchResult> {
    const result = deps.canaries.runBatch(deps.testDisabledRules);
    deps.metrics.canaryBatches.inc({ outcome: result.survived.length === 0 ? 'pass' : 'fail' });
    if (result.survived.length > 0) {
      deps.metrics.canarySurvivals.inc({ source: 'periodic' }, result.survived.length);
      deps.logger.error(
        { alert: 'canary_survived', source: 'periodic', canaries: result.survived },
        'canary survived redaction',
      );
    }
    return result;
  }

  /**
   * Signals every running session workflow into quarantine, found through a visibility query
   * (`WorkflowType = 'sshSessionWorkflow' AND ExecutionStatus = 'Running'`).
   * @returns how many sessions were signalled.
   */
  async function quarantineRunningSessions(input: { reason: string }): Promise<number> {
    const client = Context.current().client;
    let n = 0;
    for await (const wf of client.workflow.list({
      query: "WorkflowType = 'sshSessionWorkflow' AND ExecutionStatus = 'Running'",
    })) {
      try {
        await client.workflow.getHandle(wf.workflowId, wf.runId).signal(quarantineSignal, { reason: input.reason });
        n++;
      } catch {
        // the session ended between listing and signalling: nothing to quarantine
      }
      Context.current().heartbeat(n);
    }
    return n;
  }

  /**
   * Emits an alert: a structured error log line, a metric, and (when configured) a JSON POST to the webhook with a
   * 5 s timeout. Value-free by construction: the reason names canary kinds and sessions, never values.
   */
  async function emitAlert(input: {
    event: 'pipeline-halted' | 'pipeline-released';
    reason: string;
    operator?: string;
  }): Promise<void> {
    deps.metrics.alerts.inc({ event: input.event });
    await deps.audit
      .recordEvent({
        event: input.event,
        subject: 'pipeline',
        reason: input.reason,
        ...(input.operator ? { operator: input.operator } : {}),
      })
      .catch(() => deps.logger.error({ alert: input.event }, 'could not record the event in the audit store'));
    deps.metrics.pipelineHalted.set(input.event === 'pipeline-halted' ? 1 : 0);
    const line = { alert: input.event, reason: input.reason };
    if (input.event === 'pipeline-halted') deps.logger.error(line, 'ALERT: redaction pipeline halted');
    else deps.logger.warn(line, 'pipeline released by an operator');
    if (deps.alertWebhookUrl) {
      try {
        await fetch(deps.alertWebhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ source: 'secure-ssh-mcp', ...line, at: new Date(deps.now()).toISOString() }),
          signal: AbortSignal.timeout(5_000),
        });
      } catch {
        deps.logger.warn({ alert: input.event }, 'alert webhook unreachable');
      }
    }
  }

  /**
   * Dry run of the policy (`ssh_plan`): the decision and matching rule for a command on a host, and the network
   * verdict for the host's address, without connecting. Host names are resolved once, as a real connect would.
   */
  async function planCommand(input: { hostAlias: string; command: string }): Promise<Decision & { network: Decision }> {
    const host = deps.inventory().byAlias(input.hostAlias);
    const none: Decision = { decision: 'deny', rule: 'inventory', reason: `unknown host '${input.hostAlias}'` };
    if (!host) return { ...none, network: none };
    const decision = evaluateCommand(deps.policy(), host, input.command);
    let address = host.address;
    try {
      if (isIP(address) === 0) address = await deps.resolve(address);
    } catch {
      return {
        ...decision,
        network: { decision: 'deny', rule: 'network:dns', reason: `'${host.alias}' does not resolve` },
      };
    }
    return { ...decision, network: checkAddress(deps.policy(), host, address) };
  }

  /** Re-reads the policy file on the worker that runs this (all workers also watch the file). */
  // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
  async function reloadPolicy(): Promise<ReloadResult> {
    return deps.reloadPolicy();
  }

  return {
    claimSessionWorker,
    listHosts,
    recordSessionEnd,
    recordSessionStatus,
    runCanaryBatch,
    quarantineRunningSessions,
    emitAlert,
    planCommand,
    reloadPolicy,
  };
}
