/**
 * Renders every Kubernetes overlay (kustomize), validates it strictly against the Kubernetes JSON schemas
 * (deploy/scripts/validate.sh) and asserts the security properties of issue 8 / the MSIL hardened pod spec.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const OUT = join(ROOT, '.run', 'k8s');
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form manifests
const rendered: Record<string, Obj[]> = {};
let validation = { status: -1 as number | null, output: '' };

beforeAll(() => {
  const r = spawnSync('bash', [join(ROOT, 'deploy', 'scripts', 'validate.sh'), '--render-dir', OUT], {
    encoding: 'utf8',
    timeout: 900_000,
  });
  validation = { status: r.status, output: `${r.stdout}${r.stderr}` };
  for (const overlay of ['dev', 'staging', 'prod']) {
    rendered[overlay] = parseAllDocuments(readFileSync(join(OUT, `${overlay}.yaml`), 'utf8')).map(
      (d) => d.toJS() as Obj,
    );
  }
}, 900_000);

const workloads = (objs: Obj[]): Obj[] => objs.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
const matches = (selector: Obj | undefined, labels: Obj): boolean => {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? [])
    if (e.operator === 'In' && !e.values.includes(labels[e.key])) return false;
  return true;
};

describe('deploy manifests', () => {
  it('every overlay validates strictly against the Kubernetes schemas, Dockerfiles lint clean', () => {
    expect(validation.status, validation.output).toBe(0);
    expect(validation.output).toMatch(/dev: valid[\s\S]*staging: valid[\s\S]*prod: valid/);
  });

  describe.each(['dev', 'staging', 'prod'])('%s', (overlay) => {
    it('every pod is hardened: non-root, seccomp, no token, read-only root, no privilege escalation, drop ALL, probes, resources', () => {
      const ws = workloads(rendered[overlay]!);
      expect(ws.length).toBeGreaterThanOrEqual(4);
      for (const w of ws) {
        const pod = w.spec.template.spec;
        expect(pod.securityContext.runAsNonRoot, w.metadata.name).toBe(true);
        expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault');
        expect(pod.automountServiceAccountToken).toBe(false);
        for (const c of pod.containers) {
          expect(c.securityContext.allowPrivilegeEscalation, c.name).toBe(false);
          expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
          expect(c.securityContext.capabilities.drop).toContain('ALL');
          expect(c.resources.requests && c.resources.limits).toBeTruthy();
          expect(c.livenessProbe && c.readinessProbe).toBeTruthy();
          expect(c.image).not.toMatch(/:latest$|^[^:]+$/);
        }
      }
    });

    it('default deny, and every pod is selected by at least one flow policy', () => {
      const nps = rendered[overlay]!.filter((o) => o.kind === 'NetworkPolicy');
      const dd = nps.find((p) => p.metadata.name === 'default-deny-all')!;
      expect(dd.spec.podSelector).toEqual({});
      expect(dd.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      for (const w of workloads(rendered[overlay]!)) {
        const labels = w.spec.template.metadata.labels;
        expect(
          nps.some((p) => p.metadata.name !== 'default-deny-all' && matches(p.spec.podSelector, labels)),
          w.metadata.name,
        ).toBe(true);
      }
    });

    it('the local model and storage are air-gapped (no egress to any IP block)', () => {
      const nps = rendered[overlay]!.filter((o) => o.kind === 'NetworkPolicy');
      for (const [name, labels] of [
        ['minimax', { app: 'minimax', zone: 'trusted' }],
        ['storage', { app: 'postgres', zone: 'trusted', role: 'storage' }],
      ] as const) {
        const applying = nps.filter(
          (p) => matches(p.spec.podSelector, labels) && p.spec.policyTypes?.includes('Egress'),
        );
        expect(applying.length, name).toBeGreaterThan(0);
        for (const p of applying)
          for (const rule of p.spec.egress ?? [])
            for (const to of rule.to ?? []) expect(to.ipBlock, `${name} ${p.metadata.name}`).toBeUndefined();
      }
      expect(nps.find((p) => p.metadata.name === 'storage-isolation')!.spec.egress).toEqual([]);
    });

    it('no Secret data in manifests; the CA key comes from a Secret mounted read-only', () => {
      expect(rendered[overlay]!.filter((o) => o.kind === 'Secret')).toEqual([]);
      const worker = workloads(rendered[overlay]!).find((w) => w.metadata.name === 'ssm-worker')!;
      const ca = worker.spec.template.spec.volumes.find((v: Obj) => v.name === 'ca-key');
      expect(ca.secret.secretName).toBe('ssm-ca-key');
      expect(worker.spec.template.spec.containers[0].volumeMounts.find((m: Obj) => m.name === 'ca-key').readOnly).toBe(
        true,
      );
    });
  });

  it('prod: two worker replicas, HPAs as in section 11, PDBs', () => {
    const prod = rendered.prod!;
    expect(workloads(prod).find((w) => w.metadata.name === 'ssm-worker')!.spec.replicas).toBe(2);
    const hpa = prod.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'minimax-hpa')!;
    expect(hpa.spec).toMatchObject({
      minReplicas: 1,
      maxReplicas: 4,
      metrics: [{ pods: { metric: { name: 'inference_queue_depth' }, target: { averageValue: '3' } } }],
    });
    expect(prod.filter((o) => o.kind === 'PodDisruptionBudget').length).toBeGreaterThanOrEqual(2);
    expect(
      prod.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'worker-to-targets-ssh')!.spec.egress[0],
    ).toMatchObject({ ports: [{ port: 22 }] });
  });
});
