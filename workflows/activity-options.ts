/**
 * Named activity option presets (house style §4), each with the reason for its numbers.
 * @module
 */
import { ActivityCancellationType } from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/workflow';
import { ERROR_TYPES, MAX_COMMAND_TIMEOUT_S, SESSION_TASK_QUEUE } from './api';

/** Failure types that no retry can fix. */
const NON_RETRYABLE = [
  ERROR_TYPES.unknownHost,
  ERROR_TYPES.userNotAllowed,
  ERROR_TYPES.hostKeyMismatch,
  ERROR_TYPES.authenticationFailed,
  ERROR_TYPES.certificateMint,
  ERROR_TYPES.sessionKeyLost,
  ERROR_TYPES.sessionExpired,
  ERROR_TYPES.invalidCommand,
  ERROR_TYPES.policyViolation,
  ERROR_TYPES.commandFailed,
  ERROR_TYPES.canarySurvived,
  ERROR_TYPES.pipelineHalted,
];

/** Shared-queue bookkeeping (claim a worker, list hosts, audit status): fast and idempotent, so retry freely. */
export const SHORT_IDEMPOTENT: ActivityOptions = {
  taskQueue: SESSION_TASK_QUEUE,
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '1 minute',
  retry: { initialInterval: '500 ms', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
};

/**
 * Key minting + connect probe on the worker-specific queue. scheduleToStart 10 s detects a dead worker (its queue
 * has no poller); two attempts cover a transient unreachable target without making `ssh_connect` hang.
 */
export const OPEN_SESSION: Omit<ActivityOptions, 'taskQueue'> = {
  scheduleToStartTimeout: '10 seconds',
  startToCloseTimeout: '45 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 2, nonRetryableErrorTypes: NON_RETRYABLE },
};

/**
 * One command. Never retried automatically (a command may not be idempotent); heartbeats every second while output
 * flows, so a dead worker is noticed in 15 s; cancellation waits for the remote process to be killed.
 */
export const SSH_EXEC: Omit<ActivityOptions, 'taskQueue'> = {
  scheduleToStartTimeout: '10 seconds',
  startToCloseTimeout: `${MAX_COMMAND_TIMEOUT_S + 60} seconds`,
  heartbeatTimeout: '15 seconds',
  retry: { maximumAttempts: 1 },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
};

/** Key destruction: quick, idempotent; if the worker is gone its memory (and the key) is gone too. */
export const CLOSE_SESSION: Omit<ActivityOptions, 'taskQueue'> = {
  scheduleToStartTimeout: '10 seconds',
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, initialInterval: '500 ms' },
};

/** One canary batch: CPU-only and fast; retried a few times, then the schedule's next tick tries again. */
export const CANARY_BATCH: ActivityOptions = {
  taskQueue: SESSION_TASK_QUEUE,
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
};
