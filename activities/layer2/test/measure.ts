/**
 * Measures Layer 2 on a sample of the corpus: latency p50/p99 per payload and recall of Layer 1 alone vs
 * Layer 1 + Layer 2 (and benign items kept). Prints counts only, never values.
 *
 * Usage: npx tsx activities/layer2/test/measure.ts [records-per-family=1] [corpus=../shared/corpus/dev.jsonl]
 * Backend: SSM_LAYER2_BACKEND (default: embedded when the GGUF is present).
 * `L2_ABLATE=1` disables the Layer 1 rules that find PERSON and HOST values in the sample (and learned identifiers),
 * so the table shows what Layer 2 catches on its own where Layer 1 is blind (Layer 1 alone already has full recall on
 * the dev corpus, so without the ablation Layer 2 has nothing left to add).
 * @module
 */
import path from 'node:path';
import { createPseudonymTable, redact } from '../../redaction';
import { leaks, readCorpus } from '../../../scripts/score-redaction';
import type { CorpusRecord } from '../../../scripts/score-redaction';
import { contextualRedact } from '../contextual-redaction';
import { modelFromEnv } from '../model-client';

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const perFamily = Number(process.argv[2] ?? 1);
  const corpusPath = process.argv[3] ?? path.resolve(__dirname, '../../../../shared/corpus/dev.jsonl');
  const model = modelFromEnv();
  if (!model) throw new Error('no Layer 2 model: run scripts/fetch-local-model.sh or set SSM_LAYER2_BACKEND');
  const all = readCorpus(corpusPath);
  const byFamily = new Map<string, CorpusRecord[]>();
  for (const r of all) byFamily.set(r.family, [...(byFamily.get(r.family) ?? []), r]);
  const sample = [...byFamily.values()].flatMap((rs) => rs.slice(0, perFamily));

  // ablation: the rules Layer 1 uses for person names and host names on this sample
  let disabledRules: Set<string> | undefined;
  if (process.env.L2_ABLATE === '1') {
    disabledRules = new Set(['learned']);
    for (const r of sample)
      for (const sp of redact(r.text).spans)
        if (sp.category === 'PERSON' || sp.category === 'HOST') disabledRules.add(sp.rule);
    process.stderr.write(`ablated Layer 1 rules: ${[...disabledRules].sort().join(', ')}\n`);
  }
  const perCategory: Record<string, { secrets: number; leakL1: number; leakL2: number }> = {};
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const rejected: Record<string, number> = {};
  let secrets = 0;
  let leakL1 = 0;
  let leakL2 = 0;
  let benign = 0;
  let benignL1 = 0;
  let benignL2 = 0;
  let l2Redactions = 0;
  let bytes = 0;
  // warm-up (model load) is not a payload latency
  await contextualRedact('warm up line\n', { model, timeoutMs: 120_000 });
  for (const r of sample) {
    const pseudonyms = createPseudonymTable();
    const l1 = redact(r.text, { pseudonyms, ...(disabledRules ? { disabledRules } : {}) }).text;
    bytes += Buffer.byteLength(l1);
    const res = await contextualRedact(l1, {
      model,
      pseudonyms,
      timeoutMs: 60_000,
      maxTokens: Number(process.env.L2_MAX_TOKENS ?? 128),
      ...(disabledRules ? { layer1DisabledRules: disabledRules } : {}),
    });
    latencies.push(res.processingMs);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    for (const [k, v] of Object.entries(res.rejected)) rejected[k] = (rejected[k] ?? 0) + v;
    l2Redactions += res.layer2Redactions;
    // a held payload leaks nothing but also keeps nothing: score the text actually released
    for (const s of r.secrets) {
      secrets++;
      const c = (perCategory[s.category] ??= { secrets: 0, leakL1: 0, leakL2: 0 });
      c.secrets++;
      if (leaks(s.value, s.category, l1)) {
        leakL1++;
        c.leakL1++;
      }
      if (leaks(s.value, s.category, res.text)) {
        leakL2++;
        c.leakL2++;
      }
    }
    for (const b of r.benign) {
      benign++;
      if (l1.includes(b)) benignL1++;
      if (res.text.includes(b)) benignL2++;
    }
    process.stderr.write(`${r.family}: ${res.status} ${res.processingMs} ms, +${res.layer2Redactions}\n`);
  }
  await model.close?.();
  latencies.sort((a, b) => a - b);
  const out = {
    model: model.name,
    records: sample.length,
    mean_layer1_bytes: Math.round(bytes / sample.length),
    latency_ms: { p50: pct(latencies, 50), p99: pct(latencies, 99), max: latencies[latencies.length - 1] },
    statuses,
    layer2_redactions: l2Redactions,
    rejected,
    recall_layer1: +(1 - leakL1 / secrets).toFixed(4),
    recall_layer1_plus_layer2: +(1 - leakL2 / secrets).toFixed(4),
    secrets,
    benign_kept_layer1: +(benignL1 / benign).toFixed(4),
    benign_kept_layer1_plus_layer2: +(benignL2 / benign).toFixed(4),
    ablated: disabledRules ? [...disabledRules].sort() : null,
    per_category: Object.fromEntries(
      Object.entries(perCategory)
        .sort()
        .map(([k, c]) => [
          k,
          {
            secrets: c.secrets,
            recall_layer1: +(1 - c.leakL1 / c.secrets).toFixed(4),
            recall_layer1_plus_layer2: +(1 - c.leakL2 / c.secrets).toFixed(4),
          },
        ]),
    ),
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
