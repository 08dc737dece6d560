/**
 * vitest globalSetup of the `integration` project: brings the real stack up once (`bash scripts/stack.sh up`,
 * idempotent: Temporal dev server, PostgreSQL, dev CA, sshd demo target) before any `*.int.test.ts` runs.
 * The stack is left running afterwards (it is shared with the developer's session; `stack.sh down` stops it).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { REPO_ROOT, loadStackEnv } from './helpers/stack';

/**
 * Runs `scripts/stack.sh up` and checks that `.run/stack.env` is complete.
 * @throws Error with the script's exit status and the tail of its output when it fails.
 */
export default function setup(): void {
  const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'stack.sh'), 'up'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
  });
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').slice(-30).join('\n');
    const why = result.error ? result.error.message : `exit status ${String(result.status ?? result.signal)}`;
    throw new Error(`bash scripts/stack.sh up failed (${why}); integration tests need the real stack:\n${tail}`);
  }
  loadStackEnv();
}
