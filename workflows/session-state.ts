/**
 * Pure session state and its transitions (house style §9): no Temporal imports, unit-tested without a server.
 * The workflow function only wires messages and activities to these functions.
 * @module
 */
import { ERROR_TYPES, MAX_COMMAND_BYTES, MAX_COMMAND_TIMEOUT_S } from './api';
import {
  approvalRequiredDetails,
  approvalRequiredMessage,
  compileCommandPolicy,
  decideWithSnapshot,
  denialMessage,
} from './command-policy/decide';
import type { OpenSessionOutput } from '../activities/session-activities';
import type { CommandPolicySnapshot, CompiledCommandPolicy } from './command-policy/decide';
import type {
  ConnectResult,
  RunCommandRequest,
  SessionInput,
  SessionState,
  SessionStatus,
  SessionSummary,
} from './api';

/** Full in-workflow state. Contains nothing secret. */
export interface State {
  readonly input: SessionInput;
  status: SessionStatus;
  expiresAt: string | null;
  /** Epoch ms the key's life started (from the worker; reused when re-keying). */
  startedAtMs: number | null;
  workerQueue: string | null;
  keyFingerprint: string | null;
  connectMs: number | null;
  /** Sequence number of the last command issued. */
  commands: number;
  busy: boolean;
  closeRequested: boolean;
  quarantined: boolean;
  escalated: boolean;
  reason: string | null;
  /** Failure type when status is `error` (one of ERROR_TYPES). */
  errorType: string | null;
  rekeys: number;
  /**
   * The command rules and limits that applied to this host when the session started (from the first `openSession`;
   * kept across re-keys), or null before connect / from a worker that sends none. Used only by the Update
   * validator; the worker re-checks every command against the live policy.
   */
  commandPolicy: CommandPolicySnapshot | null;
}

/** Fresh state for a new session. */
export function initialState(input: SessionInput): State {
  return {
    input,
    status: 'connecting',
    expiresAt: null,
    startedAtMs: null,
    workerQueue: null,
    keyFingerprint: null,
    connectMs: null,
    commands: 0,
    busy: false,
    closeRequested: false,
    quarantined: false,
    escalated: false,
    reason: null,
    errorType: null,
    rekeys: 0,
    commandPolicy: null,
  };
}

/** A rejection raised by {@link validateRunCommand}; `type` is one of ERROR_TYPES. */
export class CommandRejected extends Error {
  override name = 'CommandRejected';
  /**
   * @param type error type name, @param message client-safe message, @param details value-free details for the
   *   client (e.g. {@link approvalRequiredDetails}).
   */
  constructor(
    readonly type: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

/** Whether the session has ended (no more commands). */
export function isEnded(state: State): boolean {
  return state.status === 'closed' || state.status === 'expired' || state.status === 'error';
}

/**
 * Synchronous validator of the `run-command` update: a rejected update never enters history.
 * @throws {@link CommandRejected} with type SessionExpiredError / SessionClosedError / SessionQuarantinedError /
 *   InvalidCommandError.
 */
export function validateRunCommand(state: State, req: RunCommandRequest): void {
  if (state.status === 'expired')
    throw new CommandRejected(
      'SessionExpiredError',
      'session expired: the 15-minute key lifetime is over; open a new session with ssh_connect',
    );
  if (state.status === 'closed' || state.closeRequested)
    throw new CommandRejected('SessionClosedError', 'session is closed; open a new session with ssh_connect');
  if (state.status === 'error')
    throw new CommandRejected('SessionClosedError', `session failed: ${state.reason ?? 'unknown error'}`);
  if (state.quarantined)
    throw new CommandRejected(
      'SessionQuarantinedError',
      'session is quarantined: output is withheld until an operator releases it',
    );
  if (state.status === 'connecting') throw new CommandRejected('SessionClosedError', 'session is still connecting');
  if (typeof req !== 'object' || req === null || typeof req.command !== 'string') {
    throw new CommandRejected('InvalidCommandError', 'command must be a string');
  }
  const { command } = req;
  if (command.trim().length === 0) throw new CommandRejected('InvalidCommandError', 'the command is empty');
  const bytes = new TextEncoder().encode(command).length;
  if (bytes > MAX_COMMAND_BYTES) {
    throw new CommandRejected(
      'InvalidCommandError',
      `the command is ${bytes} bytes; the limit is ${MAX_COMMAND_BYTES}`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(command)) {
    throw new CommandRejected('InvalidCommandError', 'the command contains NUL or control characters');
  }
  if (!isWellFormed(command)) throw new CommandRejected('InvalidCommandError', 'the command is not valid UTF-8');
  if (req.timeoutS !== undefined) {
    if (!Number.isFinite(req.timeoutS) || req.timeoutS < 1 || req.timeoutS > MAX_COMMAND_TIMEOUT_S) {
      throw new CommandRejected('InvalidCommandError', `timeout_s must be between 1 and ${MAX_COMMAND_TIMEOUT_S}`);
    }
  }
}

const compiled = new WeakMap<CommandPolicySnapshot, CompiledCommandPolicy>();

/**
 * The policy part of the `run-command` Update validator: decides `command` against the session's
 * {@link State.commandPolicy} with the worker's own decision code (`./command-policy/decide.ts`, same shell parser),
 * so a command the session's policy denies is rejected before it enters history. Call it only from the validator:
 * validators do not run on replay, so the parser's verdict never feeds workflow history. Does nothing when the
 * session has no snapshot (the worker's live check still applies).
 * @param approved whether an unexpired operator approval of exactly this command exists.
 * @throws {@link CommandRejected} with type PolicyViolationError: `denied by <rule>: <reason>. To allow: <hint>` plus
 *   a note that the session's snapshot was used, or the approval-required text (details:
 *   {@link approvalRequiredDetails}) for an allowed mutating command without approval.
 * @throws Error when the snapshot cannot be compiled or the parser cannot be loaded (not a policy verdict; the
 *   workflow logs it and leaves the decision to the worker).
 */
export function validateCommandPolicy(state: State, command: string, approved: boolean): void {
  const snapshot = state.commandPolicy;
  if (!snapshot) return;
  let policy = compiled.get(snapshot);
  if (!policy) {
    policy = compileCommandPolicy(snapshot);
    compiled.set(snapshot, policy);
  }
  const decision = decideWithSnapshot(policy, command);
  if (decision.decision === 'deny') {
    throw new CommandRejected(
      ERROR_TYPES.policyViolation,
      `${denialMessage(decision)} (checked against the policy this session started with, from ${snapshot.source}; ` +
        'policy changes apply to new sessions)',
    );
  }
  if (decision.requiresApproval && !approved) {
    throw new CommandRejected(
      ERROR_TYPES.policyViolation,
      approvalRequiredMessage(decision.rule, state.input.sessionId),
      [approvalRequiredDetails(decision.rule)],
    );
  }
}

function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/**
 * The worker minted the key and the target accepted it. The first command policy snapshot received is kept for the
 * session's life.
 */
export function onConnected(state: State, out: OpenSessionOutput): State {
  return {
    ...state,
    commandPolicy: state.commandPolicy ?? out.commandPolicy ?? null,
    status: state.quarantined ? 'quarantined' : 'active',
    startedAtMs: out.startedAtMs,
    expiresAt: new Date(out.deadlineMs).toISOString(),
    keyFingerprint: out.keyFingerprint,
    connectMs: state.connectMs ?? out.connectMs,
    workerQueue: out.workerQueue,
  };
}

/** A re-key on another worker succeeded. */
export function onRekeyed(state: State, out: Parameters<typeof onConnected>[1]): State {
  return { ...onConnected(state, out), rekeys: state.rekeys + 1 };
}

/** The session could not be (re-)established; it ends with status `error`. */
export function onFailed(state: State, type: string, reason: string): State {
  return { ...state, status: 'error', errorType: type, reason, workerQueue: null };
}

/** Quarantine: output withheld until release. */
export function onQuarantine(state: State, reason: string): State {
  if (isEnded(state)) return { ...state, quarantined: true, reason };
  return { ...state, quarantined: true, status: 'quarantined', reason };
}

/** Release by an operator. */
export function onRelease(state: State, reason: string): State {
  if (!state.quarantined) return state;
  const status: SessionStatus = isEnded(state) ? state.status : state.startedAtMs === null ? 'connecting' : 'active';
  return { ...state, quarantined: false, status, reason: `released: ${reason}` };
}

/** `close` was requested. */
export function onCloseRequested(state: State): State {
  return { ...state, closeRequested: true };
}

/** End of the session by close or TTL. */
export function onEnded(state: State, ttlExpired: boolean): State {
  if (state.status === 'error') return { ...state, workerQueue: null };
  return { ...state, status: ttlExpired && !state.closeRequested ? 'expired' : 'closed', workerQueue: null };
}

/** The next command's sequence number, and the state with it reserved. */
export function nextSequence(state: State): [State, number] {
  const seq = state.commands + 1;
  return [{ ...state, commands: seq }, seq];
}

/** Query view. */
export function toView(state: State): SessionState {
  return {
    sessionId: state.input.sessionId,
    hostAlias: state.input.hostAlias,
    user: state.input.user,
    status: state.status,
    expiresAt: state.expiresAt,
    commands: state.commands,
    workerQueue: state.workerQueue,
    reason: state.reason,
    quarantined: state.quarantined,
    escalated: state.escalated,
  };
}

/** What `connect` returns. @throws Error when not connected. */
export function toConnectResult(state: State): ConnectResult {
  if (state.expiresAt === null || state.keyFingerprint === null) throw new Error('not connected');
  return {
    sessionId: state.input.sessionId,
    hostAlias: state.input.hostAlias,
    user: state.input.user,
    expiresAt: state.expiresAt,
    keyFingerprint: state.keyFingerprint,
    connectMs: state.connectMs ?? 0,
  };
}

/** Final workflow result. */
export function summarize(state: State): SessionSummary {
  return {
    sessionId: state.input.sessionId,
    status: state.status,
    commands: state.commands,
    reason: state.reason,
    rekeys: state.rekeys,
  };
}

/** Maps the final state to section 09's `ssh_sessions.status`. */
export function auditStatus(state: State): 'completed' | 'error' | 'quarantined' {
  if (state.quarantined) return 'quarantined';
  return state.status === 'error' ? 'error' : 'completed';
}
