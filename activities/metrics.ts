/**
 * Worker metrics (prom-client), named after architecture §09's observability table. Exposed by the worker on
 * `SSM_METRICS_PORT` (`/metrics`) when set. Labels never carry values from command output.
 * @module
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The worker's metric set. */
export interface WorkerMetrics {
  registry: Registry;
  /** Canary payloads that survived redaction, by source (inline | periodic | release-check). */
  canarySurvivals: Counter<'source'>;
  /** Canary batches run, by outcome (pass | fail). */
  canaryBatches: Counter<'outcome'>;
  /** 1 while the pipeline guard reports halted (as last seen by this worker). */
  pipelineHalted: Gauge;
  /** Layer 1 + inline canary check time per payload (seconds). §09 alert: p99 > 500 ms warning. */
  anonymizationSeconds: Histogram;
  /** Alerts emitted, by event. */
  alerts: Counter<'event'>;
}

/** Creates a fresh registry with the worker metrics. */
export function createMetrics(): WorkerMetrics {
  const registry = new Registry();
  return {
    registry,
    canarySurvivals: new Counter({
      name: 'ssm_canary_survivals_total',
      help: 'Canary payloads that survived redaction',
      labelNames: ['source'],
      registers: [registry],
    }),
    canaryBatches: new Counter({
      name: 'ssm_canary_batches_total',
      help: 'Canary batches run',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    pipelineHalted: new Gauge({
      name: 'ssm_pipeline_halted',
      help: '1 while the pipeline is halted',
      registers: [registry],
    }),
    anonymizationSeconds: new Histogram({
      name: 'ssm_anonymization_seconds',
      help: 'Redaction + inline canary check time per payload',
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 2],
      registers: [registry],
    }),
    alerts: new Counter({
      name: 'ssm_alerts_total',
      help: 'Alerts emitted',
      labelNames: ['event'],
      registers: [registry],
    }),
  };
}
