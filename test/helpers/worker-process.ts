/**
 * Starts a real worker as a child process (`bin/secure-ssh-mcp.js worker`) with the stack's environment and keeps
 * everything it logs, so tests can search the logs for planted secrets after a run.
 * @module
 */
import { spawn } from 'node:child_process';
import type { Client } from '@temporalio/client';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './stack';
import type { StackEnv } from './stack';

/** A running worker process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  logs(): string;
  /** The worker-specific task queue it announced. */
  readonly workerQueue: string;
  /** SIGTERM, then wait for exit (SIGKILL after 15 s). */
  stop(): Promise<void>;
  /** SIGKILL at once (simulates a crash). */
  kill(): Promise<void>;
}

export const BIN = join(REPO_ROOT, 'bin', 'secure-ssh-mcp.js');

/** Environment for child processes: the stack contract plus overrides. */
export function childEnv(stack: StackEnv, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (typeof v === 'string') env[k] = v;
  return { ...env, ...stack, SSM_FROM_SOURCE: '1', SSM_LOG_LEVEL: 'info', ...extra };
}

/** Spawns a worker and resolves once it logs "worker started". @throws if it exits or takes over 120 s. */
export async function startWorker(stack: StackEnv, extra: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: childEnv(stack, extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const workerQueue = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in 120 s:\n${out.slice(-2000)}`)), 120_000);
    const check = (): void => {
      const m = /"workerQueue":"(ssm-worker-[^"]+)"[^\n]*"msg":"worker started"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${String(code)}:\n${out.slice(-2000)}`));
    });
  });
  const stopWith = async (sig: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(t);
  };
  return { child, logs: () => out, workerQueue, stop: () => stopWith('SIGTERM'), kill: () => stopWith('SIGKILL') };
}

/**
 * Terminates audit-lifecycle workflows that earlier test files left running. Their activities are durable: once the
 * worker that ran them is stopped, the server hands them to the next worker that polls, so a test that starts workers
 * would otherwise spend them on another file's backlog (embedding up to 2,000 chunks of a large session output).
 * @returns how many were terminated.
 */
export async function terminateLeftoverLifecycles(client: Client): Promise<number> {
  let n = 0;
  for await (const w of client.workflow.list({
    query: 'WorkflowType = "auditLifecycleWorkflow" AND ExecutionStatus = "Running"',
  })) {
    await client.workflow
      .getHandle(w.workflowId, w.runId)
      .terminate('left running by an earlier test file')
      .then(() => n++)
      .catch(() => undefined); // it may have completed meanwhile
  }
  return n;
}
