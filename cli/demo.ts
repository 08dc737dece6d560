/**
 * The main job on real input: brings up the embedded stack (Temporal dev server, PostgreSQL, a real sshd demo
 * target in its own network namespace), starts a worker, then acts as Claude Code would — an MCP client over stdio
 * spawning the bridge — connects to the demo target, reads its .env, wp-config.php, nginx site, auth.log and users
 * table, and prints exactly what the AI would see.
 * @module
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readStackEnv } from './stack-env';
import { REPO_ROOT, runStackCommand } from './stack';

/** Commands the demo runs, in order (what an operator would ask an AI to look at). */
export const DEMO_COMMANDS = [
  'cat /var/www/app/.env',
  'cat /var/www/wordpress/wp-config.php',
  'cat /etc/nginx/sites-enabled/app.conf',
  'tail -n 25 /var/log/auth.log',
  'cat /var/backups/db/users.sql',
];

/** Runs the demo. @returns a process exit code. */
export async function runDemo(): Promise<number> {
  const up = await runStackCommand('up');
  if (up !== 0) return up;
  const env: NodeJS.ProcessEnv = { ...process.env, ...readStackEnv(REPO_ROOT), SSM_LOG_LEVEL: 'warn' };
  const bin = join(REPO_ROOT, 'bin', 'secure-ssh-mcp.js');
  const worker = spawn(process.execPath, [bin, 'worker'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  // Never leave a worker behind (Ctrl-C, a closed pipe): it would keep polling the shared task queue.
  const killWorker = (): void => void worker.kill('SIGTERM');
  process.once('exit', killWorker);
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGPIPE', () => process.exit(141));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'mcp'],
    env: stringEnv(env),
    stderr: 'inherit',
  });
  const client = new Client({ name: 'secure-ssh-mcp-demo', version: '0.1.0' });
  try {
    await client.connect(transport);
    const show = (title: string, result: unknown): void => {
      const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
      console.log(`\n=== ${title} ===`);
      for (const c of content) if (c.type === 'text') console.log(c.text);
    };
    show('ssh_list_hosts', await client.callTool({ name: 'ssh_list_hosts', arguments: {} }));
    const connect = await client.callTool({ name: 'ssh_connect', arguments: { host: 'demo', user: 'app' } });
    show('ssh_connect demo app', connect);
    if (connect.isError) return 1;
    const text = (connect.content as { text: string }[])[0]!.text;
    const sessionId = (JSON.parse(text) as { session_id: string }).session_id;
    for (const command of DEMO_COMMANDS) {
      const r = await client.callTool({ name: 'ssh_exec', arguments: { session_id: sessionId, command } });
      if (r.isError) {
        show(`ssh_exec ${command}`, r);
        continue;
      }
      const body = JSON.parse((r.content as { text: string }[])[0]!.text) as Record<string, unknown>;
      console.log(
        `\n=== ssh_exec ${command}  (exit ${String(body.exit_code)}, ${String(body.duration_ms)} ms, redactions ${JSON.stringify(body.redactions)}) ===`,
      );
      console.log(String(body.stdout));
      if (typeof body.stderr === 'string' && body.stderr.length > 0) console.log(`[stderr] ${body.stderr}`);
    }
    show('ssh_close', await client.callTool({ name: 'ssh_close', arguments: { session_id: sessionId } }));
    console.log(
      `\nTemporal Web UI: ${env.TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233'}/namespaces/default/workflows/${sessionId}`,
    );
    return 0;
  } finally {
    await client.close().catch(() => undefined);
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}
