/**
 * Reads `.run/stack.env`, the contract written by `scripts/stack.sh up` (Temporal address, DATABASE_URL, inventory,
 * CA key path, source address …). Values only name files and endpoints; the file holds no secrets.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Parses `KEY=value` lines. @throws Error telling how to create the file when it is missing. */
export function readStackEnv(repoRoot: string): Record<string, string> {
  const path = join(repoRoot, '.run', 'stack.env');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} not found: run 'npx secure-ssh-mcp stack up' (or bash scripts/stack.sh up) first`);
  }
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}
