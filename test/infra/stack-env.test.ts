import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { REQUIRED_STACK_KEYS, loadStackEnv, parseStackEnv, plantedSecrets } from '../helpers/stack';

describe('stack.env helpers', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ssm-stack-env-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const complete = (overrides: Record<string, string> = {}): string =>
    REQUIRED_STACK_KEYS.map((key) => `${key}=${overrides[key] ?? `/abs/${key.toLowerCase()}`}`).join('\n');

  it('parses KEY=value lines, keeping = inside values and skipping comments and blanks', () => {
    expect(parseStackEnv('# c\n\nA=1\nDATABASE_URL=postgres://u:p@h:5432/d?x=y\n')).toEqual({
      A: '1',
      DATABASE_URL: 'postgres://u:p@h:5432/d?x=y',
    });
  });

  it('rejects a line that is not KEY=value', () => {
    expect(() => parseStackEnv('A=1\nnot a pair')).toThrow(/line 2/);
    expect(() => parseStackEnv('=x')).toThrow(/line 1/);
  });

  it('tells you to run the stack script when the file is missing', () => {
    expect(() => loadStackEnv(join(dir, 'stack.env'))).toThrow(/bash scripts\/stack\.sh up/);
  });

  it('names the missing keys of an incomplete file', () => {
    const path = join(dir, 'stack.env');
    writeFileSync(path, complete().replace(/^SSM_CA_KEY_FILE=.*$/m, ''));
    expect(() => loadStackEnv(path)).toThrow(/lacks SSM_CA_KEY_FILE/);
  });

  it('returns a frozen object and reads the planted manifest it points to', () => {
    const manifest = join(dir, 'planted.json');
    writeFileSync(manifest, JSON.stringify([{ file: '/var/www/app/.env', value: 'X', category: 'password' }]));
    const path = join(dir, 'stack.env');
    writeFileSync(path, complete({ SSM_DEMO_PLANTED: manifest }));
    const env = loadStackEnv(path);
    expect(Object.isFrozen(env)).toBe(true);
    expect(plantedSecrets(env)).toEqual([{ file: '/var/www/app/.env', value: 'X', category: 'password' }]);
    writeFileSync(manifest, JSON.stringify([{ file: '/x', value: '', category: 'password' }]));
    expect(() => plantedSecrets(env)).toThrow(/entry 0/);
  });
});
