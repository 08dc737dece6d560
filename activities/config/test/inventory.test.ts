import { describe, expect, it } from 'vitest';
import { InventoryError, loadInventory, parseInventory } from '../inventory';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAPai5YimK70RPJnVhXjfbkxZAmvAzRLIcakdIjAUMgV';
const ok = `hosts:\n  - alias: web-1\n    address: 10.0.0.5\n    users: [app]\n    tags: [web]\n    host_keys: ["${KEY} comment"]\n`;

describe('inventory', () => {
  it('parses hosts, defaults the port and strips key comments', () => {
    const inv = parseInventory(ok, 'inv.yml');
    expect(inv.byAlias('web-1')).toEqual({
      alias: 'web-1',
      address: '10.0.0.5',
      port: 22,
      users: ['app'],
      tags: ['web'],
      hostKeys: [KEY],
    });
    expect(inv.byAlias('nope')).toBeUndefined();
    expect(Object.isFrozen(inv.hosts)).toBe(true);
  });

  it.each([
    [ok.replace('users:', 'userz:'), /inv\.yml: .*hosts\.0: Unrecognized key\(s\) in object: 'userz'/],
    [ok.replace('10.0.0.5', 'bad address!'), /hosts\.0\.address: not an IP address or DNS name/],
    [ok.replace('[app]', '[Root!]'), /hosts\.0\.users\.0: not a valid POSIX user name/],
    [ok.replace(`["${KEY} comment"]`, '[]'), /hosts\.0\.host_keys/],
    [
      `${ok}  - alias: web-1\n    address: 10.0.0.6\n    users: [app]\n    host_keys: ["${KEY}"]\n`,
      /duplicate alias 'web-1'/,
    ],
    ['hosts: [', /inv\.yml: /],
    ['other: 1', /Unrecognized key/],
  ])('refuses invalid input with the file and key named (%#)', (text, msg) => {
    expect(() => parseInventory(text, 'inv.yml')).toThrow(InventoryError);
    expect(() => parseInventory(text, 'inv.yml')).toThrow(msg);
  });

  it('names a missing file', () => {
    expect(() => loadInventory('/nonexistent/inv.yml')).toThrow(
      /\/nonexistent\/inv\.yml: cannot read inventory \(ENOENT\)/,
    );
  });
});
