/**
 * Generates the demo target's content (run by scripts/targets.sh at `up`; `npx tsx scripts/provision-demo.ts --out DIR
 * --manifest FILE`). Files are written under DIR at the paths the target's mount namespace exposes them at:
 *
 * - `var/www/app/.env` — the Laravel `.env` of architecture section 06 verbatim, except `STRIPE_SECRET`, which is a
 *   full-length random `sk_live_` key (the document truncates it);
 * - `var/www/wordpress/wp-config.php` — DB_* defines and the eight AUTH_KEY..NONCE_SALT salts;
 * - `etc/nginx/sites-enabled/app.conf` — customer FQDN, TLS key path, upstream on a private IP;
 * - `log/auth.log` (mounted as /var/log) — ~60 sshd/sudo lines from several IPs, one of them failing 40 times;
 * - `var/backups/db/users.sql` — a mysqldump of a `users` table (20 rows: names, emails, last-login IPs).
 *
 * Every secret and PII value is listed in the manifest (`[{ file, value, category }]`, `file` = path on the target,
 * mode 0600) so tests can search every store for them. Passwords, keys, salts, names, emails and IPs are drawn with
 * node:crypto (CSPRNG); all of it is synthetic. Content is generated only when the manifest or a file is missing, so
 * the values stay stable across `stack.sh up` calls.
 * @module
 */
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

/** One planted value: where it lives on the target, the exact text, and what kind of secret/PII it is. */
export interface PlantedValue {
  /** Absolute path on the demo target (inside its mount namespace). */
  file: string;
  /** The exact planted text. */
  value: string;
  /** Kind: password, api-key, app-key, salt, ip, email, db-name, db-user, hostname, username, person-name. */
  category: string;
}

/** Target paths, relative to the `--out` directory (see scripts/targets.sh for the mounts). */
export const DEMO_FILES = {
  '/var/www/app/.env': 'var/www/app/.env',
  '/var/www/wordpress/wp-config.php': 'var/www/wordpress/wp-config.php',
  '/etc/nginx/sites-enabled/app.conf': 'etc/nginx/sites-enabled/app.conf',
  '/var/log/auth.log': 'log/auth.log',
  '/var/backups/db/users.sql': 'var/backups/db/users.sql',
} as const;

type TargetPath = keyof typeof DEMO_FILES;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// The character set of WordPress's secret-key service (no quotes or backslashes, so it is safe inside '...').
const WP_SALT_CHARS = `${ALNUM}!@#$%^&*()-_ []{}<>~\`+=,.;:/?|`;

const FIRST_NAMES = [
  'Anna', 'Lukas', 'Sofia', 'Jonas', 'Marie', 'Elias', 'Emma', 'Noah', 'Clara', 'Felix', 'Lena', 'Paul', 'Hannah',
  'Leon', 'Mia', 'Julian', 'Laura', 'David', 'Sarah', 'Tobias', 'Olivia', 'Samuel', 'Nora', 'Oskar', 'Ida', 'Moritz',
]; // prettier-ignore
const LAST_NAMES = [
  'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf',
  'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Kaiser', 'Vogel',
]; // prettier-ignore
const MAIL_DOMAINS = ['gmail.com', 'web.de', 'gmx.de', 'outlook.com', 'posteo.de', 't-online.de'];

/** A random string of `length` characters from `alphabet` (uniform, CSPRNG). */
function randomString(length: number, alphabet: string = ALNUM): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

function pick<T>(items: readonly T[]): T {
  const item = items[randomInt(items.length)];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
}

/** A random public-looking IPv4 address (first octet avoids 0, 10, 127, 172, 192, multicast and reserved ranges). */
function randomPublicIp(): string {
  const first = pick([31, 37, 46, 62, 78, 80, 84, 85, 87, 91, 93, 94, 109, 141, 176, 178, 185, 188, 195, 213, 217]);
  return `${first}.${randomInt(256)}.${randomInt(256)}.${1 + randomInt(254)}`;
}

function randomPrivateIp(): string {
  return `10.${randomInt(1, 255)}.${randomInt(256)}.${randomInt(2, 255)}`;
}

/** Distinct values from `make()`; retries on collision (the spaces are large, so this ends quickly). */
function distinct<T>(count: number, make: () => T): T[] {
  const seen = new Set<T>();
  while (seen.size < count) seen.add(make());
  return [...seen];
}

class Planter {
  readonly planted: PlantedValue[] = [];

  plant(file: TargetPath, value: string, category: string): string {
    if (!this.planted.some((p) => p.file === file && p.value === value)) this.planted.push({ file, value, category });
    return value;
  }
}

function laravelEnv(p: Planter): string {
  const f: TargetPath = '/var/www/app/.env';
  // Architecture section 06, "Raw input from SSH session (cat /var/www/app/.env)", verbatim; the document shows the
  // Stripe key truncated ("sk_live_51MqR3..."), so it is completed to a full-length (107-character) random key.
  const stripe = `sk_live_51MqR3${randomString(107 - 'sk_live_51MqR3'.length)}`;
  const lines = [
    'APP_NAME=CustomerPortal',
    'APP_ENV=production',
    `APP_KEY=${p.plant(f, 'base64:k8JfVz3mN9xWqL2pR7tY5uA0cDgHiE1bS4wX6nM8oQ=', 'app-key')}`,
    'DB_CONNECTION=mysql',
    `DB_HOST=${p.plant(f, '192.168.1.50', 'ip')}`,
    `DB_DATABASE=${p.plant(f, 'portal_prod', 'db-name')}`,
    `DB_USERNAME=${p.plant(f, 'portal_admin', 'db-user')}`,
    `DB_PASSWORD=${p.plant(f, 'X$9kM#vL2@pQwR7n!', 'password')}`,
    `MAIL_FROM_ADDRESS=${p.plant(f, 'support@customername.com', 'email')}`,
    `STRIPE_SECRET=${p.plant(f, stripe, 'api-key')}`,
  ];
  return `${lines.join('\n')}\n`;
}

function wpConfig(p: Planter): string {
  const f: TargetPath = '/var/www/wordpress/wp-config.php';
  const dbName = p.plant(f, `wp_${pick(['shop', 'blog', 'news', 'site'])}_${randomString(4).toLowerCase()}`, 'db-name');
  const dbUser = p.plant(f, `wpuser_${randomString(6).toLowerCase()}`, 'db-user');
  const dbPassword = p.plant(f, randomString(24, `${ALNUM}!#%*+-=?@^_`), 'password');
  const dbHost = p.plant(f, randomPrivateIp(), 'ip');
  const saltNames = [
    'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT',
    'NONCE_SALT',
  ]; // prettier-ignore
  const salts = saltNames
    .map(
      (name) =>
        `define( '${name}',${' '.repeat(18 - name.length)}'${p.plant(f, randomString(64, WP_SALT_CHARS), 'salt')}' );`,
    )
    .join('\n');
  return `<?php
/**
 * The base configuration for WordPress
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define( 'DB_NAME', '${dbName}' );

/** Database username */
define( 'DB_USER', '${dbUser}' );

/** Database password */
define( 'DB_PASSWORD', '${dbPassword}' );

/** Database hostname */
define( 'DB_HOST', '${dbHost}:3306' );

/** Database charset to use in creating database tables. */
define( 'DB_CHARSET', 'utf8mb4' );

/** The database collate type. Don't change this if in doubt. */
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 */
${salts}

/**#@-*/

/**
 * WordPress database table prefix.
 */
$table_prefix = 'wp_';

define( 'WP_DEBUG', false );

/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
\tdefine( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
`;
}

function nginxSite(p: Planter): string {
  const f: TargetPath = '/etc/nginx/sites-enabled/app.conf';
  const fqdn = p.plant(f, 'portal.customername.com', 'hostname');
  const upstream = p.plant(f, randomPrivateIp(), 'ip');
  return `upstream portal_backend {
    server ${upstream}:9000 max_fails=3 fail_timeout=30s;
    keepalive 16;
}

server {
    listen 80;
    listen [::]:80;
    server_name ${fqdn};
    return 301 https://$host$request_uri;
}

server {
    listen 443 ssl http2;
    listen [::]:443 ssl http2;
    server_name ${fqdn};

    root /var/www/app/public;
    index index.php;

    ssl_certificate     /etc/ssl/certs/${fqdn}.crt;
    ssl_certificate_key /etc/ssl/private/${fqdn}.key;
    ssl_protocols       TLSv1.2 TLSv1.3;

    access_log /var/log/nginx/portal.access.log;
    error_log  /var/log/nginx/portal.error.log warn;

    location / {
        try_files $uri $uri/ /index.php?$query_string;
    }

    location ~ \\.php$ {
        include fastcgi_params;
        fastcgi_pass portal_backend;
        fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;
    }

    location ~ /\\.(?!well-known).* {
        deny all;
    }
}
`;
}

function authLog(p: Planter): string {
  const f: TargetPath = '/var/log/auth.log';
  const host = 'web-prod-01';
  const bruteForcer = p.plant(f, randomPublicIp(), 'ip');
  const scanners = distinct(3, randomPublicIp).map((ip) => p.plant(f, ip, 'ip'));
  const office = p.plant(f, randomPublicIp(), 'ip');
  const deployHost = p.plant(f, randomPrivateIp(), 'ip');
  const customerUsers = distinct(3, () => `${pick(FIRST_NAMES)}.${pick(LAST_NAMES)}`.toLowerCase()).map((u) =>
    p.plant(f, u, 'username'),
  );
  const [alice = 'anna.weber', bob = 'jonas.koch', carol = 'mia.braun'] = customerUsers;
  const probes = ['admin', 'oracle', 'test', 'ubuntu', 'postgres', 'git', 'ftpuser', 'user1'];

  let t = Date.UTC(2026, 10, 21, 6, 12, 3); // Nov 21, 06:12:03 UTC
  let pid = 41_200 + randomInt(1_000);
  const lines: string[] = [];
  const stamp = (): string => {
    t += (2 + randomInt(40)) * 1000;
    const d = new Date(t);
    const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
    const hms = d.toISOString().slice(11, 19);
    return `${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms} ${host}`;
  };
  const port = (): number => 32_768 + randomInt(28_000);
  const fingerprint = (): string => `SHA256:${randomBytes(32).toString('base64').replace(/=+$/, '')}`;

  lines.push(
    `${stamp()} sshd[${++pid}]: Accepted publickey for deploy from ${deployHost} port ${port()} ssh2: ED25519 ${fingerprint()}`,
  );
  lines.push(`${stamp()} sshd[${pid}]: pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)`);
  lines.push(
    `${stamp()} sudo:   deploy : TTY=pts/0 ; PWD=/var/www/app ; USER=root ; COMMAND=/usr/bin/systemctl restart php8.2-fpm`,
  );
  lines.push(`${stamp()} sudo: pam_unix(sudo:session): session opened for user root(uid=0) by deploy(uid=1001)`);
  // One address failing 40 times (password spraying against customer and default accounts).
  for (let i = 0; i < 40; i++) {
    const sshdPid = ++pid;
    const user = i % 5 === 0 ? pick(customerUsers) : pick(probes);
    if (probes.includes(user) && i % 3 === 0) {
      lines.push(`${stamp()} sshd[${sshdPid}]: Invalid user ${user} from ${bruteForcer} port ${port()}`);
      lines.push(
        `${stamp()} sshd[${sshdPid}]: Failed password for invalid user ${user} from ${bruteForcer} port ${port()} ssh2`,
      );
    } else {
      lines.push(`${stamp()} sshd[${sshdPid}]: Failed password for ${user} from ${bruteForcer} port ${port()} ssh2`);
    }
  }
  for (const ip of scanners) {
    const sshdPid = ++pid;
    const user = pick(probes);
    lines.push(`${stamp()} sshd[${sshdPid}]: Invalid user ${user} from ${ip} port ${port()}`);
    lines.push(`${stamp()} sshd[${sshdPid}]: Connection closed by invalid user ${user} ${ip} port ${port()} [preauth]`);
  }
  lines.push(
    `${stamp()} sshd[${++pid}]: Accepted publickey for ${alice} from ${office} port ${port()} ssh2: ED25519 ${fingerprint()}`,
  );
  lines.push(
    `${stamp()} sudo: ${alice} : TTY=pts/1 ; PWD=/home/${alice} ; USER=root ; COMMAND=/usr/bin/tail -n 200 /var/log/nginx/portal.error.log`,
  );
  lines.push(`${stamp()} sshd[${++pid}]: Failed password for ${bob} from ${office} port ${port()} ssh2`);
  lines.push(`${stamp()} sshd[${pid}]: Accepted password for ${bob} from ${office} port ${port()} ssh2`);
  lines.push(
    `${stamp()} sudo: ${bob} : user NOT in sudoers ; TTY=pts/2 ; PWD=/home/${bob} ; USER=root ; COMMAND=/usr/bin/cat /var/www/app/.env`,
  );
  lines.push(
    `${stamp()} sshd[${++pid}]: Accepted publickey for ${carol} from ${office} port ${port()} ssh2: RSA ${fingerprint()}`,
  );
  lines.push(`${stamp()} sshd[${pid}]: Received disconnect from ${office} port ${port()}:11: disconnected by user`);
  return `${lines.join('\n')}\n`;
}

function usersDump(p: Planter): string {
  const f: TargetPath = '/var/backups/db/users.sql';
  const people = distinct(20, () => `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`);
  let created = Date.UTC(2023, 0, 9, 8, 0, 0);
  const rows = people.map((full, i) => {
    const [first = 'Anna', last = 'Weber'] = full.split(' ');
    created += randomInt(2 * 86_400, 40 * 86_400) * 1000;
    const suffix = randomInt(10) < 4 ? String(randomInt(10, 99)) : '';
    const email = `${first}.${last}${suffix}@${pick(MAIL_DOMAINS)}`.toLowerCase();
    p.plant(f, first, 'person-name');
    p.plant(f, last, 'person-name');
    p.plant(f, email, 'email');
    const ip = p.plant(f, randomPublicIp(), 'ip');
    const at = new Date(created).toISOString().slice(0, 19).replace('T', ' ');
    return `(${i + 1},'${first}','${last}','${email}','${ip}','${at}')`;
  });
  return `-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: portal_prod
-- ------------------------------------------------------
-- Server version\t8.0.36-0ubuntu0.22.04.1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;

--
-- Table structure for table \`users\`
--

DROP TABLE IF EXISTS \`users\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE \`users\` (
  \`id\` int unsigned NOT NULL AUTO_INCREMENT,
  \`first_name\` varchar(100) NOT NULL,
  \`last_name\` varchar(100) NOT NULL,
  \`email\` varchar(255) NOT NULL,
  \`last_login_ip\` varchar(45) DEFAULT NULL,
  \`created_at\` datetime NOT NULL,
  PRIMARY KEY (\`id\`),
  UNIQUE KEY \`users_email_unique\` (\`email\`)
) ENGINE=InnoDB AUTO_INCREMENT=${rows.length + 1} DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table \`users\`
--

LOCK TABLES \`users\` WRITE;
/*!40000 ALTER TABLE \`users\` DISABLE KEYS */;
INSERT INTO \`users\` VALUES ${rows.join(',')};
/*!40000 ALTER TABLE \`users\` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;

-- Dump completed on 2026-11-20  3:00:02
`;
}

/**
 * Writes all demo files under `outDir` and the manifest, unless everything is already there.
 * @returns `'kept'` when existing content was left alone, `'generated'` otherwise.
 */
export function provisionDemo(outDir: string, manifestPath: string): 'kept' | 'generated' {
  const paths = Object.values(DEMO_FILES).map((rel) => join(outDir, rel));
  if (existsSync(manifestPath) && paths.every((path) => existsSync(path))) return 'kept';

  const planter = new Planter();
  const contents: Record<TargetPath, string> = {
    '/var/www/app/.env': laravelEnv(planter),
    '/var/www/wordpress/wp-config.php': wpConfig(planter),
    '/etc/nginx/sites-enabled/app.conf': nginxSite(planter),
    '/var/log/auth.log': authLog(planter),
    '/var/backups/db/users.sql': usersDump(planter),
  };
  for (const [target, rel] of Object.entries(DEMO_FILES) as [TargetPath, string][]) {
    const path = join(outDir, rel);
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    writeFileSync(path, contents[target], { mode: 0o640 });
    chmodSync(path, 0o640);
  }
  mkdirSync(dirname(manifestPath), { recursive: true, mode: 0o700 });
  writeFileSync(manifestPath, `${JSON.stringify(planter.planted, null, 2)}\n`, { mode: 0o600 });
  chmodSync(manifestPath, 0o600);
  return 'generated';
}

function main(): void {
  const { values } = parseArgs({ options: { out: { type: 'string' }, manifest: { type: 'string' } } });
  if (!values.out || !values.manifest) {
    console.error('usage: npx tsx scripts/provision-demo.ts --out DIR --manifest FILE');
    process.exit(2);
  }
  const result = provisionDemo(values.out, values.manifest);
  console.error(`[provision-demo] demo content ${result === 'kept' ? 'already present, kept' : 'generated'}`);
}

if (require.main === module) main();
