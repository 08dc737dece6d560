import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ActivityDeps } from '../deps';
import { createMetrics } from '../metrics';
import { createSharedActivities } from '../shared-activities';

describe('emitAlert', () => {
  it('logs, counts, records the event and POSTs value-free JSON to the webhook', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let b = '';
      req.on('data', (d: Buffer) => (b += d.toString()));
      req.on('end', () => {
        bodies.push(b);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const logs: unknown[] = [];
    const events: unknown[] = [];
    const metrics = createMetrics();
    const deps = {
      logger: { info: () => undefined, warn: (o: unknown) => logs.push(o), error: (o: unknown) => logs.push(o) },
      metrics,
      audit: { recordEvent: (e: unknown) => Promise.resolve(void events.push(e)) },
      alertWebhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      now: () => Date.UTC(2026, 10, 23),
    } as unknown as ActivityDeps;
    try {
      await createSharedActivities(deps).emitAlert({
        event: 'pipeline-halted',
        reason: 'inline canary check failed: aws-key-id:log-line',
      });
    } finally {
      server.close();
    }
    expect(logs).toEqual([{ alert: 'pipeline-halted', reason: 'inline canary check failed: aws-key-id:log-line' }]);
    expect(events).toEqual([
      { event: 'pipeline-halted', subject: 'pipeline', reason: 'inline canary check failed: aws-key-id:log-line' },
    ]);
    expect(JSON.parse(bodies[0]!)).toEqual({
      source: 'secure-ssh-mcp',
      alert: 'pipeline-halted',
      reason: 'inline canary check failed: aws-key-id:log-line',
      at: '2026-11-23T00:00:00.000Z',
    });
    expect(await metrics.registry.getSingleMetricAsString('ssm_pipeline_halted')).toMatch(/ssm_pipeline_halted 1/);
  });
});
