/**
 * Runs workflow code inside Temporal's real workflow sandbox without any server: the workflow is bundled with the
 * SDK's bundler and replayed by a replay worker against a minimal, fabricated history (started → one workflow task →
 * completed). Replay executes the workflow function in the same reusable V8 context, with the same frozen globals and
 * deterministic overrides, as a production worker.
 *
 * What it proves: the workflow ran to completion in the sandbox and issued no command other than completing (a timer,
 * activity or anything else would not match the history and fails the replay as non-deterministic). What it cannot
 * do: return a value — a probe workflow reports a problem by throwing, which fails the replay with its message.
 * Update validators do not run on replay; call the validator's function from the probe workflow instead.
 * @module
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';

const { EventType } = temporal.api.enums.v1;

let runtimeInstalled = false;
/**
 * Keeps the replay worker's routine lines out of test output: SDK warnings and errors still show; sdk-core (which
 * logs every failed workflow task, including the expected failures of control probes) only errors.
 */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // a runtime already exists in this process: keep it
  }
}

/**
 * Bundles the workflows exported by `workflowsPath` (a file) exactly as a worker would.
 * @throws whatever `bundleWorkflowCode` throws (webpack errors, disallowed Node modules).
 */
export async function bundleForSandbox(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  quietRuntime();
  return bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
}

/**
 * The smallest history of a workflow that completed in its first workflow task.
 * (Built with `History.fromObject`: the SDK's `historyFromJSON` fails in this install — "type must be a Type" — because
 * `@temporalio/common` carries its own copy of protobufjs.)
 * @param workflowType the exported function's name. @param args its arguments (JSON payloads).
 */
export function completedInOneTaskHistory(workflowType: string, args: unknown[]): temporal.api.history.v1.History {
  const eventTime = { seconds: 1_700_000_000, nanos: 0 };
  const taskQueue = { name: 'sandbox-probe' };
  return temporal.api.history.v1.History.fromObject({
    events: [
      {
        eventId: 1,
        eventTime,
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        workflowExecutionStartedEventAttributes: {
          workflowType: { name: workflowType },
          taskQueue,
          input: { payloads: args.map((a) => defaultPayloadConverter.toPayload(a)) },
          workflowTaskTimeout: { seconds: 10 },
          originalExecutionRunId: 'sandbox-probe-run',
          firstExecutionRunId: 'sandbox-probe-run',
          attempt: 1,
        },
      },
      {
        eventId: 2,
        eventTime,
        eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        workflowTaskScheduledEventAttributes: { taskQueue, startToCloseTimeout: { seconds: 10 }, attempt: 1 },
      },
      {
        eventId: 3,
        eventTime,
        eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
        workflowTaskStartedEventAttributes: { scheduledEventId: 2, identity: 'sandbox-probe', requestId: 'probe' },
      },
      {
        eventId: 4,
        eventTime,
        eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        workflowTaskCompletedEventAttributes: { scheduledEventId: 2, startedEventId: 3, identity: 'sandbox-probe' },
      },
      {
        eventId: 5,
        eventTime,
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        workflowExecutionCompletedEventAttributes: { result: { payloads: [] }, workflowTaskCompletedEventId: 4 },
      },
    ],
  });
}

/**
 * Runs `workflowType(...args)` from `bundle` once in the workflow sandbox.
 * @returns `undefined` when it completed without issuing any other command, else the failure's message (the error
 *   the workflow threw, or the non-determinism report).
 */
export async function runInSandbox(
  bundle: WorkflowBundleWithSourceMap,
  workflowType: string,
  args: unknown[],
): Promise<string | undefined> {
  try {
    await Worker.runReplayHistory(
      { workflowBundle: bundle },
      completedInOneTaskHistory(workflowType, args),
      `sandbox-probe-${workflowType}`,
    );
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
