/**
 * The SSH user CA (architecture §04 steps 1–2): per-session Ed25519 key pairs generated in memory and OpenSSH user
 * certificates signed in-process with sshpk (no shell-out to ssh-keygen, nothing written to disk).
 *
 * Certificate invariants enforced here, whatever the caller asks:
 * - validity never exceeds {@link SESSION_TTL_MS} (15 minutes) from the session's start and never passes the
 *   session deadline; the start may be back-dated by at most {@link MAX_BACKDATE_MS} for clock skew;
 * - exactly one principal (the target user);
 * - critical options `source-address` (the worker's egress CIDR list) and `force-command` (the one approved command);
 * - no extensions: no pty, no agent/port/X11 forwarding, no user rc.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import sshpk from 'sshpk';
import { SESSION_TTL_MS } from '../../workflows/api';
import { CertificateMintError } from '../errors';

/** Largest back-dating of a certificate's valid-after for clock skew (ms). */
export const MAX_BACKDATE_MS = 60_000;

/** What a certificate grants. Times are epoch milliseconds. */
export interface CertificateRequest {
  /** The target user (certificate principal). */
  principal: string;
  /** CIDRs the certificate may be presented from (critical option `source-address`), e.g. `10.77.1.1/32`. */
  sourceAddresses: readonly string[];
  /** The only command the target will run (critical option `force-command`). */
  forceCommand: string;
  /** When the session (and so the key) started; bounds the validity to start + 15 min. */
  sessionStartMs: number;
  /** Requested expiry; clamped to `sessionStartMs + SESSION_TTL_MS`. */
  notAfterMs: number;
  /** Current time, injectable for tests. */
  nowMs: number;
  /** Key id recorded by sshd in its log (`session:<id>#<seq>`); must not be secret. */
  keyId: string;
}

/** A signed certificate in OpenSSH one-line form plus its public metadata. */
export interface SignedCertificate {
  /** `ssh-ed25519-cert-v01@openssh.com AAAA...` */
  openssh: string;
  validAfterMs: number;
  validBeforeMs: number;
  serial: string;
}

/**
 * Signs OpenSSH user certificates with a CA key held in memory.
 * Production code gets one through {@link loadCertificateAuthority}; tests may construct one from a throw-away key.
 */
export class CertificateAuthority {
  readonly #caKey: sshpk.PrivateKey;
  /** The CA public key in OpenSSH form (what targets list in TrustedUserCAKeys). */
  readonly publicKey: string;

  /** @param caKey the parsed CA private key. */
  constructor(caKey: sshpk.PrivateKey) {
    this.#caKey = caKey;
    this.publicKey = caKey.toPublic().toString('ssh');
  }

  /**
   * Signs a user certificate for `subjectKey`.
   * @param subjectKey the session public key.
   * @throws {@link CertificateMintError} on invalid requests (bad CIDR, empty command, window already over).
   */
  sign(subjectKey: sshpk.Key, req: CertificateRequest): SignedCertificate {
    if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(req.principal)) throw new CertificateMintError('invalid principal');
    if (req.forceCommand.length === 0 || req.forceCommand.includes('\0')) {
      throw new CertificateMintError('invalid force-command');
    }
    if (req.sourceAddresses.length === 0) throw new CertificateMintError('a source-address is required');
    for (const cidr of req.sourceAddresses) assertCidr(cidr);
    const hardDeadline = req.sessionStartMs + SESSION_TTL_MS;
    const validBeforeMs = Math.min(req.notAfterMs, hardDeadline);
    const validAfterMs = Math.max(req.nowMs - MAX_BACKDATE_MS, req.sessionStartMs - MAX_BACKDATE_MS);
    if (validBeforeMs <= req.nowMs) throw new CertificateMintError('the session lifetime is over');
    // OpenSSH certificates carry whole seconds.
    const validFrom = new Date(Math.floor(validAfterMs / 1000) * 1000);
    const validUntil = new Date(Math.floor(validBeforeMs / 1000) * 1000);
    const serial = randomBytes(8);
    try {
      const cert = sshpk.createCertificate(
        [sshpk.identityForUser(req.principal)],
        subjectKey,
        sshpk.identityForUser('secure-ssh-mcp-ca'),
        this.#caKey,
        { validFrom, validUntil, serial },
      );
      const sig = (cert as unknown as { signatures: { openssh: OpenSshSignature } }).signatures.openssh;
      sig.keyId = req.keyId;
      // Critical options must be sorted by name (PROTOCOL.certkeys); data is an SSH string of the value.
      sig.exts = [
        { critical: true, name: 'force-command', data: sshString(req.forceCommand) },
        { critical: true, name: 'source-address', data: sshString(req.sourceAddresses.join(',')) },
      ];
      delete (cert as unknown as { signatures: Record<string, unknown> }).signatures.x509;
      cert.signWith(this.#caKey);
      return {
        openssh: cert.toString('openssh'),
        validAfterMs: validFrom.getTime(),
        validBeforeMs: validUntil.getTime(),
        serial: serial.toString('hex'),
      };
    } catch (err) {
      if (err instanceof CertificateMintError) throw err;
      throw new CertificateMintError('certificate signing failed');
    }
  }
}

interface OpenSshSignature {
  keyId?: string;
  exts?: { critical: boolean; name: string; data: Buffer }[];
}

function sshString(value: string): Buffer {
  const body = Buffer.from(value, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function assertCidr(cidr: string): void {
  const [addr, bits, extra] = cidr.split('/');
  const max = isIPv4(addr ?? '') ? 32 : isIPv6(addr ?? '') ? 128 : -1;
  const n = bits === undefined ? max : Number(bits);
  if (max < 0 || extra !== undefined || !Number.isInteger(n) || n < 0 || n > max) {
    throw new CertificateMintError(`invalid source-address '${cidr}'`);
  }
}

/**
 * Loads the CA private key (OpenSSH or PEM format, unencrypted) from a file or a Kubernetes Secret mount.
 * The file content is parsed and the read buffer zeroed; the path is never logged with content.
 * @throws {@link CertificateMintError} when the file is missing or not a private key.
 */
export function loadCertificateAuthority(path: string): CertificateAuthority {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    throw new CertificateMintError(`cannot read the CA key file ${path}`);
  }
  try {
    return new CertificateAuthority(sshpk.parsePrivateKey(buf, 'auto'));
  } catch {
    throw new CertificateMintError(`the CA key file ${path} is not an unencrypted SSH private key`);
  } finally {
    buf.fill(0);
  }
}

/** A per-session Ed25519 key pair living only in this process's memory. */
export interface SessionKey {
  /** The private key in OpenSSH format, as ssh2 consumes it. Zeroed by {@link destroySessionKey}. */
  readonly privateKeyOpenssh: Buffer;
  readonly publicKey: sshpk.Key;
  /** `SHA256:...` fingerprint (public). */
  readonly fingerprint: string;
  /** The sshpk object, whose key parts are zeroed on destroy. */
  readonly parsed: sshpk.PrivateKey;
  destroyed: boolean;
}

/** Generates a fresh Ed25519 key pair in memory (never on disk). */
export function generateSessionKey(): SessionKey {
  const parsed = sshpk.generatePrivateKey('ed25519');
  const publicKey = parsed.toPublic();
  return {
    privateKeyOpenssh: parsed.toBuffer('openssh', {}),
    publicKey,
    fingerprint: publicKey.fingerprint('sha256').toString(),
    parsed,
    destroyed: false,
  };
}

/**
 * Zeroes every buffer of the key we hold (architecture §04 step 5: "memset(key, 0, len)"). Copies that ssh2 or
 * Node's crypto made internally during a handshake are released with the connection and cannot be zeroed from JS;
 * see README "Key lifecycle" for what this does and does not guarantee.
 */
export function destroySessionKey(key: SessionKey): void {
  if (key.destroyed) return;
  key.privateKeyOpenssh.fill(0);
  for (const part of key.parsed.parts as unknown as { data: Buffer }[]) part.data.fill(0);
  key.destroyed = true;
}

/** SHA-256 hex digest of a string (used for command hashes). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
