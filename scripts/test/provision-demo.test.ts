import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DEMO_FILES, provisionDemo } from '../provision-demo';
import type { PlantedValue } from '../provision-demo';

/** Architecture section 06, "Raw input from SSH session (cat /var/www/app/.env)", minus the truncated Stripe key. */
const SECTION_06_ENV = [
  'APP_NAME=CustomerPortal',
  'APP_ENV=production',
  'APP_KEY=base64:k8JfVz3mN9xWqL2pR7tY5uA0cDgHiE1bS4wX6nM8oQ=',
  'DB_CONNECTION=mysql',
  'DB_HOST=192.168.1.50',
  'DB_DATABASE=portal_prod',
  'DB_USERNAME=portal_admin',
  'DB_PASSWORD=X$9kM#vL2@pQwR7n!',
  'MAIL_FROM_ADDRESS=support@customername.com',
];

describe('provisionDemo', () => {
  let dir: string;
  let out: string;
  let manifest: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ssm-provision-'));
    out = join(dir, 'content');
    manifest = join(dir, 'demo', 'planted.json');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const read = (target: keyof typeof DEMO_FILES): string => readFileSync(join(out, DEMO_FILES[target]), 'utf8');
  const planted = (): PlantedValue[] => JSON.parse(readFileSync(manifest, 'utf8')) as PlantedValue[];

  it('writes the section 06 .env verbatim with a full-length random sk_live_ key', () => {
    expect(provisionDemo(out, manifest)).toBe('generated');
    const lines = read('/var/www/app/.env').trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual(SECTION_06_ENV);
    expect(lines.at(-1)).toMatch(/^STRIPE_SECRET=sk_live_51MqR3[A-Za-z0-9]{93}$/);
  });

  it('lists every planted value in a 0600 manifest, and each value is in the file it names', () => {
    provisionDemo(out, manifest);
    expect(statSync(manifest).mode & 0o777).toBe(0o600);
    const values = planted();
    expect(new Set(values.map((v) => v.file))).toEqual(new Set(Object.keys(DEMO_FILES)));
    const misplaced = values.filter((v) => !read(v.file as keyof typeof DEMO_FILES).includes(v.value));
    expect(misplaced).toEqual([]);
    expect(values.filter((v) => v.category === 'salt')).toHaveLength(8);
    expect(values.filter((v) => v.file === '/var/www/app/.env').map((v) => v.category)).toEqual([
      'app-key', 'ip', 'db-name', 'db-user', 'password', 'email', 'api-key',
    ]); // prettier-ignore
  });

  it('makes realistic wp-config, nginx site, auth.log and users dump', () => {
    provisionDemo(out, manifest);
    const wp = read('/var/www/wordpress/wp-config.php');
    for (const name of ['DB_NAME', 'DB_USER', 'DB_PASSWORD', 'DB_HOST', 'AUTH_KEY', 'NONCE_SALT']) {
      expect(wp).toContain(`define( '${name}',`);
    }
    const nginx = read('/etc/nginx/sites-enabled/app.conf');
    expect(nginx).toMatch(/server_name portal\.customername\.com;/);
    expect(nginx).toMatch(/ssl_certificate_key \/etc\/ssl\/private\/portal\.customername\.com\.key;/);
    expect(nginx).toMatch(/server 10\.\d+\.\d+\.\d+:9000/);

    const auth = read('/var/log/auth.log').trimEnd().split('\n');
    expect(auth.length).toBeGreaterThanOrEqual(50);
    expect(auth.length).toBeLessThanOrEqual(80);
    const failedByIp = new Map<string, number>();
    for (const line of auth) {
      const m = /Failed password for (?:invalid user )?\S+ from (\S+)/.exec(line);
      if (m) failedByIp.set(m[1]!, (failedByIp.get(m[1]!) ?? 0) + 1);
    }
    expect(Math.max(...failedByIp.values())).toBe(40);
    expect(auth.some((l) => l.includes('Accepted publickey for'))).toBe(true);
    expect(auth.some((l) => / sshd\[\d+\]: Invalid user /.test(l))).toBe(true);
    expect(auth.some((l) => / sudo: /.test(l))).toBe(true);
    const ips = new Set(auth.flatMap((l) => l.match(/\b\d+\.\d+\.\d+\.\d+\b/g) ?? []));
    expect(ips.size).toBeGreaterThanOrEqual(5);

    const sql = read('/var/backups/db/users.sql');
    expect(sql).toContain('CREATE TABLE `users`');
    const rows = sql.match(
      /\(\d+,'[^']+','[^']+','[^']+@[^']+','\d+\.\d+\.\d+\.\d+','\d{4}-\d\d-\d\d \d\d:\d\d:\d\d'\)/g,
    );
    expect(rows).toHaveLength(20);
  });

  it('keeps existing content (stable secrets) and regenerates only when something is missing', () => {
    provisionDemo(out, manifest);
    const first = read('/var/www/app/.env');
    expect(provisionDemo(out, manifest)).toBe('kept');
    expect(read('/var/www/app/.env')).toBe(first);
    rmSync(join(out, DEMO_FILES['/var/backups/db/users.sql']));
    expect(provisionDemo(out, manifest)).toBe('generated');
    expect(read('/var/www/app/.env')).not.toBe(first); // a new random Stripe key
  });

  it('draws secrets from a random source: two runs share no generated secret', () => {
    provisionDemo(out, manifest);
    const a = planted();
    const other = join(dir, 'other');
    provisionDemo(join(other, 'content'), join(other, 'planted.json'));
    const b = JSON.parse(readFileSync(join(other, 'planted.json'), 'utf8')) as PlantedValue[];
    const generated = (v: PlantedValue): boolean => ['password', 'salt', 'api-key'].includes(v.category);
    const fixed = new Set(['X$9kM#vL2@pQwR7n!']); // the document's own example password
    const shared = a.filter(generated).filter((v) => !fixed.has(v.value) && b.some((w) => w.value === v.value));
    expect(shared).toEqual([]);
  });
});
