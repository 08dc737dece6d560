/**
 * One command over one SSH connection, authenticated with a per-command certificate (architecture §04 steps 3–4).
 *
 * The connection exists only for the command: connect → verify the pinned host key → certificate auth → exec
 * (no PTY) → collect output up to a byte cap → close. Raw output is returned as Buffers to the caller (the exec
 * activity), which redacts and zeroes them; nothing in this module logs or persists output.
 *
 * ssh2 here is `@electerm/ssh2` installed under the `ssh2` name: upstream ssh2 cannot authenticate with OpenSSH user
 * certificates (mscdex/ssh2 issue 551), the fork adds the `certificate` option. See README "Why @electerm/ssh2".
 * @module
 */
import { Client } from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { AuthenticationFailedError, CommandFailedError, HostKeyMismatchError, HostUnreachableError } from '../errors';
import { verifyHostKey } from './host-keys';
import type { parseKnownHosts } from './host-keys';

/** Where to connect. `address` is the already-resolved IP the policy approved (no second resolution). */
export interface SshTarget {
  alias: string;
  address: string;
  port: number;
  user: string;
  hostKeys: readonly string[];
}

/** Inputs of {@link sshExec}. Times in ms, sizes in bytes. */
export interface SshExecParams {
  target: SshTarget;
  knownHosts: ReturnType<typeof parseKnownHosts>;
  /** Session private key, OpenSSH format (zeroed by the owner after the session). */
  privateKey: Buffer;
  /** Certificate for this command (`ssh-ed25519-cert-v01@openssh.com AAAA...`). */
  certificate: string;
  /** The command sent in the exec request (the certificate's force-command decides what actually runs). */
  command: string;
  /** Client-side deadline; on expiry the remote process is signalled (TERM, then KILL) and the channel closed. */
  timeoutMs: number;
  /** Cap on stdout + stderr bytes kept; beyond it the command is killed and `truncated` set. */
  maxOutputBytes: number;
  connectTimeoutMs: number;
  /** Aborts the command (activity cancellation). */
  signal?: AbortSignal;
  /** Called on every output chunk and once a second (activity heartbeats). */
  onProgress?: () => void;
}

/** Raw outcome; the caller must redact `stdout`/`stderr` and then zero them. */
export interface SshExecOutcome {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  truncated: boolean;
  /** Bytes received before truncation (counts everything the target sent, capped at 2^53). */
  outputBytes: number;
  durationMs: number;
}

const KILL_GRACE_MS = 2_000;

/**
 * Connects, runs one command and collects its output.
 * @throws {@link HostKeyMismatchError} when the host key is not pinned/known (changed or unknown).
 * @throws {@link HostUnreachableError} when TCP/handshake fails or times out (target down).
 * @throws {@link AuthenticationFailedError} when sshd refuses the certificate.
 * @throws {@link CommandFailedError} when the channel cannot be opened or breaks.
 */
export function sshExec(params: SshExecParams): Promise<SshExecOutcome> {
  const { target } = params;
  return new Promise<SshExecOutcome>((resolve, reject) => {
    const started = Date.now();
    const conn = new Client();
    let hostKeyVerdict: 'trusted' | 'changed' | 'unknown' | undefined;
    let settled = false;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let kept = 0;
    let received = 0;
    let truncated = false;
    let timedOut = false;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let channel: ClientChannel | undefined;
    const timers: NodeJS.Timeout[] = [];

    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      clearInterval(beat);
      params.signal?.removeEventListener('abort', onAbort);
      conn.end();
      if (err) {
        for (const b of [...stdout, ...stderr]) b.fill(0);
        reject(err);
        return;
      }
      resolve({
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        exitCode,
        signal: exitSignal,
        timedOut,
        truncated,
        outputBytes: received,
        durationMs: Date.now() - started,
      });
      for (const b of [...stdout, ...stderr]) b.fill(0);
    };

    const kill = (): void => {
      if (!channel) return finish();
      try {
        channel.signal('TERM');
      } catch {
        /* channel already closed */
      }
      timers.push(
        setTimeout(() => {
          try {
            channel?.signal('KILL');
            channel?.close();
          } catch {
            /* closed */
          }
          timers.push(setTimeout(() => finish(), KILL_GRACE_MS));
        }, KILL_GRACE_MS),
      );
    };

    const onAbort = (): void => {
      timedOut = true;
      kill();
    };
    params.signal?.addEventListener('abort', onAbort, { once: true });
    const beat = setInterval(() => params.onProgress?.(), 1_000);

    const collect = (sink: Buffer[]) => (chunk: Buffer) => {
      received += chunk.length;
      params.onProgress?.();
      if (truncated) return;
      const room = params.maxOutputBytes - kept;
      if (chunk.length <= room) {
        sink.push(Buffer.from(chunk));
        kept += chunk.length;
      } else {
        if (room > 0) sink.push(Buffer.from(chunk.subarray(0, room)));
        kept = params.maxOutputBytes;
        truncated = true;
        kill();
      }
      chunk.fill(0);
    };

    conn.on('ready', () => {
      conn.exec(params.command, { pty: false }, (err, ch) => {
        if (err) return finish(new CommandFailedError('the target refused to open a command channel'));
        channel = ch;
        timers.push(
          setTimeout(() => {
            timedOut = true;
            kill();
          }, params.timeoutMs),
        );
        ch.on('data', collect(stdout));
        ch.stderr.on('data', collect(stderr));
        ch.on('exit', (code: number | null, sig?: string) => {
          exitCode = typeof code === 'number' ? code : null;
          exitSignal = sig ?? null;
        });
        ch.on('close', () => finish());
      });
    });

    conn.on('error', (err: Error & { level?: string; code?: string }) => {
      if (hostKeyVerdict === 'changed') {
        return finish(
          new HostKeyMismatchError(
            `host key of '${target.alias}' does not match the pinned key: refusing to connect (possible man-in-the-middle; re-pin only after verifying the new key out of band)`,
          ),
        );
      }
      if (hostKeyVerdict === 'unknown') {
        return finish(
          new HostKeyMismatchError(
            `host '${target.alias}' has no pinned host key: refusing to connect (no trust on first use)`,
          ),
        );
      }
      // With MaxAuthTries 1, sshd disconnects ("Too many authentication failures") before ssh2 reports the
      // client-authentication level, so both shapes mean: the target refused the certificate.
      if (err.level === 'client-authentication' || /authentication/i.test(err.message)) {
        return finish(
          new AuthenticationFailedError(
            `'${target.alias}' refused the session certificate (principal, source address, validity or CA not accepted)`,
          ),
        );
      }
      if (
        err.level === 'client-timeout' ||
        ['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'].includes(err.code ?? '')
      ) {
        return finish(new HostUnreachableError(`'${target.alias}' is unreachable (${err.code ?? 'connect timeout'})`));
      }
      return finish(new CommandFailedError(`SSH connection to '${target.alias}' failed`));
    });
    conn.on('close', () => {
      if (!settled) finish(channel ? undefined : new HostUnreachableError(`'${target.alias}' closed the connection`));
    });

    const config: ConnectConfig & { certificate: string } = {
      host: target.address,
      port: target.port,
      username: target.user,
      privateKey: params.privateKey,
      certificate: params.certificate,
      readyTimeout: params.connectTimeoutMs,
      keepaliveInterval: 5_000,
      keepaliveCountMax: 3,
      tryKeyboard: false,
      agent: undefined,
      hostVerifier: (key: Buffer) => {
        hostKeyVerdict = verifyHostKey(key, target.address, target.port, target.hostKeys, params.knownHosts);
        return hostKeyVerdict === 'trusted';
      },
    };
    try {
      conn.connect(config);
    } catch {
      finish(new CommandFailedError('invalid SSH client configuration'));
    }
  });
}

/** Quotes a string for POSIX sh single-quote context. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Builds the certificate's force-command for an approved command: the target itself enforces the time limit
 * (coreutils `timeout` signals the whole process group, then KILLs after 5 s), so a hung command dies even if the
 * gateway vanishes. The approved command runs under the user's login shell (`$SHELL`, set by sshd).
 * @param command the policy-approved command, verbatim.
 * @param timeoutS whole seconds, 1..600.
 */
export function buildForcedCommand(command: string, timeoutS: number): string {
  const t = Math.max(1, Math.min(600, Math.floor(timeoutS)));
  return `exec timeout --kill-after=5 ${t} "\${SHELL:-/bin/sh}" -c ${shQuote(command)}`;
}
