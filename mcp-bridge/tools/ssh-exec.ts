/**
 * `ssh_exec(session_id, command, timeout_s?)`: runs one command as a workflow Update. The workflow's synchronous
 * validator rejects malformed commands, ended/quarantined sessions and commands the session's policy snapshot denies
 * before anything enters history; the worker re-checks against the live policy and signs a certificate whose
 * force-command is exactly this command. Returns redacted stdout/stderr only.
 *
 * Approvals (issue 4 item 7): when the command is refused only because it is mutating and lacks an operator's
 * approval, and the MCP client supports form elicitation, the human at the client is asked to approve this exact
 * command; on an explicit approval (with a reason) the bridge sends the `approve-command` signal (valid 1 minute) and
 * retries once. Otherwise — no elicitation support, declined, cancelled, timed out — the tool returns the usual
 * denial, which explains how an operator approves with the Temporal CLI.
 * @module
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { WorkflowHandle } from '@temporalio/client';
import { z } from 'zod/v4';
import { SessionId } from './schemas';
import { MAX_COMMAND_TIMEOUT_S, approveCommandSignal, runCommandUpdate, sessionStateQuery } from '../../workflows/api';
import type { CommandResult } from '../../workflows/api';
import { approvalRequiredRule, sessionErrorToToolResult, toolJson } from '../tool-errors';
import { sendUpdate } from '../update-retry';
import type { ToolDeps } from './deps';

/** Input schema. Length and content limits are enforced (with clear messages) by the workflow validator. */
export const SshExecInput = z.object({
  session_id: SessionId,
  command: z.string().min(1).max(100_000).describe('Shell command to run on the target (max 10,000 bytes, no NUL)'),
  timeout_s: z
    .number()
    .int()
    .min(1)
    .max(MAX_COMMAND_TIMEOUT_S)
    .optional()
    .describe('Seconds before the command is killed (default 60)'),
});
export const name = 'ssh_exec';

/** How long the human has to answer an approval request. */
export const APPROVAL_ELICITATION_TIMEOUT_MS = 5 * 60_000;
/** Validity of an approval granted through elicitation: just long enough for the one retry. */
export const ELICITED_APPROVAL_MINUTES = 1;

function toResult(r: CommandResult): CallToolResult {
  return toolJson({
    sequence: r.sequence,
    exit_code: r.exitCode,
    signal: r.signal,
    timed_out: r.timedOut,
    truncated: r.truncated,
    binary: r.binary,
    duration_ms: r.durationMs,
    output_bytes: r.outputBytes,
    redactions: r.redactions,
    stdout: r.stdout,
    stderr: r.stderr,
  });
}

/** What the human answered. */
type ApprovalAnswer = { approved: true; reason: string } | { approved: false; why: string };

/**
 * Asks the human at the MCP client to approve `command` (form elicitation). Never throws: an error or timeout counts
 * as not approved.
 */
async function askForApproval(
  server: McpServer,
  ask: { sessionId: string; host: string | undefined; command: string; rule: string },
  options: { signal: AbortSignal; relatedRequestId: string | number },
): Promise<ApprovalAnswer> {
  try {
    const answer = await server.server.elicitInput(
      {
        mode: 'form',
        message:
          `The assistant wants to run a mutating command${ask.host ? ` on '${ask.host}'` : ''} ` +
          `(session ${ask.sessionId}, policy rule ${ask.rule}):\n\n${JSON.stringify(ask.command)}\n\n` +
          'Approve exactly this command, once? The approval and your reason are recorded in the audit log.',
        requestedSchema: {
          type: 'object',
          properties: {
            approve: { type: 'boolean', title: 'Approve this exact command', default: false },
            reason: { type: 'string', title: 'Reason (recorded in the audit log)', minLength: 1, maxLength: 500 },
          },
          required: ['approve', 'reason'],
        },
      },
      { ...options, timeout: APPROVAL_ELICITATION_TIMEOUT_MS },
    );
    if (answer.action !== 'accept')
      return { approved: false, why: answer.action === 'decline' ? 'declined' : 'cancelled' };
    const reason = typeof answer.content?.reason === 'string' ? answer.content.reason.trim() : '';
    if (answer.content?.approve !== true) return { approved: false, why: 'not approved' };
    if (reason.length === 0) return { approved: false, why: 'approved without a reason' };
    return { approved: true, reason };
  } catch {
    return { approved: false, why: 'the approval request failed or timed out' };
  }
}

async function hostOf(handle: WorkflowHandle): Promise<string | undefined> {
  try {
    return (await handle.query(sessionStateQuery)).hostAlias;
  } catch {
    return undefined;
  }
}

/** Registers the tool. */
export function registerSshExecTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    name,
    {
      title: 'Run a command over SSH',
      description:
        'Runs one command in an open session and returns redacted stdout and stderr, the exit code, duration and redaction counts. Secrets and personal data are replaced by placeholders such as [PASSWORD_REDACTED] or [IP_001] (the same value always gets the same number within a session). Mutating commands need a human approval of the exact command; if your client supports it, the user is asked.',
      inputSchema: SshExecInput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ session_id, command, timeout_s }, extra) => {
      const handle = deps.client.workflow.getHandle(session_id);
      // sent again while the session's workflow task is failing (its worker just died): never admitted, never run
      const run = (): Promise<CommandResult> =>
        sendUpdate(() =>
          handle.executeUpdate(runCommandUpdate, {
            args: [{ command, ...(timeout_s !== undefined ? { timeoutS: timeout_s } : {}) }],
          }),
        );
      try {
        return toResult(await run());
      } catch (err) {
        const rule = approvalRequiredRule(err);
        if (rule === undefined || !server.server.getClientCapabilities()?.elicitation?.form) {
          return await sessionErrorToToolResult(err, handle);
        }
        const answer = await askForApproval(
          server,
          { sessionId: session_id, host: await hostOf(handle), command, rule },
          { signal: extra.signal, relatedRequestId: extra.requestId },
        );
        if (!answer.approved) {
          const denial = await sessionErrorToToolResult(err, handle);
          return {
            ...denial,
            content: [...denial.content, { type: 'text', text: `Approval asked of the user: ${answer.why}.` }],
          };
        }
        try {
          await handle.signal(approveCommandSignal, {
            command,
            reason: answer.reason,
            operator: `mcp-elicitation:${deps.config.operatorId}`,
            minutes: ELICITED_APPROVAL_MINUTES,
          });
          return toResult(await run());
        } catch (retryErr) {
          return await sessionErrorToToolResult(retryErr, handle);
        }
      }
    },
  );
}
