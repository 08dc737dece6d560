import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { applyLayer2, layer2ConfigFromEnv } from '../exec-hook';
import type { Layer2Config } from '../exec-hook';
import { ScriptedModel, findings } from './fake-model';

const cfg = (model: Layer2Config['model'], extra: Partial<Layer2Config> = {}): Layer2Config => ({
  model,
  required: false,
  onFailure: 'hold',
  timeoutMs: 1000,
  ...extra,
});

describe('layer2ConfigFromEnv', () => {
  it('is off by default and validates the flag', () => {
    expect(layer2ConfigFromEnv({}).model).toBeNull();
    expect(layer2ConfigFromEnv({ SSM_LAYER2: 'off' }).required).toBe(false);
    expect(() => layer2ConfigFromEnv({ SSM_LAYER2: 'yes' })).toThrow();
    const http = layer2ConfigFromEnv({
      SSM_LAYER2: 'on',
      SSM_LAYER2_BACKEND: 'http',
      SSM_LAYER2_URL: 'http://127.0.0.1:1',
      SSM_LAYER2_MODEL: 'm',
      SSM_LAYER2_FAIL: 'redact-all',
    });
    expect(http).toMatchObject({ required: true, onFailure: 'redact-all' });
    expect(http.model?.name).toBe('http:m');
    expect(layer2ConfigFromEnv({ SSM_LAYER2: 'auto', SSM_LAYER2_BACKEND: 'none' }).model).toBeNull();
  });
});

describe('applyLayer2', () => {
  it('off: leaves streams alone', async () => {
    const streams = [{ text: 'a secret-ish line\n', binary: false }];
    expect(await applyLayer2(streams, { config: cfg(null) })).toEqual({
      layer2_redactions: 0,
      layer2_status: 'off',
      layer2_ms: 0,
    });
    expect(streams[0]!.text).toBe('a secret-ish line\n');
  });

  it('on: redacts each text stream in place, skips binary, reports metadata and metrics', async () => {
    const registry = new Registry();
    const model = new ScriptedModel((req) =>
      req.user.includes('Scharnhorst')
        ? findings({ line: 1, text: 'Wilhelmina Scharnhorst', category: 'PERSON' })
        : findings(),
    );
    const streams = [
      {
        text: 'deployment approved by Wilhelmina Scharnhorst at noon, rollout continues on all web nodes\n',
        binary: false,
      },
      { text: '[BINARY OUTPUT OMITTED: 10 bytes]', binary: true },
      { text: '', binary: false },
    ];
    const meta = await applyLayer2(streams, { config: cfg(model), registry });
    expect(meta).toMatchObject({ layer2_redactions: 1, layer2_status: 'ok,binary,empty' });
    expect(streams[0]!.text).toBe(
      'deployment approved by [PERSON_REDACTED] at noon, rollout continues on all web nodes\n',
    );
    expect(model.calls).toHaveLength(1);
    const json = await registry.getMetricsAsJSON();
    expect(json.find((m) => m.name === 'ssm_layer2_redactions_total')?.values[0]?.value).toBe(1);
    // metrics are registered once per registry
    await applyLayer2([{ text: 'x y z\n', binary: false }], { config: cfg(model), registry });
  });

  it('on without a model: fails closed', async () => {
    const streams = [{ text: 'anything\n', binary: false }];
    const meta = await applyLayer2(streams, { config: cfg(null, { required: true }) });
    expect(meta.layer2_status).toBe('held');
    expect(streams[0]!.text).toMatch(/^\[WITHHELD: /);
  });

  it('model failure: the stream is replaced by the fail-closed marker, counted as rejected', async () => {
    const streams = [{ text: 'DB ok\n', binary: false }];
    const meta = await applyLayer2(streams, { config: cfg(new ScriptedModel(() => 'nope')) });
    expect(meta).toMatchObject({ layer2_status: 'held', layer2_rejected: { off_schema: 1 } });
    expect(streams[0]!.text).not.toContain('DB ok');
  });
});
