/**
 * Reads the contract that `bash scripts/stack.sh up` writes to `.run/stack.env`, and the manifest of secret/PII values
 * planted on the demo target (`.run/demo/planted.json`, written by scripts/provision-demo.ts).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Repository root (this file lives in test/helpers/). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Default location of the contract file. */
export const STACK_ENV_PATH = join(REPO_ROOT, '.run', 'stack.env');

/** Keys of `.run/stack.env` every consumer may rely on (scripts/stack.sh `write_stack_env`; scripts/README.md). */
export const REQUIRED_STACK_KEYS = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_UI_URL',
  'TEMPORAL_BIN',
  'TEMPORAL_TEST_SERVER_BIN',
  'DATABASE_URL',
  'SSM_INVENTORY',
  'SSM_KNOWN_HOSTS',
  'SSM_CA_KEY_FILE',
  'SSM_CA_PUBLIC_KEY_FILE',
  'SSM_SOURCE_ADDRESS',
  'SSM_DEMO_PLANTED',
] as const;

/** Keys written as well, for infrastructure tests (alternative source address, demo sshd config and netns). */
export const OPTIONAL_STACK_KEYS = [
  'SSM_ALT_SOURCE_ADDRESS',
  'SSM_DEMO_SSHD_CONFIG',
  'SSM_DEMO_NETNS',
  'SSM_CANARY_SEED_FILE',
  'SSM_POLICY',
] as const;

/**
 * The parsed `.run/stack.env`. Paths are absolute; `TEMPORAL_ADDRESS` is `host:port`; `SSM_SOURCE_ADDRESS` is the
 * CIDR the worker's certificates carry as source-address (10.77.1.1/32, the host end of the demo veth pair).
 */
export type StackEnv = Readonly<
  Record<(typeof REQUIRED_STACK_KEYS)[number], string> & Partial<Record<(typeof OPTIONAL_STACK_KEYS)[number], string>>
>;

/** One value planted on the demo target (see scripts/provision-demo.ts `PlantedValue`). */
export interface PlantedSecret {
  /** Absolute path on the demo target, e.g. `/var/www/app/.env`. */
  file: string;
  /** The exact planted text. */
  value: string;
  /** password, api-key, app-key, salt, ip, email, db-name, db-user, hostname, username or person-name. */
  category: string;
}

/**
 * Parses `KEY=value` lines (no quoting; `#` comments and blank lines ignored).
 * @throws Error naming the line when a non-empty line has no `=` or an invalid key.
 */
export function parseStackEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq) : '';
    if (!/^[A-Z][A-Z0-9_]*$/.test(key)) throw new Error(`stack.env line ${i + 1}: expected KEY=value, got '${line}'`);
    out[key] = line.slice(eq + 1);
  });
  return out;
}

/**
 * Loads and validates `.run/stack.env`.
 * @param path defaults to {@link STACK_ENV_PATH}.
 * @throws Error telling you to run `bash scripts/stack.sh up` when the file is missing or lacks a required key.
 */
export function loadStackEnv(path: string = STACK_ENV_PATH): StackEnv {
  if (!existsSync(path)) {
    throw new Error(`${path} not found: the stack is not up. Run \`bash scripts/stack.sh up\` (as root) first.`);
  }
  const parsed = parseStackEnv(readFileSync(path, 'utf8'));
  const missing = REQUIRED_STACK_KEYS.filter((key) => !parsed[key]);
  if (missing.length > 0) {
    throw new Error(`${path} lacks ${missing.join(', ')}: re-run \`bash scripts/stack.sh up\`.`);
  }
  return Object.freeze(parsed as StackEnv);
}

/**
 * Every secret/PII value planted on the demo target, read from `SSM_DEMO_PLANTED`.
 * @throws Error when the stack is not up or the manifest is malformed.
 */
export function plantedSecrets(env: StackEnv = loadStackEnv()): PlantedSecret[] {
  const data: unknown = JSON.parse(readFileSync(env.SSM_DEMO_PLANTED, 'utf8'));
  if (!Array.isArray(data)) throw new Error(`${env.SSM_DEMO_PLANTED}: expected a JSON array`);
  return data.map((row: unknown, i) => {
    const r = row as Partial<PlantedSecret> | null;
    if (!r || typeof r.file !== 'string' || typeof r.value !== 'string' || typeof r.category !== 'string' || !r.value) {
      throw new Error(`${env.SSM_DEMO_PLANTED}: entry ${i} is not {file, value, category}`);
    }
    return { file: r.file, value: r.value, category: r.category };
  });
}
