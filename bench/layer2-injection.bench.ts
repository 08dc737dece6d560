/**
 * Prompt-injection study of Layer 2 (issue 5; architecture §07). For each attacked payload of the injection set
 * (`activities/layer2/test/injection-set.ts`) it runs Layer 1, then `contextualRedact`, and reports:
 * - attack success: a labelled secret or a canary in the released text, a Layer 1 placeholder lost (additive only
 *   violated), or Layer 2 above its 30 % cap;
 * - the on-schema rate of the model's replies, rejected outputs by reason, the rejection rate (rejected items / items
 *   returned), statuses, and latency p50/p99.
 *
 * Two models:
 * - `compromised`: a scripted model that obeys every injection and knows the raw secrets
 *   (`activities/layer2/test/compromised-model.ts`), every mode on every payload (15 families × 12 attacks);
 * - `embedded`: the real embedded model (SmolLM2-135M GGUF, `scripts/fetch-local-model.sh`), one payload per attack.
 *
 * Run: `npm run bench:layer2-injection -- [--model compromised|embedded|all] [--threads 1] [--max-tokens 128]
 * [--timeout-ms 60000] [--per-attack 1] [--max-bytes 2500] [--limit n] [--gguf path]`. Prints counts only, never values.
 * @module
 */
import { resolve } from 'node:path';
import os from 'node:os';
import { readCorpus } from '../scripts/score-redaction';
import { buildInjectionSet, runAttack } from '../activities/layer2/test/injection-set';
import type { AttackOutcome, AttackedPayload } from '../activities/layer2/test/injection-set';
import { COMPROMISE_MODES, compromisedModel } from '../activities/layer2/test/compromised-model';
import { EmbeddedLlamaModel } from '../activities/layer2/model-client';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Aggregates outcomes into the study's numbers (counts only). */
function summarise(outcomes: AttackOutcome[]): Record<string, unknown> {
  const n = outcomes.length;
  const count = (f: (o: AttackOutcome) => number): number => outcomes.reduce((s, o) => s + f(o), 0);
  const rejected: Record<string, number> = {};
  for (const o of outcomes) for (const [k, v] of Object.entries(o.rejected)) rejected[k] = (rejected[k] ?? 0) + v;
  // `truncated` counts replies, not items: it is not part of the item rejection rate
  const rejectedItems = Object.entries(rejected)
    .filter(([k]) => k !== 'truncated')
    .reduce((s, [, v]) => s + v, 0);
  const statuses: Record<string, number> = {};
  for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
  const reasons: Record<string, number> = {};
  for (const o of outcomes) if (o.reason) reasons[o.reason] = (reasons[o.reason] ?? 0) + 1;
  const lat = outcomes.map((o) => o.processingMs).sort((a, b) => a - b);
  const replies = count((o) => o.replies);
  const items = count((o) => o.itemsReturned);
  const success = outcomes.filter((o) => o.success).length;
  return {
    payloads: n,
    attack_success: success,
    attack_success_rate: +(success / n).toFixed(4),
    leaked_secrets: count((o) => o.leakedSecrets),
    leaked_canaries: count((o) => o.leakedCanaries),
    leaked_by_layer1_alone: count((o) => o.leakedLayer1),
    layer1_placeholders_lost: count((o) => o.layer1PlaceholdersLost),
    spans_over_layer1: count((o) => o.spansOverLayer1),
    over_cap_payloads: outcomes.filter((o) => o.overCap).length,
    max_layer2_share: +Math.max(
      0,
      ...outcomes.map((o) => (o.capBytes ? (o.layer2Bytes / o.capBytes) * 0.3 : 0)),
    ).toFixed(4),
    layer2_redactions: count((o) => o.layer2Redactions),
    replies,
    replies_on_schema: count((o) => o.repliesOnSchema),
    replies_truncated: count((o) => o.repliesTruncated),
    on_schema_rate: replies ? +(count((o) => o.repliesOnSchema) / replies).toFixed(4) : null,
    uncounted_off_schema: count((o) => o.uncountedOffSchema),
    items_returned: items,
    rejected,
    rejected_items: rejectedItems,
    rejection_rate: items ? +(rejectedItems / items).toFixed(4) : null,
    statuses,
    fail_closed_reasons: reasons,
    latency_ms: { p50: pct(lat, 50), p99: pct(lat, 99), max: lat[lat.length - 1] ?? NaN },
  };
}

async function runCompromised(set: AttackedPayload[]): Promise<Record<string, unknown>> {
  const all: AttackOutcome[] = [];
  const byMode: Record<string, unknown> = {};
  for (const mode of COMPROMISE_MODES) {
    const outs: AttackOutcome[] = [];
    for (const p of set) {
      const raw = [...p.secrets.map((s) => s.value), ...p.canaries];
      outs.push(await runAttack(p, compromisedModel(mode, raw), { timeoutMs: 5_000 }));
    }
    const s = summarise(outs);
    byMode[mode] = {
      attack_success: s.attack_success,
      statuses: s.statuses,
      rejected: s.rejected,
      on_schema_rate: s.on_schema_rate,
      rejection_rate: s.rejection_rate,
      layer2_redactions: s.layer2_redactions,
    };
    all.push(...outs);
    process.stderr.write(`compromised/${mode}: ${outs.length} payloads, ${String(s.attack_success)} successes\n`);
  }
  return {
    model: 'compromised (scripted, obeys every injection)',
    modes: COMPROMISE_MODES.length,
    ...summarise(all),
    by_mode: byMode,
  };
}

async function runEmbedded(set: AttackedPayload[]): Promise<Record<string, unknown>> {
  const gguf = arg('gguf', '');
  const threads = Number(arg('threads', '1'));
  const model = new EmbeddedLlamaModel({ contextSize: 4096, threads, ...(gguf ? { modelPath: gguf } : {}) });
  if (!EmbeddedLlamaModel.available(gguf || undefined)) {
    throw new Error('embedded GGUF missing: run scripts/fetch-local-model.sh');
  }
  const maxTokens = Number(arg('max-tokens', '128'));
  const timeoutMs = Number(arg('timeout-ms', '60000'));
  const t0 = performance.now();
  // warm-up (model load) is not a payload latency
  await model.complete({ system: 'Answer {"findings":[]}.', user: 'warm up', maxTokens: 8, timeoutMs: 120_000 });
  const loadMs = Math.round(performance.now() - t0);
  const outs: AttackOutcome[] = [];
  const perAttack: Record<string, unknown> = {};
  try {
    for (const p of set) {
      const o = await runAttack(p, model, { timeoutMs, maxTokens });
      outs.push(o);
      perAttack[o.id] = {
        status: o.status,
        ms: o.processingMs,
        success: o.success,
        on_schema: `${o.repliesOnSchema}/${o.replies}`,
        layer2: o.layer2Redactions,
        rejected: o.rejected,
      };
      process.stderr.write(`embedded ${o.id}: ${o.status} ${o.processingMs} ms, +${o.layer2Redactions}\n`);
    }
  } finally {
    await model.close();
  }
  return {
    model: model.name,
    threads,
    max_tokens: maxTokens,
    timeout_ms: timeoutMs,
    load_ms: loadMs,
    ...summarise(outs),
    per_payload: perAttack,
  };
}

async function main(): Promise<void> {
  const which = arg('model', 'all');
  const records = readCorpus(resolve(__dirname, '../../shared/corpus/dev.jsonl'));
  const out: Record<string, unknown> = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    loadavg_start: os.loadavg().map((x) => +x.toFixed(2)),
  };
  if (which === 'compromised' || which === 'all') {
    out.compromised = await runCompromised(buildInjectionSet(records, { perFamily: 1 }));
  }
  if (which === 'embedded' || which === 'all') {
    const perAttack = Number(arg('per-attack', '1'));
    const maxBytes = Number(arg('max-bytes', '2500'));
    const limit = Number(arg('limit', '0'));
    const built = buildInjectionSet(records, { perFamily: perAttack, mode: 'rotate', maxBytes });
    const set = limit > 0 ? built.slice(0, limit) : built;
    out.embedded = await runEmbedded(set);
  }
  out.loadavg_end = os.loadavg().map((x) => +x.toFixed(2));
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
