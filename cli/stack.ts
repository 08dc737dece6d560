/**
 * `secure-ssh-mcp stack up|down|status`: runs scripts/stack.sh and, for `up`, prints where things are.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Repository root (cli/ is one level down, in source and in dist). */
export const REPO_ROOT = join(__dirname, '..', __dirname.includes(`${join('dist', 'cli')}`) ? '..' : '');

/** Runs `scripts/stack.sh <action>` with inherited stdio. @returns its exit code. */
export function runStackCommand(action: string): Promise<number> {
  if (!['up', 'down', 'status'].includes(action)) {
    console.error(`unknown action '${action}' (use up, down or status)`);
    return Promise.resolve(2);
  }
  const r = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'stack.sh'), action], { stdio: 'inherit', cwd: REPO_ROOT });
  return Promise.resolve(r.status ?? 1);
}
