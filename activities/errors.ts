/**
 * Domain errors raised by activities. Each class name equals the Temporal failure type (house style §5), listed in
 * {@link ERROR_TYPES} and in the workflows' `nonRetryableErrorTypes`. Messages are written for the AI client: they
 * never contain key material, raw command output, target addresses or stack traces.
 * @module
 */
import { ApplicationFailure } from '@temporalio/common';
import { ERROR_TYPES } from '../workflows/api';
import type { ErrorType } from '../workflows/api';

/** Base class: a clear, client-safe message plus a stable type name. */
export abstract class GatewayError extends Error {
  abstract readonly type: ErrorType;
  /** Whether retrying the same call can ever succeed. */
  readonly retryable: boolean = false;
  /** Value-free details carried to the workflow (e.g. canary ids). */
  details: unknown[] = [];
}

/** The host alias is not in the inventory. */
export class UnknownHostError extends GatewayError {
  readonly type = ERROR_TYPES.unknownHost;
}
/** The requested user is not in the host's allowed users. */
export class UserNotAllowedError extends GatewayError {
  readonly type = ERROR_TYPES.userNotAllowed;
}
/** The target presented a host key that is not pinned (changed or unknown): no trust on first use. */
export class HostKeyMismatchError extends GatewayError {
  readonly type = ERROR_TYPES.hostKeyMismatch;
}
/** TCP connect failed or timed out (target down, firewall). Retryable. */
export class HostUnreachableError extends GatewayError {
  readonly type = ERROR_TYPES.hostUnreachable;
  override readonly retryable = true;
}
/** The target refused our certificate (principal, source-address, expiry or CA not trusted). */
export class AuthenticationFailedError extends GatewayError {
  readonly type = ERROR_TYPES.authenticationFailed;
}
/** The CA key could not be loaded or the certificate could not be signed. */
export class CertificateMintError extends GatewayError {
  readonly type = ERROR_TYPES.certificateMint;
}
/** This worker does not hold the session's key (worker restarted). The workflow re-keys on another worker. */
export class SessionKeyLostError extends GatewayError {
  readonly type = ERROR_TYPES.sessionKeyLost;
}
/** The session's 15-minute lifetime is over. */
export class SessionExpiredError extends GatewayError {
  readonly type = ERROR_TYPES.sessionExpired;
}
/** The command is malformed (empty, too long, NUL, invalid UTF-8). */
export class InvalidCommandError extends GatewayError {
  readonly type = ERROR_TYPES.invalidCommand;
}
/** The command policy denied the command. */
export class PolicyViolationError extends GatewayError {
  readonly type = ERROR_TYPES.policyViolation;
}
/** The SSH channel failed while running a command. Retryable only by the caller, not automatically. */
export class CommandFailedError extends GatewayError {
  readonly type = ERROR_TYPES.commandFailed;
}
/** A canary (or a session secret) survived redaction: output withheld, pipeline halting. */
export class CanarySurvivedError extends GatewayError {
  readonly type = ERROR_TYPES.canarySurvived;
}
/** The pipeline guard is halted: no new sessions or commands until a person releases it. */
export class PipelineHaltedError extends GatewayError {
  readonly type = ERROR_TYPES.pipelineHalted;
}
/** Writing the audit row failed; output is withheld because it could not be audited. */
export class AuditWriteError extends GatewayError {
  readonly type = ERROR_TYPES.auditFailed;
  override readonly retryable = true;
}

/**
 * Converts any error into an {@link ApplicationFailure} that is safe to put into Temporal history: known
 * {@link GatewayError}s keep their message and type; anything else becomes a generic message (the original is
 * logged by the caller through the redacting logger, never forwarded).
 */
export function toFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof GatewayError) {
    return ApplicationFailure.create({
      message: err.message,
      type: err.type,
      nonRetryable: !err.retryable,
      details: err.details,
    });
  }
  return ApplicationFailure.create({
    message: 'internal error in the trusted zone (see worker logs)',
    type: 'InternalError',
    nonRetryable: false,
  });
}
