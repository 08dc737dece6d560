/**
 * `ssh_exec(session_id, command, timeout_s?)`: runs one command as a workflow Update. The workflow's synchronous
 * validator rejects malformed commands and ended/quarantined sessions before anything enters history; the worker
 * signs a certificate whose force-command is exactly this command. Returns redacted stdout/stderr only.
 * @module
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod/v4';
import { SessionId } from './schemas';
import { MAX_COMMAND_TIMEOUT_S, runCommandUpdate } from '../../workflows/api';
import { sessionErrorToToolResult, toolJson } from '../tool-errors';
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

/** Registers the tool. */
export function registerSshExecTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    name,
    {
      title: 'Run a command over SSH',
      description:
        'Runs one command in an open session and returns redacted stdout and stderr, the exit code, duration and redaction counts. Secrets and personal data are replaced by placeholders such as [PASSWORD_REDACTED] or [IP_001] (the same value always gets the same number within a session).',
      inputSchema: SshExecInput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ session_id, command, timeout_s }) => {
      const handle = deps.client.workflow.getHandle(session_id);
      try {
        const r = await handle.executeUpdate(runCommandUpdate, {
          args: [{ command, ...(timeout_s !== undefined ? { timeoutS: timeout_s } : {}) }],
        });
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
      } catch (err) {
        return await sessionErrorToToolResult(err, handle);
      }
    },
  );
}
