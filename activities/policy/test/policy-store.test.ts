import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PolicyError, PolicyStore } from '..';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('PolicyStore', () => {
  it('swaps in a valid file and keeps the old policy when the new one is invalid', () => {
    dir = mkdtempSync(join(tmpdir(), 'ssm-policy-'));
    const path = join(dir, 'policy.yml');
    writeFileSync(path, 'rules:\n  - { action: allow, commands: ["ls"] }\n');
    const results: unknown[] = [];
    const store = new PolicyStore(path, (r) => results.push(r));
    const first = store.current();
    writeFileSync(path, 'rules:\n  - { action: allow, commands: ["ls"] }\n  - { action: allow, commands: ["id"] }\n');
    expect(store.reload()).toEqual({ ok: true, rules: 2 });
    expect(store.current()).not.toBe(first);
    const good = store.current();
    writeFileSync(path, 'rules:\n  - { action: allow, commandz: ["rm *"] }\n');
    const r = store.reload();
    expect(r.ok).toBe(false);
    expect(store.current()).toBe(good); // never half-loaded, never weakened
    expect(results).toHaveLength(2);
  });

  it('refuses to start without a valid policy', () => {
    dir = mkdtempSync(join(tmpdir(), 'ssm-policy-'));
    expect(() => new PolicyStore(join(dir, 'missing.yml'))).toThrow(PolicyError);
  });
});
