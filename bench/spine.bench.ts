/**
 * Spine latency, measured as Claude Code sees it (MCP client over stdio → bridge → Temporal dev server → worker →
 * real sshd on loopback veth), side by side with the named baseline: OpenSSH's own `ssh` client authenticating with a
 * certificate signed by `ssh-keygen -s` (same CA, same target, same force-command shape) and running the same command.
 *
 * Run: `npm run bench:spine` (brings the stack up first). Prints p50/p95/max in ms per operation.
 * @module
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readStackEnv } from '../cli/stack-env';
import { REPO_ROOT } from '../cli/stack';
import { spawn } from 'node:child_process';

const N_CONNECT = Number(process.env.BENCH_CONNECTS ?? 15);
const N_EXEC = Number(process.env.BENCH_EXECS ?? 40);

function stats(xs: number[]): { p50: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1]! };
}
const fmt = (n: number): string => n.toFixed(1).padStart(8);

async function main(): Promise<void> {
  if (spawnSync('bash', [join(REPO_ROOT, 'scripts', 'stack.sh'), 'up'], { stdio: 'ignore' }).status !== 0)
    throw new Error('stack up failed');
  const stack = readStackEnv(REPO_ROOT);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...stack, SSM_LOG_LEVEL: 'warn' }))
    if (typeof v === 'string') env[k] = v;
  const bin = join(REPO_ROOT, 'bin', 'secure-ssh-mcp.js');
  const worker = spawn(process.execPath, [bin, 'worker'], { env, stdio: 'ignore' });
  const mcp = new Client({ name: 'bench', version: '1' });
  await mcp.connect(new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp'], env, stderr: 'ignore' }));
  const call = async (name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const r = await mcp.callTool({ name, arguments: args });
    const text = (r.content as { text: string }[])[0]!.text;
    if (r.isError) throw new Error(text);
    return JSON.parse(text) as Record<string, unknown>;
  };
  try {
    await call('ssh_list_hosts', {}); // warm-up: worker bundle loaded, Temporal connection up
    const connect: number[] = [];
    const connectInner: number[] = [];
    let session = '';
    for (let i = 0; i < N_CONNECT; i++) {
      const t0 = performance.now();
      const c = await call('ssh_connect', { host: 'demo', user: 'app' });
      connect.push(performance.now() - t0);
      connectInner.push(Number(c.connect_ms));
      if (i < N_CONNECT - 1) await call('ssh_close', { session_id: c.session_id });
      else session = String(c.session_id);
    }
    const exec: number[] = [];
    for (let i = 0; i < N_EXEC; i++) {
      const t0 = performance.now();
      await call('ssh_exec', { session_id: session, command: 'echo bench' });
      exec.push(performance.now() - t0);
    }
    await call('ssh_close', { session_id: session });

    // Baseline: OpenSSH client + ssh-keygen-signed certificate, same target and command shape.
    const dir = mkdtempSync(join(tmpdir(), 'ssm-bench-'));
    const baseline: number[] = [];
    try {
      const key = join(dir, 'id');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
      execFileSync('ssh-keygen', [
        '-q',
        '-s',
        stack.SSM_CA_KEY_FILE!,
        '-I',
        'bench',
        '-n',
        'app',
        '-V',
        '+15m',
        '-O',
        `source-address=${stack.SSM_SOURCE_ADDRESS!}`,
        '-O',
        'force-command=echo bench',
        `${key}.pub`,
      ]);
      writeFileSync(join(dir, 'known_hosts'), readFileSync(stack.SSM_KNOWN_HOSTS!));
      for (let i = 0; i < N_EXEC; i++) {
        const t0 = performance.now();
        execFileSync('ssh', [
          '-F',
          'none',
          '-i',
          key,
          '-o',
          `CertificateFile=${key}-cert.pub`,
          '-o',
          'IdentitiesOnly=yes',
          '-o',
          'IdentityAgent=none',
          '-o',
          `UserKnownHostsFile=${join(dir, 'known_hosts')}`,
          '-o',
          'StrictHostKeyChecking=yes',
          '-o',
          'BatchMode=yes',
          '-o',
          'LogLevel=ERROR',
          'app@10.77.1.2',
          'echo bench',
        ]);
        baseline.push(performance.now() - t0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const rows: [string, number[]][] = [
      [`ssh_connect, MCP round trip (n=${N_CONNECT})`, connect],
      [`  of which key + cert + SSH probe in the worker`, connectInner],
      [`ssh_exec 'echo bench', MCP round trip (n=${N_EXEC})`, exec],
      [`baseline: OpenSSH ssh + ssh-keygen cert (n=${N_EXEC})`, baseline],
    ];
    console.log(`${'operation'.padEnd(58)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'max ms'.padStart(8)}`);
    for (const [name, xs] of rows) {
      const s = stats(xs);
      console.log(`${name.padEnd(58)}${fmt(s.p50)}${fmt(s.p95)}${fmt(s.max)}`);
    }
    console.log(
      `ratio ssh_exec p50 / OpenSSH p50: ${(stats(exec).p50 / stats(baseline).p50).toFixed(2)}x (per command: new cert, new TCP+SSH handshake, Temporal update, redaction, audit row)`,
    );
  } finally {
    await mcp.close().catch(() => undefined);
    worker.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
