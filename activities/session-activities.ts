/**
 * Key-holding activities. They run ONLY on the worker-specific task queue of the worker that minted the session key
 * (Temporal's worker-specific task queues pattern), because the key exists only in that process's memory.
 *
 * Raw command output never leaves {@link executeCommand}: it is redacted, audited and zeroed here, and only the
 * redacted text is returned into Temporal history.
 * @module
 */
import { isIP } from 'node:net';
import { Context } from '@temporalio/activity';
import { MAX_COMMAND_BYTES, MAX_COMMAND_TIMEOUT_S, DEFAULT_COMMAND_TIMEOUT_S, SESSION_TTL_MS } from '../workflows/api';
import type { CommandResult } from '../workflows/api';
import type { HostEntry } from './config/inventory';
import type { ActivityDeps } from './deps';
import {
  CanarySurvivedError,
  GatewayError,
  InvalidCommandError,
  PipelineHaltedError,
  PolicyViolationError,
  SessionExpiredError,
  SessionKeyLostError,
  UnknownHostError,
  UserNotAllowedError,
  toFailure,
} from './errors';
import { destroySessionKey, generateSessionKey, sha256Hex } from './keys/certificate-authority';
import { redact, createPseudonymTable } from './redaction';
import { checkAddress, commandPolicySnapshot, evaluateCommand, limitsFor } from './policy';
import type { CommandPolicySnapshot } from './policy';
import { approvalRequiredDetails, approvalRequiredMessage, denialMessage } from '../workflows/command-policy/decide';
import { renderOutput } from './ssh/output';
import { applyLayer2 } from './layer2/exec-hook';
import { buildForcedCommand, sshExec } from './ssh/ssh-exec';
import type { SshTarget } from './ssh/ssh-exec';

/** Input of {@link openSession}. */
export interface OpenSessionInput {
  sessionId: string;
  hostAlias: string;
  user: string;
  initiatedBy: string;
  /** Set when re-keying after a worker loss: the original start, so the deadline never moves. */
  originalStartMs?: number;
}
/** Output of {@link openSession}: public metadata only. */
export interface OpenSessionOutput {
  startedAtMs: number;
  deadlineMs: number;
  keyFingerprint: string;
  connectMs: number;
  workerQueue: string;
  /**
   * The command rules and limits that apply to the host under the policy in force now (rules only: no network lists,
   * addresses or keys). The session workflow keeps the first one and its Update validator rejects denied commands
   * with it; {@link executeCommand} still decides against the live policy. Absent from workers older than this field.
   */
  commandPolicy?: CommandPolicySnapshot;
}
/** Input of {@link executeCommand}. */
export interface ExecuteCommandInput {
  sessionId: string;
  sequence: number;
  command: string;
  timeoutS?: number;
  /** Set by the workflow when an operator approved exactly this command (mutating commands need it). */
  approval?: { operator: string; reason: string };
}

/** Command used to prove connectivity at `ssh_connect` (host key + certificate accepted by the target). */
const PROBE_COMMAND = 'true';

/**
 * Validates a command string before anything is signed for it.
 * @throws {@link InvalidCommandError} when empty, longer than {@link MAX_COMMAND_BYTES} bytes, containing NUL or other
 *   C0 control characters except tab/newline, or not valid Unicode (lone surrogates).
 */
export function assertValidCommand(command: string): void {
  if (command.trim().length === 0) throw new InvalidCommandError('the command is empty');
  const bytes = Buffer.byteLength(command, 'utf8');
  if (bytes > MAX_COMMAND_BYTES) {
    throw new InvalidCommandError(`the command is ${bytes} bytes; the limit is ${MAX_COMMAND_BYTES}`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(command)) {
    throw new InvalidCommandError('the command contains NUL or control characters');
  }
  if (!command.isWellFormed()) throw new InvalidCommandError('the command is not valid UTF-8');
}

/** Creates the key-holding activities. */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the inferred record is the contract
export function createSessionActivities(deps: ActivityDeps) {
  const hostFor = (hostAlias: string, user: string): HostEntry => {
    const host = deps.inventory().byAlias(hostAlias);
    if (!host) throw new UnknownHostError(`unknown host '${hostAlias}': not in the inventory (see ssh_list_hosts)`);
    if (!host.users.includes(user)) {
      throw new UserNotAllowedError(
        `user '${user}' is not allowed on '${hostAlias}' (allowed: ${host.users.join(', ')})`,
      );
    }
    return host;
  };

  /** Resolves the host once and checks that exact address against the network policy; returns the target to use. */
  const approvedTarget = async (host: HostEntry, user: string): Promise<SshTarget> => {
    const address = isIP(host.address) ? host.address : await deps.resolve(host.address);
    const verdict = checkAddress(deps.policy(), host, address);
    if (verdict.decision === 'deny')
      throw new PolicyViolationError(`network policy: ${verdict.reason} (${verdict.rule})`);
    return { alias: host.alias, address, port: host.port, user, hostKeys: host.hostKeys };
  };

  /**
   * Mints the session key in memory, writes the audit row and proves the target accepts a certificate for it.
   * @throws UnknownHostError, UserNotAllowedError, HostKeyMismatchError, HostUnreachableError,
   *   AuthenticationFailedError, CertificateMintError, SessionExpiredError (re-key after the deadline), AuditWriteError.
   */
  async function openSession(input: OpenSessionInput): Promise<OpenSessionOutput> {
    const t0 = deps.now();
    try {
      const host = hostFor(input.hostAlias, input.user);
      if (await deps.pipelineHalted()) throw halted();
      const target = await approvedTarget(host, input.user);
      const startedAtMs = input.originalStartMs ?? t0;
      const deadlineMs = startedAtMs + SESSION_TTL_MS;
      if (deadlineMs <= t0) throw new SessionExpiredError('session expired: the 15-minute key lifetime is over');
      const auditRowId = await deps.audit.startSession({
        sessionId: input.sessionId,
        targetHost: target.alias,
        targetUser: '[USER_REDACTED]',
        initiatedBy: input.initiatedBy,
        startedAt: new Date(startedAtMs),
      });
      const key = generateSessionKey();
      const session = {
        sessionId: input.sessionId,
        target,
        key,
        startedAtMs,
        deadlineMs,
        pseudonyms: createPseudonymTable(),
        auditRowId,
        busy: false,
      };
      try {
        const cert = deps.ca.sign(key.publicKey, {
          principal: input.user,
          sourceAddresses: deps.sourceAddresses,
          forceCommand: buildForcedCommand(PROBE_COMMAND, 10),
          sessionStartMs: startedAtMs,
          notAfterMs: Math.min(deadlineMs, deps.now() + 60_000),
          nowMs: deps.now(),
          keyId: `session:${input.sessionId}#probe`,
        });
        const probe = await sshExec({
          target,
          knownHosts: deps.knownHosts(),
          privateKey: key.privateKeyOpenssh,
          certificate: cert.openssh,
          command: PROBE_COMMAND,
          timeoutMs: 15_000,
          maxOutputBytes: 4096,
          connectTimeoutMs: deps.limits.connectTimeoutMs,
        });
        probe.stdout.fill(0);
        probe.stderr.fill(0);
      } catch (err) {
        destroySessionKey(key);
        throw err;
      }
      deps.registry.add(session);
      const connectMs = deps.now() - t0;
      deps.logger.info(
        { sessionId: input.sessionId, host: target.alias, keyFingerprint: key.fingerprint, connectMs },
        'session key minted',
      );
      return {
        startedAtMs,
        deadlineMs,
        keyFingerprint: key.fingerprint,
        connectMs,
        workerQueue: deps.workerQueue,
        commandPolicy: commandPolicySnapshot(deps.policy(), host),
      };
    } catch (err) {
      if (!(err instanceof GatewayError))
        deps.logger.error({ sessionId: input.sessionId, err: errorName(err) }, 'openSession failed');
      throw toFailure(err);
    }
  }

  /**
   * Runs one approved command: signs a certificate whose force-command is exactly this command (bounded by the
   * session deadline), runs it, redacts stdout/stderr, writes the audit row and returns only redacted text.
   * @throws SessionKeyLostError (not held by this worker), SessionExpiredError, InvalidCommandError,
   *   HostKeyMismatchError, HostUnreachableError, AuthenticationFailedError, CommandFailedError, AuditWriteError.
   */
  async function executeCommand(input: ExecuteCommandInput): Promise<CommandResult> {
    try {
      assertValidCommand(input.command);
      const session = deps.registry.get(input.sessionId);
      if (!session) {
        throw new SessionKeyLostError(
          'this worker does not hold the session key (worker restarted or session expired)',
        );
      }
      const now = deps.now();
      if (now >= session.deadlineMs)
        throw new SessionExpiredError('session expired: the 15-minute key lifetime is over');
      // Policy, re-checked here against the live policy (the gateway-side gate; the certificate's force-command
      // makes the target enforce the same decision).
      const host = hostFor(session.target.alias, session.target.user);
      const policy = deps.policy();
      const limits = limitsFor(policy, host);
      const decision = evaluateCommand(policy, host, input.command);
      if (decision.decision === 'deny') throw new PolicyViolationError(denialMessage(decision));
      if (decision.requiresApproval && !input.approval) {
        const err = new PolicyViolationError(approvalRequiredMessage(decision.rule, input.sessionId));
        err.details = [approvalRequiredDetails(decision.rule)];
        throw err;
      }
      if (input.sequence > limits.maxCommandsPerSession) {
        throw new PolicyViolationError(
          `session quota reached: ${limits.maxCommandsPerSession} commands per session on '${host.alias}'`,
        );
      }
      await approvedTarget(host, session.target.user); // the address must still be allowed by the live policy
      const release = deps.quotas.acquire(host.alias, limits);
      if (typeof release === 'string') throw new PolicyViolationError(release);
      try {
        const timeoutS = Math.min(
          MAX_COMMAND_TIMEOUT_S,
          limits.maxSeconds,
          Math.max(1, Math.floor(input.timeoutS ?? DEFAULT_COMMAND_TIMEOUT_S)),
        );
        const maxOutputBytes = Math.min(deps.limits.maxOutputBytes, limits.maxOutputBytes);
        // The command may not outlive the key: cap the timeout at the remaining lifetime.
        const remainingS = Math.max(1, Math.floor((session.deadlineMs - now) / 1000) - 1);
        const effectiveTimeoutS = Math.min(timeoutS, remainingS);
        const cert = deps.ca.sign(session.key.publicKey, {
          principal: session.target.user,
          sourceAddresses: deps.sourceAddresses,
          forceCommand: buildForcedCommand(input.command, effectiveTimeoutS),
          sessionStartMs: session.startedAtMs,
          notAfterMs: Math.min(session.deadlineMs, now + (effectiveTimeoutS + 60) * 1000),
          nowMs: now,
          keyId: `session:${input.sessionId}#${input.sequence}`,
        });
        const ctx = activityContext();
        const outcome = await sshExec({
          target: session.target,
          knownHosts: deps.knownHosts(),
          privateKey: session.key.privateKeyOpenssh,
          certificate: cert.openssh,
          command: input.command,
          timeoutMs: (effectiveTimeoutS + 7) * 1000,
          maxOutputBytes,
          connectTimeoutMs: deps.limits.connectTimeoutMs,
          ...(ctx ? { signal: ctx.cancellationSignal, onProgress: () => ctx.heartbeat() } : {}),
        });
        const t1 = deps.now();
        const common = {
          truncated: outcome.truncated,
          cap: maxOutputBytes,
          totalBytes: outcome.outputBytes,
          pseudonyms: session.pseudonyms,
          command: input.command,
          ...(deps.testDisabledRules ? { disabledRules: deps.testDisabledRules } : {}),
        };
        let stdout;
        let stderr;
        try {
          stdout = renderOutput(outcome.stdout, common);
          stderr = renderOutput(outcome.stderr, { ...common, marker: false });
        } finally {
          outcome.stdout.fill(0);
          outcome.stderr.fill(0);
        }
        // Layer 2 (issue 5; SSM_LAYER2, off by default): additive contextual redaction of the Layer 1 text, fail closed.
        // No canaries passed: the inline check below sees the final text and keeps its halt semantics.
        const layer2 = await applyLayer2([stdout, stderr], {
          pseudonyms: session.pseudonyms,
          registry: deps.metrics.registry,
        });
        // Inline canary check (architecture §06): registered canaries and this session's own secrets must not be in
        // anything that leaves the worker. A hit withholds the output and halts the pipeline (the workflow signals the
        // guard on CanarySurvivedError).
        const survivors = deps.canaries.survivors(
          `${stdout.text}\n${stderr.text}`,
          sessionSecretLines(session.key.privateKeyOpenssh),
        );
        const canaryPassed = survivors.length === 0;
        const processingMs = deps.now() - t1;
        deps.metrics.anonymizationSeconds.observe(processingMs / 1000);
        // remote `timeout` exits 124 (TERM) or 137 (KILL) when it had to stop the command.
        const timedOut = outcome.timedOut || outcome.exitCode === 124 || outcome.exitCode === 137;
        const byCategory: Record<string, number> = {};
        for (const counts of [stdout.redaction.counts, stderr.redaction.counts]) {
          for (const [k, v] of Object.entries(counts)) byCategory[k] = (byCategory[k] ?? 0) + Number(v);
        }
        const layer1 = stdout.redaction.total + stderr.redaction.total;
        const commandAnon = redact(input.command, {
          pseudonyms: session.pseudonyms,
          ...(deps.testDisabledRules ? { disabledRules: deps.testDisabledRules } : {}),
        }).text;
        const withheld = '[WITHHELD: canary check failed]';
        await deps.audit.recordCommand({
          sessionRowId: session.auditRowId,
          sequence: input.sequence,
          commandHash: sha256Hex(commandAnon),
          commandAnon: canaryPassed ? commandAnon : withheld,
          stdoutAnon: canaryPassed ? stdout.text : withheld,
          stderrAnon: canaryPassed ? stderr.text : withheld,
          exitCode: outcome.exitCode,
          durationMs: outcome.durationMs,
          resolvedBy: 'claude_escalation',
          anonymization: {
            layer1_redactions: layer1,
            ...layer2,
            canary_passed: canaryPassed,
            processing_ms: processingMs,
            by_category: byCategory,
            truncated: outcome.truncated,
            binary: stdout.binary || stderr.binary,
            timed_out: timedOut,
            policy_rule: decision.rule,
            ...(input.approval ? { approved_by: input.approval.operator, approval_reason: input.approval.reason } : {}),
          },
          executedAt: new Date(now),
        });
        if (!canaryPassed) {
          deps.metrics.canarySurvivals.inc({ source: 'inline' }, survivors.length);
          deps.logger.error(
            {
              alert: 'canary_survived',
              source: 'inline',
              sessionId: input.sessionId,
              sequence: input.sequence,
              canaries: survivors,
            },
            'canary survived redaction: output withheld, halting the pipeline',
          );
          const err = new CanarySurvivedError(
            `output withheld: ${survivors.length} canary or session-secret value(s) survived redaction (${survivors.join(', ')}); the pipeline is halting`,
          );
          err.details = [survivors];
          throw err;
        }
        deps.logger.info(
          {
            sessionId: input.sessionId,
            sequence: input.sequence,
            exitCode: outcome.exitCode,
            durationMs: outcome.durationMs,
            outputBytes: outcome.outputBytes,
            redactions: layer1,
          },
          'command executed',
        );
        return {
          sequence: input.sequence,
          stdout: stdout.text,
          stderr: stderr.text,
          exitCode: timedOut ? null : outcome.exitCode,
          signal: outcome.signal ?? (timedOut ? 'TERM' : null),
          timedOut,
          truncated: outcome.truncated,
          binary: stdout.binary || stderr.binary,
          outputBytes: outcome.outputBytes,
          durationMs: outcome.durationMs,
          redactions: { layer1, layer2: layer2.layer2_redactions, byCategory },
        };
      } finally {
        release();
      }
    } catch (err) {
      if (!(err instanceof GatewayError))
        deps.logger.error({ sessionId: input.sessionId, err: errorName(err) }, 'executeCommand failed');
      throw toFailure(err);
    }
  }

  /** Zeroes the session key and forgets the session on this worker. Idempotent. @returns whether it was held. */
  // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
  async function closeSession(input: { sessionId: string }): Promise<boolean> {
    const held = deps.registry.destroy(input.sessionId);
    deps.logger.info({ sessionId: input.sessionId, held }, 'session key destroyed');
    return held;
  }

  return { openSession, executeCommand, closeSession };
}

function halted(): PipelineHaltedError {
  return new PipelineHaltedError(
    'the redaction pipeline is halted after a failed canary check: no new sessions or commands until an operator releases it',
  );
}

/** The base64 body lines of the session's OpenSSH private key: exact values that must never leave the worker. */
function sessionSecretLines(privateKeyOpenssh: Buffer): string[] {
  return privateKeyOpenssh
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length >= 16 && !l.startsWith('-----'));
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
