/**
 * Layer 2 in the exec output path (issue 5 item 5), behind `SSM_LAYER2`:
 * - `off` (default): nothing happens, `layer2_redactions` stays 0;
 * - `on`: every non-binary stream goes through {@link contextualRedact}; a missing model fails closed;
 * - `auto`: `on` when a model is configured (`SSM_LAYER2_BACKEND=http`) or the embedded GGUF is present, else `off`.
 * Default `off` because on the 2-core reference machine the embedded model takes seconds per payload (see the issue 5
 * note); `SSM_LAYER2_FAIL` picks the fail-closed action (`hold` default, or `redact-all`).
 * @module
 */
import type { Registry } from 'prom-client';
import type { PseudonymTable } from '../redaction';
import { contextualRedact } from './contextual-redaction';
import type { FailClosedAction, Layer2Options, Layer2Result } from './contextual-redaction';
import { createLayer2Metrics } from './metrics';
import type { Layer2Metrics } from './metrics';
import { modelFromEnv } from './model-client';
import type { LocalModel } from './model-client';

/** Resolved Layer 2 configuration (null model = disabled). */
export interface Layer2Config {
  model: LocalModel | null;
  required: boolean;
  onFailure: FailClosedAction;
  timeoutMs: number;
}

/** Reads `SSM_LAYER2`, `SSM_LAYER2_FAIL`, `SSM_LAYER2_TIMEOUT_MS` and the backend variables of `modelFromEnv`. */
export function layer2ConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Layer2Config {
  const mode = env.SSM_LAYER2 ?? 'off';
  const onFailure: FailClosedAction = env.SSM_LAYER2_FAIL === 'redact-all' ? 'redact-all' : 'hold';
  const timeoutMs = Number(env.SSM_LAYER2_TIMEOUT_MS ?? 30_000);
  if (mode === 'off') return { model: null, required: false, onFailure, timeoutMs };
  if (mode !== 'on' && mode !== 'auto') throw new Error(`SSM_LAYER2 must be off, on or auto`);
  let model: LocalModel | null = null;
  try {
    model = modelFromEnv(env);
  } catch (err) {
    if (mode === 'on') throw err;
  }
  return { model, required: mode === 'on', onFailure, timeoutMs };
}

let cached: Layer2Config | null = null;
/** The process-wide configuration, read once. */
export function layer2Config(): Layer2Config {
  cached ??= layer2ConfigFromEnv();
  return cached;
}
/** TEST-ONLY: replaces the process-wide configuration (null: re-read the environment next time). */
export function setLayer2ConfigForTests(cfg: Layer2Config | null): void {
  cached = cfg;
}

const metricsByRegistry = new WeakMap<Registry, Layer2Metrics>();
function metricsFor(registry?: Registry): Layer2Metrics | undefined {
  if (!registry) return undefined;
  let m = metricsByRegistry.get(registry);
  if (!m) {
    m = createLayer2Metrics(registry);
    metricsByRegistry.set(registry, m);
  }
  return m;
}

/** Per-payload metadata for the `anonymization` JSONB. */
export interface Layer2Meta {
  layer2_redactions: number;
  /** `off` or, per stream, the {@link Layer2Result} status. */
  layer2_status: string;
  layer2_ms: number;
  layer2_rejected?: Record<string, number>;
}

/**
 * Applies Layer 2 to rendered streams in place (`text` replaced). Binary streams are skipped.
 * @returns metadata for the audit row; `layer2_status` is `off` when disabled.
 */
export async function applyLayer2(
  streams: { text: string; binary: boolean }[],
  ctx: {
    pseudonyms?: PseudonymTable;
    canaries?: Layer2Options['canaries'];
    secrets?: readonly string[];
    registry?: Registry;
    config?: Layer2Config;
  },
): Promise<Layer2Meta> {
  const cfg = ctx.config ?? layer2Config();
  if (!cfg.model && !cfg.required) return { layer2_redactions: 0, layer2_status: 'off', layer2_ms: 0 };
  const t0 = performance.now();
  const metrics = metricsFor(ctx.registry);
  const statuses: string[] = [];
  const rejected: Record<string, number> = {};
  let redactions = 0;
  for (const s of streams) {
    if (s.binary || s.text === '') {
      statuses.push(s.binary ? 'binary' : 'empty');
      continue;
    }
    let res: Layer2Result;
    if (!cfg.model) {
      // SSM_LAYER2=on without a usable model: fail closed.
      res = {
        text: `[WITHHELD: layer 2 redaction is required but no model is available]`,
        status: 'held',
        spans: [],
        layer2Redactions: 0,
        rejected: {},
        canaryPassed: true,
        processingMs: 0,
        reason: 'no_model',
      };
      metrics?.failures.inc({ reason: 'no_model', action: 'hold' });
    } else {
      res = await contextualRedact(s.text, {
        model: cfg.model,
        timeoutMs: cfg.timeoutMs,
        onFailure: cfg.onFailure,
        ...(ctx.pseudonyms ? { pseudonyms: ctx.pseudonyms } : {}),
        ...(ctx.canaries ? { canaries: ctx.canaries } : {}),
        ...(ctx.secrets ? { secrets: ctx.secrets } : {}),
        ...(metrics ? { metrics } : {}),
      });
    }
    s.text = res.text;
    statuses.push(res.status);
    redactions += res.layer2Redactions;
    for (const [k, v] of Object.entries(res.rejected)) rejected[k] = (rejected[k] ?? 0) + v;
  }
  return {
    layer2_redactions: redactions,
    layer2_status: statuses.join(','),
    layer2_ms: Math.round(performance.now() - t0),
    ...(Object.keys(rejected).length ? { layer2_rejected: rejected } : {}),
  };
}
