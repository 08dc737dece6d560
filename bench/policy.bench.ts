/**
 * Policy decision latency per command over the 164 conformance commands, side by side in one run with a named
 * baseline: the mcp-ssh-orchestrator-style matcher (substring deny list + fnmatch-like globs on the RAW command
 * string), implemented here only as the insecure baseline — it is fast precisely because it does not parse, which is
 * why `ls*` matches `ls; rm -rf ~`. The last column counts the conformance cases each gets right.
 *
 * Run: `npm run bench:policy`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import type { HostEntry } from '../activities/config/inventory';
import { evaluateCommand, parsePolicy } from '../activities/policy';

const dir = join(__dirname, '..', 'activities', 'policy', 'test');
const policy = parsePolicy(readFileSync(join(dir, 'conformance-policy.yml'), 'utf8'));
const cases = JSON.parse(readFileSync(join(dir, 'conformance-cases.json'), 'utf8')) as {
  host: string;
  command: string;
  expect: string;
}[];
const tagsOf: Record<string, string[]> = {
  'prod-web-1': ['production', 'web'],
  'prod-db-1': ['production', 'db'],
  'web-1': ['web'],
  'staging-app': ['staging'],
  'dev-box': [],
};
const host = (alias: string): HostEntry => ({
  alias,
  address: '10.0.0.5',
  port: 22,
  users: ['app'],
  tags: tagsOf[alias] ?? [],
  hostKeys: [],
});

// Baseline: the orchestrator's documented semantics on the raw string.
const denySubstrings = policy.file.limits?.deny_substrings ?? [];
const rawRules = policy.file.rules.map((r) => ({
  r,
  globs: (r.commands ?? (r.binary ? [`${r.binary}*`] : [])).map((g) => picomatch(g, { bash: true, dot: true })),
}));
function naive(alias: string, command: string): 'allow' | 'deny' {
  if (denySubstrings.some((s) => command.includes(s.replace(/\*$/, '')))) return 'deny';
  const h = host(alias);
  for (const { r, globs } of rawRules) {
    if (r.aliases && !r.aliases.some((a) => picomatch.isMatch(alias, a))) continue;
    if (r.tags && !r.tags.some((t) => h.tags.includes(t))) continue;
    if (globs.some((g) => g(command))) return r.action;
  }
  return 'deny';
}

function bench(fn: (alias: string, command: string) => string): { p50: number; p99: number; correct: number } {
  const xs: number[] = [];
  let correct = 0;
  for (let round = 0; round < 20; round++) {
    for (const c of cases) {
      const t0 = performance.now();
      const d = fn(c.host, c.command);
      xs.push(performance.now() - t0);
      if (round === 0 && d === c.expect) correct++;
    }
  }
  xs.sort((a, b) => a - b);
  return { p50: xs[Math.floor(xs.length / 2)]!, p99: xs[Math.floor(xs.length * 0.99)]!, correct };
}

const ours = bench((a, c) => evaluateCommand(policy, host(a), c).decision);
const base = bench(naive);
const us = (n: number): string => `${(n * 1000).toFixed(1)} µs`.padStart(11);
console.log(`${cases.length} conformance commands x 20 rounds`);
console.log(`${'matcher'.padEnd(46)}${'p50'.padStart(11)}${'p99'.padStart(11)}  correct`);
console.log(
  `${'secure-ssh-mcp (mvdan/sh AST, per simple command)'.padEnd(46)}${us(ours.p50)}${us(ours.p99)}  ${ours.correct}/${cases.length}`,
);
console.log(
  `${'baseline: orchestrator-style raw-string globs'.padEnd(46)}${us(base.p50)}${us(base.p99)}  ${base.correct}/${cases.length}`,
);
