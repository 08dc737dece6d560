/**
 * Maps Temporal client errors to MCP tool errors (`isError: true`) with short, redacted, stack-free messages.
 * Expected failures (denied, expired, unknown host …) carry the failure type so the AI can react to them.
 * @module
 */
import {
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { SessionSummary } from '../workflows/api';

/** A tool error result. */
export function toolError(type: string, message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: `${type}: ${message}` }] };
}

/** A tool success result carrying JSON (pretty-printed so the AI reads it easily). */
export function toolJson(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] };
}

/**
 * Converts any error into a tool error. Only ApplicationFailure messages (written redacted by our activities and
 * workflows) are passed through; everything else becomes a generic message.
 */
export function errorToToolResult(err: unknown): CallToolResult {
  const app = findApplicationFailure(err);
  if (app) return toolError(app.type ?? 'Error', app.message);
  if (err instanceof WorkflowNotFoundError)
    return toolError('SessionNotFoundError', 'no such session (unknown id, or it ended and was cleaned up)');
  if (err instanceof WorkflowExecutionAlreadyStartedError)
    return toolError('SessionExistsError', 'a session with this id already exists');
  if (err instanceof WorkflowUpdateFailedError)
    return toolError('UpdateFailedError', 'the session rejected the request');
  const msg = err instanceof Error ? err.message : '';
  if (/workflow execution already completed|already completed/i.test(msg)) {
    return toolError(
      'SessionClosedError',
      'the session has ended (closed, expired or failed); open a new one with ssh_connect',
    );
  }
  if (/UNAVAILABLE|ECONNREFUSED|connect/i.test(msg))
    return toolError('GatewayUnavailableError', 'the trusted zone (Temporal) is unreachable');
  return toolError('InternalError', 'the gateway could not complete the request');
}

/**
 * The rule that would allow the command once approved, when `err` is a PolicyViolationError whose only problem is a
 * missing operator approval of a mutating command (the workflow's validator and the worker mark it with the
 * value-free details `{kind: 'approval-required', rule}`); otherwise undefined — real denials never qualify.
 */
export function approvalRequiredRule(err: unknown): string | undefined {
  const app = findApplicationFailure(err);
  if (app?.type !== 'PolicyViolationError') return undefined;
  const d = (app.details ?? [])[0] as { kind?: unknown; rule?: unknown } | null | undefined;
  return d && d.kind === 'approval-required' && typeof d.rule === 'string' ? d.rule : undefined;
}

function findApplicationFailure(err: unknown): ApplicationFailure | undefined {
  let cur: unknown = err;
  for (let i = 0; i < 6 && cur; i++) {
    if (cur instanceof ApplicationFailure) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Like {@link errorToToolResult}, but when the session workflow has already finished it reads the final summary and
 * says precisely why the session is gone (expired after 15 minutes, closed, failed, quarantined).
 */
export async function sessionErrorToToolResult(err: unknown, handle: WorkflowHandle): Promise<CallToolResult> {
  if (findApplicationFailure(err)) return errorToToolResult(err);
  try {
    const d = await handle.describe();
    if (d.status.name === 'RUNNING') return errorToToolResult(err);
    if (d.status.name === 'COMPLETED') {
      const summary = (await handle.result()) as SessionSummary;
      switch (summary.status) {
        case 'expired':
          return toolError(
            'SessionExpiredError',
            'session expired: the 15-minute key lifetime is over; open a new session with ssh_connect',
          );
        case 'error':
          return toolError('SessionClosedError', `session failed: ${summary.reason ?? 'unknown error'}`);
        default:
          return toolError('SessionClosedError', 'session is closed; open a new session with ssh_connect');
      }
    }
    return toolError(
      'SessionClosedError',
      `session has ended (${d.status.name.toLowerCase()}); open a new session with ssh_connect`,
    );
  } catch (inner) {
    if (inner instanceof WorkflowNotFoundError) return toolError('SessionNotFoundError', 'no such session');
    return errorToToolResult(err);
  }
}
