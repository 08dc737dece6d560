/**
 * Cost and reach of Layer 1 redaction (architecture §06: every payload is redacted before it leaves the worker), side
 * by side with a named baseline: the secretlint recommended preset (`@secretlint/core` `lintSource` with
 * `@secretlint/secretlint-rule-preset-recommend`), run in the same process on the same payloads. secretlint only
 * detects (it does not rewrite), so the comparison is generous to it.
 *
 * Payloads are synthetic and seeded (every run scans identical bytes), 1 KiB to 1 MiB, of two kinds:
 * - `config`: .env / YAML / nginx / my.cnf blocks dense with secrets (AWS key pairs, GitHub, Stripe and Slack tokens,
 *   PEM private keys, postgres URLs) plus emails and IPv4 addresses;
 * - `log`: syslog / nginx access / auth.log / app lines with IPs, emails, usernames and request UUIDs, mostly benign
 *   with a secret every few dozen lines.
 *
 * Each row prints p50/p99 latency and throughput (MB = 10^6 bytes, over p50) for both, the ratio of the p50s, and the
 * findings: our span count vs secretlint's message count, plus how many secretlint findings none of our spans
 * overlaps. A targets section follows (PASS/FAIL); the script always exits 0: it is a report, not a test.
 *
 * What is measured is the engine the worker runs: the `tsc` build in `dist/` (`npm run bench:redact` builds it first;
 * the worker image and `bin/secure-ssh-mcp.js` run `dist/`). Running the TypeScript sources through tsx is ~30 %
 * slower at 4 KiB, because esbuild's keep-names wrappers allocate a closure name on every inner function call; the
 * script says which build it measured. All of our rows are timed first, then all of secretlint's, and each timed block
 * starts after a full GC (`--expose-gc`) and untimed warm-up calls, so neither engine pays for the other's garbage or
 * for recompiling what the forced GC dropped; small payloads get more samples so that p99 is not the third-worst
 * sample. The 1 KiB and 4 KiB rows are timed in three blocks of 2000 calls per engine and show the median block p50
 * and p99, with every block's p99 printed under the table: on a shared 2-core machine one burst of outside load can
 * move a whole block (same payload, same build: 4 KiB p50 0.35 and 0.57 ms in consecutive runs).
 *
 * Run: `npm run bench:redact` (about three minutes on 2 cores; each measurement is capped by a time budget).
 * @module
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type * as Engine from '../activities/redaction';
import { prng } from '../scripts/lib/prng';

const COMPILED = path.resolve(__dirname, '../dist/activities/redaction/index.js');
/** The compiled engine when `dist/` has it (as deployed), else the sources (as `tsx` runs them). */
function loadEngine(): { build: string; mod: typeof Engine } {
  if (existsSync(COMPILED))
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- load the deployed build, not the sources
    return { build: 'dist/ (tsc build, as deployed)', mod: require(COMPILED) as typeof Engine };
  return {
    build: 'TypeScript sources via tsx (run `npm run build` to measure the deployed build)',
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- fallback when dist/ is absent
    mod: require('../activities/redaction') as typeof Engine,
  };
}
const engine = loadEngine();
const { redact, createPseudonymTable } = engine.mod;
/** Full GC between timed blocks when node runs with `--expose-gc`. */
const fullGc: () => void = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

// ---------------------------------------------------------------------------------------------------------------
// Seeded synthetic payloads
// ---------------------------------------------------------------------------------------------------------------

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const BASE32 = `${UPPER}234567`;
const BASE64 = `${ALNUM}+/`;
const HEX = '0123456789abcdef';

class Gen {
  readonly #rnd: () => number;
  constructor(seed: number) {
    this.#rnd = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.#rnd() * n);
  }
  chance(p: number): boolean {
    return this.#rnd() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  str(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)]!;
    return s;
  }
  ipv4(): string {
    const prefix = this.pick(['203.0.113', '198.51.100', '192.0.2', '10.20.30', '172.16.8', '185.199.108']);
    return `${prefix}.${1 + this.int(254)}`;
  }
  uuid(): string {
    const h = (n: number): string => this.str(HEX, n);
    return `${h(8)}-${h(4)}-4${h(3)}-${this.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
  }
  email(): string {
    return `${this.pick(FIRST)}.${this.pick(LAST)}@${this.pick(DOMAINS)}`;
  }
  awsKeyId(): string {
    return `AKIA${this.str(BASE32, 16)}`;
  }
  awsSecret(): string {
    return this.str(`${ALNUM}/+`, 40);
  }
  githubToken(): string {
    return `ghp_${this.str(ALNUM, 36)}`;
  }
  stripeKey(): string {
    return `sk_live_${this.str(ALNUM, 24)}`;
  }
  slackToken(): string {
    return `xoxb-${this.str(DIGITS, 11)}-${this.str(DIGITS, 13)}-${this.str(ALNUM, 24)}`;
  }
  password(): string {
    return this.str(`${ALNUM}!%^*`, 12 + this.int(8));
  }
  pgUrl(): string {
    return `postgres://${this.pick(DB_USERS)}:${this.str(ALNUM, 16)}@db-${this.int(9)}.${this.pick(DOMAINS)}:5432/${this.pick(DB_NAMES)}`;
  }
  /** An EC-sized PEM block; the armour is assembled here so no source line holds a literal PEM header. */
  pemBlock(): string[] {
    const dashes = '-'.repeat(5);
    const label = ['EC', 'PRIVATE', 'KEY'].join(' ');
    const body = `MHcCAQEEI${this.str(BASE64, 183)}`; // ASN.1 SEQUENCE ("MI…"), 192 base64 chars
    return [`${dashes}BEGIN ${label}${dashes}`, ...(body.match(/.{1,64}/g) ?? []), `${dashes}END ${label}${dashes}`];
  }
}

const FIRST = ['jane', 'omar', 'li', 'maria', 'tobias', 'aiko', 'samuel', 'fatima', 'pierre', 'nina'];
const LAST = ['doe', 'haddad', 'wei', 'garcia', 'berg', 'tanaka', 'okafor', 'rahman', 'martin', 'kowalski'];
const DOMAINS = ['acme-corp.example', 'shop.example.org', 'mail.example.net', 'billing.example.com'];
const LOGINS = ['jdoe', 'ohaddad', 'lwei', 'mgarcia', 'tberg', 'atanaka', 'sokafor', 'frahman', 'pmartin', 'nkowal'];
const DB_USERS = ['app_rw', 'reporting', 'billing_svc', 'etl_loader'];
const DB_NAMES = ['orders', 'customers', 'ledger', 'analytics'];
const HOSTS = ['web-prod-01', 'web-prod-02', 'api-prod-01', 'bastion-01'];
const PATHS = ['/api/orders', '/api/customers', '/login', '/static/app.js', '/api/cart/items', '/healthz'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64)', 'curl/8.5.0', 'Go-http-client/2.0', 'python-requests/2.32'];

function configBlock(g: Gen): string[] {
  switch (g.int(5)) {
    case 0:
      return [
        '# .env',
        `APP_ENV=production`,
        `AWS_ACCESS_KEY_ID=${g.awsKeyId()}`,
        `AWS_SECRET_ACCESS_KEY=${g.awsSecret()}`,
        `GITHUB_TOKEN=${g.githubToken()}`,
        `STRIPE_SECRET_KEY=${g.stripeKey()}`,
        `SLACK_BOT_TOKEN=${g.slackToken()}`,
        `DATABASE_URL=${g.pgUrl()}`,
        `ADMIN_EMAIL=${g.email()}`,
        `REDIS_HOST=${g.ipv4()}`,
        `LOG_LEVEL=info`,
      ];
    case 1:
      return [
        '# config.yaml',
        'database:',
        `  host: ${g.ipv4()}`,
        `  url: ${g.pgUrl()}`,
        '  pool: 20',
        'notifications:',
        `  slack_token: ${g.slackToken()}`,
        `  email: ${g.email()}`,
        'aws:',
        `  access_key_id: ${g.awsKeyId()}`,
        `  secret_access_key: ${g.awsSecret()}`,
        '  region: eu-central-1',
      ];
    case 2:
      return [
        '# nginx site',
        'server {',
        '    listen 443 ssl;',
        `    server_name ${g.pick(['shop', 'api', 'admin'])}.${g.pick(DOMAINS)};`,
        `    set_real_ip_from ${g.ipv4()};`,
        `    proxy_set_header Authorization "Bearer ${g.githubToken()}";`,
        `    proxy_pass http://${g.ipv4()}:8080;`,
        `    access_log /var/log/nginx/access.log combined;`,
        '}',
      ];
    case 3:
      return [
        '# my.cnf',
        '[client]',
        `user = ${g.pick(DB_USERS)}`,
        `password = ${g.password()}`,
        `host = ${g.ipv4()}`,
        '[mysqld]',
        'bind-address = 0.0.0.0',
        'max_connections = 200',
      ];
    default:
      return ['# tls.yaml', `tls_contact: ${g.email()}`, 'tls_key: |', ...g.pemBlock().map((l) => `  ${l}`)];
  }
}

function logLine(g: Gen, clock: { t: number }): string {
  clock.t += g.int(4);
  const d = new Date(Date.UTC(2025, 10, 23, 4, 0, 0) + clock.t * 1000);
  const hms = d.toISOString().slice(11, 19);
  const sys = `Nov 23 ${hms} ${g.pick(HOSTS)}`;
  const ip = g.ipv4();
  if (g.chance(0.03)) {
    // the occasional leak
    switch (g.int(5)) {
      case 0:
        return `${sys} app[1202]: ERROR db connect failed url=${g.pgUrl()} request_id=${g.uuid()}`;
      case 1:
        return `${sys} app[1202]: DEBUG outgoing GET https://api.github.com/user Authorization: token ${g.githubToken()}`;
      case 2:
        return `${sys} app[1202]: DEBUG stripe client init key=${g.stripeKey()} request_id=${g.uuid()}`;
      case 3:
        return `${sys} app[1202]: WARN slack notify failed token=${g.slackToken()} channel=#ops`;
      default:
        return `${sys} cron[88]: env dump AWS_ACCESS_KEY_ID=${g.awsKeyId()} AWS_SECRET_ACCESS_KEY=${g.awsSecret()}`;
    }
  }
  switch (g.int(6)) {
    case 0:
      return `${sys} nginx[812]: ${ip} - - [23/Nov/2025:${hms} +0000] "GET ${g.pick(PATHS)}/${g.uuid()} HTTP/1.1" ${g.pick([200, 200, 304, 404, 502])} ${g.int(90000)} "-" "${g.pick(AGENTS)}"`;
    case 1:
      return `${sys} sshd[${1000 + g.int(60000)}]: Accepted publickey for ${g.pick(LOGINS)} from ${ip} port ${1024 + g.int(60000)} ssh2: ED25519 SHA256:${g.str(BASE64, 43)}`;
    case 2:
      return `${sys} sshd[${1000 + g.int(60000)}]: Failed password for invalid user ${g.pick(['oracle', 'test', 'guest', 'ftpuser'])} from ${ip} port ${1024 + g.int(60000)} ssh2`;
    case 3: {
      const login = g.pick(LOGINS);
      return `${sys} sudo: ${login} : TTY=pts/${g.int(4)} ; PWD=/home/${login} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`;
    }
    case 4:
      return `${sys} app[1202]: INFO request_id=${g.uuid()} user=${g.email()} action=${g.pick(['login', 'checkout', 'logout'])} ip=${ip} took=${g.int(400)}ms`;
    default:
      return `${sys} systemd[1]: Started ${g.pick(['Daily apt upgrade', 'Session 42 of user', 'logrotate.service', 'certbot.timer'])}.`;
  }
}

/** Whole lines up to `bytes`, then one benign filler line, so no secret is cut in half. ASCII: chars == bytes. */
export function payload(kind: 'config' | 'log', bytes: number): string {
  const g = new Gen(kind === 'config' ? 0xc0ff1 + bytes : 0x10991 + bytes);
  const clock = { t: 0 };
  let out = '';
  for (;;) {
    const lines = kind === 'config' ? [...configBlock(g), ''] : [logLine(g, clock)];
    const chunk = `${lines.join('\n')}\n`;
    if (out.length + chunk.length > bytes) break;
    out += chunk;
  }
  const rest = bytes - out.length;
  if (rest > 0) out += rest === 1 ? '\n' : `#${' '.repeat(rest - 2)}\n`;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------------------------

interface Stats {
  p50: number;
  p99: number;
  n: number;
  /** p99 of each timed block (one entry when the row is timed in one block). */
  blockP99: number[];
}

/** Per-measurement wall-clock cap, so a slow engine cannot push the run past a few minutes. */
const BUDGET_MS = 15_000;
const MIN_SAMPLES = 3;

function summarize(xs: number[]): Stats {
  xs.sort((a, b) => a - b);
  const p99 = xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!;
  return { p50: xs[Math.floor(xs.length * 0.5)]!, p99, n: xs.length, blockP99: [p99] };
}

/**
 * Several timed blocks of one row as one figure: the median block p50 and the median block p99 (each block starts
 * after a full GC). A burst of load from elsewhere on a shared machine lands in one block and moves one sample of
 * three, not the row; both engines are measured the same way.
 */
function medianOfBlocks(blocks: Stats[]): Stats {
  const mid = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  return {
    p50: mid(blocks.map((b) => b.p50)),
    p99: mid(blocks.map((b) => b.p99)),
    n: blocks.reduce((k, b) => k + b.n, 0),
    blockP99: blocks.map((b) => b.p99),
  };
}

/**
 * Untimed calls after the full GC that starts a block: V8 drops compiled regex and bytecode in a forced full GC, and
 * without these the first ~150 calls of a block re-tiered them (1.5–9 ms outliers in the 4 KiB config block, measured;
 * a worker redacting continuously does not see that).
 */
const warmups = (iterations: number): number => Math.max(3, Math.ceil(iterations / 10));

function time(fn: () => void, iterations: number): Stats {
  fullGc();
  for (let i = 0; i < warmups(iterations); i++) fn();
  const xs: number[] = [];
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    if (i >= MIN_SAMPLES && performance.now() - start > BUDGET_MS) break;
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  return summarize(xs);
}

async function timeAsync(fn: () => Promise<unknown>, iterations: number): Promise<Stats> {
  fullGc();
  for (let i = 0; i < warmups(iterations); i++) await fn();
  const xs: number[] = [];
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    if (i >= MIN_SAMPLES && performance.now() - start > BUDGET_MS) break;
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return summarize(xs);
}

// ---------------------------------------------------------------------------------------------------------------
// The two engines
// ---------------------------------------------------------------------------------------------------------------

function ours(content: string): ReturnType<typeof redact> {
  return redact(content, { pseudonyms: createPseudonymTable() });
}

function secretlint(content: string): ReturnType<typeof lintSource> {
  return lintSource({
    source: { filePath: '/virtual/payload.txt', content, ext: '.txt', contentType: 'text' },
    options: {
      config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] },
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------------------------

interface Row {
  kind: 'config' | 'log';
  label: string;
  bytes: number;
  ours: Stats;
  theirs: Stats;
  ourSpans: number;
  theirMessages: number;
  missed: number;
}

/** label, bytes, samples per block, blocks (small payloads: three blocks of 2000 calls, so p99 is a 20th-worst call) */
const SIZES = [
  ['1 KiB', 1024, 2000, 3],
  ['4 KiB', 4096, 2000, 3],
  ['64 KiB', 65536, 40, 1],
  ['1 MiB', 1 << 20, 8, 1],
] as const;

const ms = (n: number): string => (n < 1 ? n.toFixed(3) : n < 100 ? n.toFixed(2) : n.toFixed(0));
const mbps = (bytes: number, p50: number): number => bytes / (p50 / 1000) / 1e6;
const ratio = (r: Row): string => {
  const x = r.theirs.p50 / r.ours.p50;
  return `${x.toFixed(x < 1 ? 2 : 1)}×`;
};

async function main(): Promise<void> {
  console.log(`node ${process.version} · ${os.cpus()[0]?.model ?? 'unknown CPU'} · ${os.cpus().length} cores`);
  console.log('Layer 1 redact() vs secretlint 12 recommended preset (lintSource), same payloads, same process');
  console.log(`engine measured: ${engine.build}; gc between blocks: ${fullGc.name === 'gc' ? 'yes' : 'no'}`);
  console.log('');

  // All of ours first, then all of secretlint: each engine is timed in a heap holding only its own garbage
  // (secretlint's profiler leaves a performance mark per rule call, cleared only after each of its blocks).
  const cases = (['config', 'log'] as const).flatMap((kind) =>
    SIZES.map(([label, bytes, iterations, blocks]) => ({
      kind,
      label,
      bytes,
      iterations,
      blocks,
      text: payload(kind, bytes),
    })),
  );
  const mineOf = cases.map((c) => {
    const stats = medianOfBlocks(Array.from({ length: c.blocks }, () => time(() => ours(c.text), c.iterations)));
    process.stderr.write(`measured ours ${c.kind} ${c.label}\n`);
    return { stats, result: ours(c.text) };
  });
  const rows: Row[] = [];
  for (const [k, c] of cases.entries()) {
    const blocks: Stats[] = [];
    for (let b = 0; b < c.blocks; b++) {
      blocks.push(await timeAsync(() => secretlint(c.text), c.iterations));
      // secretlint's profiler (`@secretlint/profiler`) leaves performance marks for every rule call; over a run they
      // fill Node's global buffer (1,000,000 entries, then a MaxPerformanceEntryBufferExceededWarning). Clearing them
      // between blocks keeps its heap as a long-lived process that reads them would.
      performance.clearMarks();
      performance.clearMeasures();
    }
    const theirs = medianOfBlocks(blocks);
    const result = await secretlint(c.text);
    const mine = mineOf[k]!.result;
    // secretlint ranges are UTF-16 indices, our spans UTF-8 byte offsets: identical on these ASCII payloads
    const missed = result.messages.filter(
      (m) => !mine.spans.some((s) => s.start < m.range[1] && m.range[0] < s.end),
    ).length;
    rows.push({
      kind: c.kind,
      label: c.label,
      bytes: c.bytes,
      ours: mineOf[k]!.stats,
      theirs,
      ourSpans: mine.total,
      theirMessages: result.messages.length,
      missed,
    });
    process.stderr.write(`measured secretlint ${c.kind} ${c.label}\n`);
  }

  const header = [
    'kind'.padEnd(7),
    'size'.padEnd(7),
    'ours p50'.padStart(9),
    'p99'.padStart(9),
    'MB/s'.padStart(7),
    'secretlint p50'.padStart(15),
    'p99'.padStart(9),
    'MB/s'.padStart(7),
    'ratio'.padStart(8),
    '  findings: ours vs secretlint (missed)',
  ].join('');
  console.log(`${header}\n${'-'.repeat(header.length)}`);
  for (const r of rows) {
    console.log(
      [
        r.kind.padEnd(7),
        r.label.padEnd(7),
        ms(r.ours.p50).padStart(9),
        ms(r.ours.p99).padStart(9),
        mbps(r.bytes, r.ours.p50).toFixed(1).padStart(7),
        ms(r.theirs.p50).padStart(15),
        ms(r.theirs.p99).padStart(9),
        mbps(r.bytes, r.theirs.p50).toFixed(1).padStart(7),
        ratio(r).padStart(8),
        `  ${String(r.ourSpans).padStart(6)} vs ${String(r.theirMessages).padStart(4)} (${r.missed})`,
      ].join(''),
    );
  }
  console.log('(latencies in ms; MB = 10^6 bytes over p50; ratio = secretlint p50 / ours p50;');
  console.log(' missed = secretlint findings no span of ours overlaps)');
  for (const [label, , iterations, blocks] of SIZES.filter((sz) => sz[3] > 1))
    console.log(
      `${label} rows: median p50 and median p99 of ${blocks} blocks of ${iterations} calls, each block below`,
    );
  for (const r of rows.filter((x) => x.ours.blockP99.length > 1))
    console.log(
      `  p99 per block, ${r.kind} ${r.label}: ours ${r.ours.blockP99.map(ms).join(' / ')}; secretlint ${r.theirs.blockP99.map(ms).join(' / ')}`,
    );
  const planned = (r: Row): number => {
    const size = SIZES.find((s) => s[0] === r.label)!;
    return size[2] * size[3];
  };
  const capped = rows.filter((r) => r.ours.n < planned(r) || r.theirs.n < planned(r));
  for (const r of capped)
    console.log(`note: ${r.kind} ${r.label} hit the ${BUDGET_MS / 1000} s budget (${r.ours.n}/${r.theirs.n} samples)`);

  console.log('\ntargets');
  const verdict = (ok: boolean, what: string): void => console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${what}`);
  for (const r of rows.filter((x) => x.bytes === 4096))
    verdict(r.ours.p99 < 1, `ours p99 < 1 ms at 4 KiB, ${r.kind} (${ms(r.ours.p99)} ms)`);
  for (const r of rows.filter((x) => x.kind === 'log' && x.bytes === 1 << 20)) {
    const v = mbps(r.bytes, r.ours.p50);
    verdict(v >= 100, `ours >= 100 MB/s on the 1 MiB log payload (${v.toFixed(1)} MB/s)`);
  }
  const slow = rows.filter((r) => r.theirs.p50 / r.ours.p50 < 5);
  verdict(
    slow.length === 0,
    `ratio >= 5× on every row${slow.length ? ` (below: ${slow.map((r) => `${r.kind} ${r.label}`).join(', ')})` : ''}`,
  );
  const fewer = rows.filter((r) => r.ourSpans < r.theirMessages);
  verdict(
    fewer.length === 0,
    `ours finds >= secretlint on every row${fewer.length ? ` (fewer: ${fewer.map((r) => `${r.kind} ${r.label}`).join(', ')})` : ''}`,
  );
}

if (require.main === module)
  main()
    .catch((err: unknown) => console.error('bench:redact failed:', err))
    .finally(() => {
      // exit now: secretlint's profiler queues a PerformanceObserver callback per mark and matches each against every
      // earlier entry, so after thousands of lintSource calls the process would spend minutes draining that backlog
      process.stdout.write('', () => process.exit(0));
    });
