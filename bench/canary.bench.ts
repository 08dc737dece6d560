/**
 * Cost of the inline canary check per payload (architecture §06: every payload is checked before it leaves the
 * worker), side by side with a named baseline: one Aho-Corasick pass with the `modern-ahocorasick` library over the
 * same values (what the registry first used). Also prints Layer 1 redaction on the same payloads, to show the check's
 * share of the pipeline.
 *
 * Run: `npm run bench:canary`. Payloads are synthetic log text with no canary in them (the common case: the check
 * has to scan everything).
 * @module
 */
import { generateCanaries, newCanarySeed } from '../activities/canary/canaries';
import { CanaryRegistry } from '../activities/canary/canary-registry';
import AhoCorasick from 'modern-ahocorasick';
import { redact } from '../activities/redaction';

const canaries = generateCanaries(newCanarySeed());
const registry = new CanaryRegistry(canaries);
const values = canaries.flatMap((c) => c.values);
const sessionSecrets = Array.from({ length: 6 }, (_, i) => `b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB${i}`);

function payload(bytes: number): string {
  const lines = [
    'Nov 23 04:00:01 web-prod-01 nginx[812]: 203.0.113.7 - - "GET /api/orders?page=2 HTTP/1.1" 200 5123 "-" "Mozilla/5.0"',
    'Nov 23 04:00:02 web-prod-01 app[1202]: INFO request_id=6f1c2b9e-3a77-4c1e-9a43-0d2b8f4e9c10 user=4711 took=35ms',
    'Nov 23 04:00:03 web-prod-01 sshd[41409]: Accepted publickey for deploy from 10.20.30.40 port 36867 ssh2',
  ];
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += `${lines[i % lines.length]}\n`;
  return out.slice(0, bytes);
}

function time(fn: () => void, iterations: number): { p50: number; p99: number } {
  const xs: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  return { p50: xs[Math.floor(xs.length * 0.5)]!, p99: xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]! };
}

const automaton = new AhoCorasick([...values, ...sessionSecrets]);
const f = (n: number): string => (n < 1 ? `${(n * 1000).toFixed(1)} µs` : `${n.toFixed(2)} ms`).padStart(11);
console.log(`${values.length + sessionSecrets.length} exact values (17 canary payloads + 6 session-secret lines)`);
console.log(
  `${'payload'.padEnd(9)}${'inline check p50'.padStart(17)}${'p99'.padStart(11)}${'modern-ahocorasick p50'.padStart(24)}${'ratio'.padStart(8)}${'Layer 1 p50'.padStart(13)}${'check share'.padStart(13)}`,
);
for (const [label, bytes, iterations] of [
  ['4 KiB', 4096, 2000],
  ['64 KiB', 65536, 300],
  ['1 MiB', 1 << 20, 20],
] as const) {
  const text = payload(bytes);
  const ours = time(() => registry.survivors(text, sessionSecrets), iterations);
  const naive = time(() => automaton.match(text), Math.max(3, Math.floor(iterations / 10)));
  const layer1 = time(() => redact(text), Math.max(5, Math.floor(iterations / 4)));
  console.log(
    `${label.padEnd(9)}${f(ours.p50).padStart(17)}${f(ours.p99)}${f(naive.p50).padStart(24)}${(naive.p50 / ours.p50).toFixed(2).padStart(7)}x${f(layer1.p50).padStart(13)}${`${((ours.p50 / (layer1.p50 + ours.p50)) * 100).toFixed(1)} %`.padStart(13)}`,
  );
}
