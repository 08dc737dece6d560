/**
 * The session workflow's policy pre-check inside Temporal's real workflow sandbox (replayed by a replay worker, no
 * server; see test/helpers/sandbox.ts): mvdan-sh loads there through the loader, and every conformance case gets the
 * decision `evaluateCommand` gives in Node and the validator outcome `validateCommandPolicy` gives in Node.
 */
import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandPolicySnapshot, evaluateCommand } from '../../activities/policy';
import {
  CONFORMANCE_HOSTS,
  conformanceCases,
  conformancePolicy,
} from '../../activities/policy/test/conformance-fixture';
import { bundleForSandbox, runInSandbox } from '../../test/helpers/sandbox';
import { CommandRejected, initialState, onConnected, validateCommandPolicy } from '../session-state';
import type { ProbeCase, ProbeInput, ValidatorOutcome } from './fixtures/policy-probe.workflow';

const policy = conformancePolicy;
const cases = conformanceCases;
const HOSTS = CONFORMANCE_HOSTS;

function nodeValidator(hostIndex: number, command: string, approved: boolean): ValidatorOutcome {
  const h = HOSTS[hostIndex]!;
  const state = onConnected(initialState({ sessionId: 'probe', hostAlias: h.alias, user: 'app', initiatedBy: 'p' }), {
    startedAtMs: 0,
    deadlineMs: 1,
    keyFingerprint: 'x',
    connectMs: 0,
    workerQueue: 'q',
    commandPolicy: commandPolicySnapshot(policy, h),
  });
  try {
    validateCommandPolicy(state, command, approved);
    return null;
  } catch (err) {
    if (!(err instanceof CommandRejected)) throw err;
    return { type: err.type, message: err.message, details: err.details };
  }
}

function probeInput(): ProbeInput {
  const probe: ProbeCase[] = [];
  const add = (hostIndex: number, command: string, approved: boolean): void => {
    probe.push({
      snapshot: hostIndex,
      command,
      approved,
      expected: evaluateCommand(policy, HOSTS[hostIndex]!, command),
      expectedValidator: nodeValidator(hostIndex, command, approved),
    });
  };
  for (const c of cases)
    add(
      HOSTS.findIndex((h) => h.alias === c.host),
      c.command,
      false,
    );
  add(2, 'systemctl restart nginx', false); // mutating, no approval
  add(2, 'systemctl restart nginx', true);
  add(4, 'if then (', false); // syntax error path
  const snapshots = HOSTS.map(
    (h) => JSON.parse(JSON.stringify(commandPolicySnapshot(policy, h))) as ProbeInput['snapshots'][number],
  );
  return { snapshots, cases: probe };
}

let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleForSandbox(join(__dirname, 'fixtures', 'policy-probe.workflow.ts'));
}, 120_000);

describe('command policy in the workflow sandbox', () => {
  it('control: mvdan-sh loaded without the loader fails there (frozen Error.stackTraceLimit)', async () => {
    const failure = await runInSandbox(bundle, 'unshimmedMvdanShWorkflow', []);
    expect(failure).toMatch(/Cannot assign to read only property 'stackTraceLimit'/);
  }, 60_000);

  it('control: a command issued in the sandbox (a timer) fails the run', async () => {
    expect(await runInSandbox(bundle, 'timerControlWorkflow', [])).toMatch(/[Nn]ondetermin/);
  }, 60_000);

  it('decides every conformance case exactly as evaluateCommand does in Node, issuing no command', async () => {
    const input = probeInput();
    expect(input.cases.length).toBeGreaterThanOrEqual(167);
    // the input covers denials, allows and an approval-required outcome
    expect(input.cases.some((c) => c.expectedValidator === null)).toBe(true);
    expect(input.cases.some((c) => c.expectedValidator?.message.startsWith('denied by '))).toBe(true);
    expect(input.cases.some((c) => c.expectedValidator?.details.length)).toBe(true);
    expect(await runInSandbox(bundle, 'policyProbeWorkflow', [input])).toBeUndefined();
  }, 60_000);
});
