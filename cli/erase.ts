/**
 * `secure-ssh-mcp erase <session-id>`: right to erasure for one session. Runs `eraseSessionWorkflow` on the workers
 * (they own PostgreSQL and the vector store): the session's lifecycle workflow is terminated if still running, then
 * its `ssh_commands`, `audit_events` and `ssh_sessions` rows and its vectors are deleted. Temporal keeps workflow
 * histories until retention; the command prints the `temporal workflow delete` lines that remove them now.
 * Needs only TEMPORAL_* settings (falls back to `.run/stack.env`).
 * @module
 */
import { join } from 'node:path';
import { SESSION_TASK_QUEUE } from '../workflows/api';
import { auditLifecycleWorkflowId, eraseWorkflowId } from '../workflows/audit-api';
import type { EraseSessionResult } from '../workflows/audit-api';
import { createTemporalClient } from '../mcp-bridge/temporal-client';
import { readStackEnv } from './stack-env';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `temporal workflow delete` commands that remove every history naming the session. */
export function historyDeleteCommands(sessionId: string, namespace = 'default'): string[] {
  return [sessionId, auditLifecycleWorkflowId(sessionId), eraseWorkflowId(sessionId)].map(
    (id) => `temporal workflow delete --namespace ${namespace} --workflow-id ${id}`,
  );
}

/** Runs the erasure and prints what was deleted. @returns the process exit code. */
export async function runEraseCommand(sessionId: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (!UUID.test(sessionId)) {
    console.error(`erase: '${sessionId}' is not a session id (UUID)`);
    return 2;
  }
  let vars = env;
  if (!env.TEMPORAL_ADDRESS && !env.TEMPORAL_CONFIG_FILE) {
    try {
      vars = { ...readStackEnv(join(__dirname, '..')), ...env };
    } catch {
      // no stack.env: use the envconfig defaults (127.0.0.1:7233)
    }
  }
  const { client, close } = await createTemporalClient(vars);
  try {
    const result = await client.workflow.execute<(i: { sessionId: string }) => Promise<EraseSessionResult>>(
      'eraseSessionWorkflow',
      {
        taskQueue: SESSION_TASK_QUEUE,
        workflowId: eraseWorkflowId(sessionId),
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        workflowExecutionTimeout: '5 minutes',
        args: [{ sessionId }],
      },
    );
    console.log(
      JSON.stringify({
        session_id: sessionId,
        deleted: {
          ssh_commands: result.commands,
          ssh_sessions: result.sessions,
          audit_events: result.events,
          vectors: result.vectors,
        },
        lifecycle_terminated: result.lifecycleTerminated ?? false,
      }),
    );
    console.log('To delete the Temporal histories that name this session now (instead of at retention), run:');
    for (const line of historyDeleteCommands(sessionId, vars.TEMPORAL_NAMESPACE ?? 'default')) console.log(`  ${line}`);
    return 0;
  } finally {
    await close();
  }
}
