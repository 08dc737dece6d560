/**
 * One SSH session = one workflow (workflow id = session id).
 *
 * Invariants:
 * - lives at most {@link SESSION_TTL} (15 minutes), enforced by a workflow timer started before anything else; at
 *   expiry the session ends and the key is destroyed even if the bridge or client has vanished;
 * - the key lives in one worker's memory; every key-holding activity goes to that worker's own task queue; when
 *   that worker is lost the session is re-keyed on another worker (new key, same deadline) or ends cleanly;
 * - histories hold only redacted output: the exec activity redacts before returning;
 * - messages: `connect` (update, used with update-with-start), `run-command` (update with a synchronous validator),
 *   `close` (update), `quarantine` / `release` / `approve-command` (signals), `session-state` (query);
 * - the `run-command` validator applies the command policy snapshot the session started with (returned by the first
 *   `openSession`; same decision code and shell parser as the worker), so a denied command — or a mutating one
 *   without an operator's approval — is rejected before it enters history; the exec activity re-checks every command
 *   against the live policy and remains the authority;
 * - cleanup always runs: key destruction and the audit end row in a non-cancellable scope.
 * @module
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  getExternalWorkflowHandle,
  TimeoutFailure,
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { SessionActivities, SharedActivities } from '../activities';
import type { OpenSessionOutput } from '../activities/session-activities';
import {
  ERROR_TYPES,
  PIPELINE_GUARD_ID,
  SESSION_TTL,
  approveCommandSignal,
  haltSignal,
  closeUpdate,
  connectUpdate,
  quarantineSignal,
  releaseSignal,
  runCommandUpdate,
  sessionStateQuery,
} from './api';
import type { CommandResult, RunCommandRequest, SessionInput, SessionSummary } from './api';
import { CLOSE_SESSION, OPEN_SESSION, SHORT_IDEMPOTENT, SSH_EXEC } from './activity-options';
import { SA } from './search-attributes';
import {
  CommandRejected,
  auditStatus,
  initialState,
  isEnded,
  nextSequence,
  onCloseRequested,
  onConnected,
  onEnded,
  onFailed,
  onQuarantine,
  onRekeyed,
  onRelease,
  summarize,
  toConnectResult,
  toView,
  validateCommandPolicy,
  validateRunCommand,
} from './session-state';
import type { State } from './session-state';

const shared = proxyActivities<SharedActivities>(SHORT_IDEMPOTENT);

function onWorker(queue: string): {
  open: SessionActivities['openSession'];
  exec: SessionActivities['executeCommand'];
  close: SessionActivities['closeSession'];
} {
  return {
    open: proxyActivities<SessionActivities>({ ...OPEN_SESSION, taskQueue: queue }).openSession,
    exec: proxyActivities<SessionActivities>({ ...SSH_EXEC, taskQueue: queue }).executeCommand,
    close: proxyActivities<SessionActivities>({ ...CLOSE_SESSION, taskQueue: queue }).closeSession,
  };
}

/** Type, message and details of an activity failure, safe for clients (messages were redacted by the activity). */
function describe(err: unknown): {
  type: string;
  message: string;
  workerLost: boolean;
  mayHaveRun: boolean;
  details: unknown[];
} {
  if (err instanceof ActivityFailure) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure) {
      return {
        type: cause.type ?? 'InternalError',
        message: cause.message,
        workerLost: cause.type === ERROR_TYPES.sessionKeyLost,
        mayHaveRun: false,
        details: cause.details ?? [],
      };
    }
    if (cause instanceof TimeoutFailure) {
      const neverStarted = cause.timeoutType === 'SCHEDULE_TO_START'; // the worker's queue has no poller
      return {
        type: ERROR_TYPES.sessionKeyLost,
        message: neverStarted
          ? 'the worker holding the session key is gone'
          : 'the worker holding the session key stopped responding; the command may or may not have completed',
        workerLost: true,
        mayHaveRun: !neverStarted,
        details: [],
      };
    }
  }
  return {
    type: 'InternalError',
    message: 'internal error in the trusted zone',
    workerLost: false,
    mayHaveRun: true,
    details: [],
  };
}

/** The session workflow. See the module comment for its invariants. */
export async function sshSessionWorkflow(input: SessionInput): Promise<SessionSummary> {
  let state: State = initialState(input);
  let ttlExpired = false;
  /** Queue of the worker that holds the current key (kept after the state ends, for the cleanup). */
  let keyQueue: string | null = null;
  // The TTL timer starts first, so it fires no later than the key deadline computed later by the worker.
  sleep(SESSION_TTL).then(
    () => void (ttlExpired = true),
    () => undefined,
  );

  const publish = (): void => {
    upsertSearchAttributes([
      { key: SA.sessionStatus, value: state.status },
      { key: SA.quarantined, value: state.quarantined },
      { key: SA.escalated, value: state.escalated },
    ]);
  };

  setHandler(sessionStateQuery, () => toView(state));

  // Time-limited approvals of exact mutating commands (workflow time; never beyond the session).
  const approvals: { command: string; operator: string; reason: string; expiresAtMs: number }[] = [];
  setHandler(approveCommandSignal, (req) => {
    const reason = String(req?.reason ?? '').trim();
    if (typeof req?.command !== 'string' || req.command.length === 0 || reason.length === 0) return;
    const minutes = Math.min(15, Math.max(1, Number(req.minutes ?? 15) || 15));
    approvals.push({
      command: req.command,
      operator: String(req.operator ?? 'operator').slice(0, 100),
      reason: reason.slice(0, 500),
      expiresAtMs: Date.now() + minutes * 60_000,
    });
  });
  const approvalFor = (command: string): { operator: string; reason: string } | undefined => {
    const a = approvals.find((x) => x.command === command && x.expiresAtMs > Date.now());
    return a ? { operator: a.operator, reason: a.reason } : undefined;
  };

  setHandler(connectUpdate, async () => {
    await condition(() => state.status !== 'connecting');
    if (state.status === 'error') {
      throw ApplicationFailure.create({
        type: state.errorType ?? 'InternalError',
        message: state.reason ?? 'connect failed',
        nonRetryable: true,
      });
    }
    if (state.quarantined) {
      throw ApplicationFailure.create({
        type: ERROR_TYPES.sessionQuarantined,
        message: 'session is quarantined',
        nonRetryable: true,
      });
    }
    return toConnectResult(state);
  });

  const rekey = async (): Promise<void> => {
    const queue = await shared.claimSessionWorker();
    const out: OpenSessionOutput = await onWorker(queue).open({
      sessionId: input.sessionId,
      hostAlias: input.hostAlias,
      user: input.user,
      initiatedBy: input.initiatedBy,
      ...(state.startedAtMs !== null ? { originalStartMs: state.startedAtMs } : {}),
    });
    keyQueue = out.workerQueue;
    state = state.startedAtMs === null ? onConnected(state, out) : onRekeyed(state, out);
  };

  setHandler(
    runCommandUpdate,
    async (req): Promise<CommandResult> => {
      await condition(() => !state.busy || isEnded(state));
      // Re-check after waiting: the session may have ended or been quarantined meanwhile.
      validateOrThrow(state, req);
      let seq: number;
      [state, seq] = nextSequence(state);
      state.busy = true;
      try {
        let result: CommandResult | undefined;
        for (let attempt = 0; result === undefined; attempt++) {
          try {
            result = await onWorker(state.workerQueue!).exec({
              sessionId: input.sessionId,
              sequence: seq,
              command: req.command,
              ...(approvalFor(req.command) ? { approval: approvalFor(req.command)! } : {}),
              ...(req.timeoutS !== undefined ? { timeoutS: req.timeoutS } : {}),
            });
          } catch (err) {
            const d = describe(err);
            if (d.type === ERROR_TYPES.canarySurvived) {
              // Inline canary hit: halt the whole pipeline, quarantine this session, say nothing more.
              await getExternalWorkflowHandle(PIPELINE_GUARD_ID).signal(haltSignal, {
                source: 'inline',
                kinds: Array.isArray(d.details[0]) ? (d.details[0] as unknown[]).map(String) : ['unknown'],
                sessionId: input.sessionId,
              });
              await quarantine('pipeline halted: a canary survived redaction in this session');
              throw failure(
                ERROR_TYPES.sessionQuarantined,
                'session quarantined: output withheld because a canary check failed; an operator must release it',
              );
            }
            if (!d.workerLost || attempt > 0 || ttlExpired) {
              // policy details (approval-required) are value-free and tell the bridge it may ask for an approval
              throw failure(d.type, d.message, d.type === ERROR_TYPES.policyViolation ? d.details : []);
            }
            // The key is gone with its worker: mint a new one elsewhere (same deadline), never persist keys.
            try {
              await rekey();
            } catch (rekeyErr) {
              const r = describe(rekeyErr);
              state = onFailed(state, r.type, `re-key after worker loss failed: ${r.message}`);
              publish();
              throw failure(r.type, state.reason!);
            }
            if (d.mayHaveRun) throw failure(d.type, d.message);
          }
        }
        if (state.quarantined) {
          throw failure(
            ERROR_TYPES.sessionQuarantined,
            'session was quarantined while the command ran: output withheld until an operator releases it',
          );
        }
        return result;
      } finally {
        state.busy = false;
      }
    },
    {
      validator: (req: RunCommandRequest) => {
        validateOrThrow(state, req);
        policyCheckOrThrow(state, req.command, approvalFor(req.command) !== undefined);
      },
    },
  );

  setHandler(closeUpdate, () => {
    state = onCloseRequested(state);
    return Promise.resolve(summarize({ ...state, status: isEnded(state) ? state.status : 'closed' }));
  });

  const quarantine = async (reason: string): Promise<void> => {
    const was = state.quarantined;
    state = onQuarantine(state, reason.slice(0, 500));
    upsertMemo({ quarantineReason: state.reason });
    publish();
    if (!was)
      await shared.recordSessionStatus({
        sessionId: input.sessionId,
        status: 'quarantined',
        reason: state.reason ?? reason,
      });
  };

  setHandler(quarantineSignal, async (req) => {
    await quarantine(String(req?.reason ?? 'quarantined'));
  });

  setHandler(releaseSignal, async (req) => {
    const reason = String(req?.reason ?? '').trim();
    if (reason.length === 0 || !state.quarantined) return; // a release needs a reason (see README)
    state = onRelease(state, `${req.operator ?? 'operator'}: ${reason.slice(0, 500)}`);
    upsertMemo({ quarantineReason: null, releaseReason: state.reason });
    publish();
    await shared.recordSessionStatus({
      sessionId: input.sessionId,
      status: 'active',
      reason: reason.slice(0, 500),
      operator: String(req.operator ?? 'operator').slice(0, 100),
    });
  });

  try {
    upsertSearchAttributes([{ key: SA.hostAlias, value: input.hostAlias }]);
    publish();
    try {
      await rekey();
    } catch (err) {
      const d = describe(err);
      state = onFailed(state, d.type, d.message);
    }
    publish();
    if (!isEnded(state)) {
      await condition(() => state.closeRequested || ttlExpired || state.status === 'error');
    }
    state = onEnded(state, ttlExpired);
    publish();
    await condition(allHandlersFinished);
    return summarize(state);
  } finally {
    await CancellationScope.nonCancellable(async () => {
      await Promise.allSettled([
        ...(keyQueue ? [onWorker(keyQueue).close({ sessionId: input.sessionId })] : []),
        shared.recordSessionEnd({ sessionId: input.sessionId, status: auditStatus(state), escalated: state.escalated }),
      ]);
    });
  }
}

function failure(type: string, message: string, details: unknown[] = []): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, ...(details.length > 0 ? { details } : {}) });
}

function validateOrThrow(state: State, req: Parameters<typeof validateRunCommand>[1]): void {
  try {
    validateRunCommand(state, req);
  } catch (err) {
    if (err instanceof CommandRejected) throw failure(err.type, err.message, err.details);
    throw err;
  }
}

/**
 * The policy part of the validator (see {@link validateCommandPolicy}). A denial becomes a non-retryable
 * PolicyViolationError. When the check itself cannot run (snapshot unusable, parser not loadable) it is logged and
 * the command is accepted: the worker's live check still decides before anything is signed.
 */
function policyCheckOrThrow(state: State, command: string, approved: boolean): void {
  try {
    validateCommandPolicy(state, command, approved);
  } catch (err) {
    if (err instanceof CommandRejected) throw failure(err.type, err.message, err.details);
    log.warn('command policy pre-check unavailable; the worker decides', {
      error: err instanceof Error ? err.message : String(err),
    });
  }
}
