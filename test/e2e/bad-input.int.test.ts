/**
 * Bad input on real components (MCP stdio bridge → Temporal dev server → worker → real sshd): every case gets a clear
 * tool error or a well-described result, never a stack trace, and the session stays usable afterwards.
 */
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { loadStackEnv } from '../helpers/stack';
import { connectBridge, callTool } from '../helpers/mcp';
import { BIN, childEnv, startWorker } from '../helpers/worker-process';
import type { WorkerProcess } from '../helpers/worker-process';

let worker: WorkerProcess;
let mcp: McpClient;
let sessionId = '';

async function call(
  name: string,
  args: Record<string, unknown>,
): Promise<{ isError: boolean; text: string; json: () => Record<string, unknown> }> {
  const { isError, text } = await callTool(mcp, name, args);
  expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack traces, ever
  return { isError, text, json: () => JSON.parse(text) as Record<string, unknown> };
}
const exec = (command: string, extra: Record<string, unknown> = {}) =>
  call('ssh_exec', { session_id: sessionId, command, ...extra });

beforeAll(async () => {
  const stack = loadStackEnv();
  worker = await startWorker(stack, { SSM_MAX_OUTPUT_BYTES: String(1024 * 1024) });
  mcp = await connectBridge(stack, 'bad-input');
  const c = await call('ssh_connect', { host: 'demo', user: 'app' });
  expect(c.isError, c.text).toBe(false);
  sessionId = c.json().session_id as string;
});

afterAll(async () => {
  if (sessionId) await call('ssh_close', { session_id: sessionId }).catch(() => undefined);
  await mcp?.close().catch(() => undefined);
  await worker?.stop();
});

describe('bad input', () => {
  it('unknown host', async () => {
    const r = await call('ssh_connect', { host: 'no-such-host', user: 'app' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^UnknownHostError: unknown host 'no-such-host'/);
  });

  it('disallowed user', async () => {
    const r = await call('ssh_connect', { host: 'demo', user: 'root' });
    expect(r.text).toMatch(/^UserNotAllowedError: user 'root' is not allowed on 'demo'/);
  });

  it('target down', async () => {
    const r = await call('ssh_connect', { host: 'demo-down', user: 'app' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^HostUnreachableError: 'demo-down' is unreachable/);
  });

  it('host key changed', async () => {
    const r = await call('ssh_connect', { host: 'demo-badkey', user: 'app' });
    expect(r.text).toMatch(/^HostKeyMismatchError: host key of 'demo-badkey' does not match the pinned key/);
  });

  it('malformed MCP arguments are refused by the schema', async () => {
    const r = await mcp
      .callTool({ name: 'ssh_exec', arguments: { session_id: 'not-a-uuid', command: 'id' } })
      .catch((e: Error) => ({ isError: true, content: [{ text: e.message }] }));
    expect(r.isError).toBe(true);
  });

  it('a denied command gets the rule, the reason and how a rule would allow it; nothing runs', async () => {
    const r = await exec('ls /tmp; rm -rf ~');
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(
      /^PolicyViolationError: denied by no-destruction: 'rm -rf ~' is denied by rule no-destruction/,
    );
    const sub = await exec('echo $(cat /etc/shadow)');
    expect(sub.text).toMatch(/^PolicyViolationError: denied by feature:command-substitution/);
    const plan = await call('ssh_plan', { host: 'demo', command: 'vim /etc/hosts' });
    expect(plan.json()).toMatchObject({ decision: 'deny', rule: 'default-deny', network: { decision: 'allow' } });
  });

  it('a mutating command needs an operator approval of the exact command (granted with the Temporal CLI)', async () => {
    const denied = await exec('systemctl restart nginx');
    expect(denied.text).toMatch(/needs an operator's approval of this exact command/);
    expect(denied.text).toContain(`temporal workflow signal --workflow-id ${sessionId} --name approve-command`);
    const stack = loadStackEnv();
    const sig = spawnSync(
      stack.TEMPORAL_BIN,
      [
        'workflow',
        'signal',
        '--address',
        stack.TEMPORAL_ADDRESS,
        '--workflow-id',
        sessionId,
        '--name',
        'approve-command',
        '--input',
        JSON.stringify({ command: 'systemctl restart nginx', reason: 'deploy config change', operator: 'ops-1' }),
      ],
      { encoding: 'utf8' },
    );
    expect(sig.status, sig.stderr).toBe(0);
    const ran = await exec('systemctl restart nginx');
    expect(ran.isError, ran.text).toBe(false); // it ran (the demo target has no systemd, so it exits non-zero)
    expect(ran.json().exit_code).not.toBeNull();
  });

  it('command over 10,000 bytes and command with NUL', async () => {
    expect((await exec('echo ' + 'a'.repeat(10_000))).text).toMatch(
      /^InvalidCommandError: the command is 10005 bytes; the limit is 10000/,
    );
    expect((await exec('echo a\u0000b')).text).toMatch(/^InvalidCommandError: the command contains NUL/);
  });

  it('non-UTF-8 output is decoded with replacement characters, not dropped', async () => {
    const r = await exec(`printf 'caf\\351 cr\\350me ok\\n'`);
    expect(r.isError, r.text).toBe(false);
    const body = r.json();
    expect(body.binary).toBe(false);
    expect(body.stdout).toBe('caf\uFFFD cr\uFFFDme ok\n');
  });

  it('binary output is described, not returned', async () => {
    const body = (await exec('head -c 4096 /dev/urandom')).json();
    expect(body.binary).toBe(true);
    expect(body.stdout).toBe('[BINARY OUTPUT OMITTED: 4096 bytes]');
  });

  it('50 MB of output is capped with a truncation marker and the command stopped', async () => {
    const r = await exec("yes 'a line of log output' | head -c 52428800");
    expect(r.isError, r.text.slice(0, 300)).toBe(false);
    const body = r.json();
    expect(body.truncated).toBe(true);
    expect(String(body.stdout)).toMatch(/\[OUTPUT TRUNCATED: limit 1048576 bytes reached/);
    expect(String(body.stdout).length).toBeLessThan(1_100_000);
  });

  it('a hung command is killed at its timeout on the target, and the session stays usable', async () => {
    const body = (await exec('sleep 600', { timeout_s: 2 })).json();
    expect(body.timed_out).toBe(true);
    expect(body.exit_code).toBeNull();
    const again = (await exec('echo still-usable')).json();
    expect(again.stdout).toBe('still-usable\n');
  });

  it('a worker whose Temporal start-up calls fail exits with a clear error instead of idling without polling', async () => {
    // A namespace the server does not have: connecting succeeds, starting the pipeline guard fails (NOT_FOUND, which
    // waiting cannot fix). The worker used to stay alive without polling and without exiting, even on SIGTERM; a
    // supervisor must see the exit instead.
    const child = spawn(process.execPath, [BIN, 'worker'], {
      env: childEnv(loadStackEnv(), { TEMPORAL_NAMESPACE: 'no-such-namespace' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 60_000);
      child.once('exit', (c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
    expect(code, out).toBe(1);
    expect(out).toMatch(/^secure-ssh-mcp: .*[Nn]amespace.*no-such-namespace/m);
    expect(out).not.toMatch(/worker started/);
    expect(out).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  }, 90_000);
});
