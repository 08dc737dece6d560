/**
 * Strict host-key checking: a target is trusted only when the key it presents is pinned in the inventory or listed
 * for its address in known_hosts. No trust on first use, no auto-add (architecture §04 step 3; issue 2).
 * @module
 */
import { readFileSync } from 'node:fs';

/** Verdict for one presented host key. */
export type HostKeyVerdict = 'trusted' | 'changed' | 'unknown';

/**
 * Parses an OpenSSH known_hosts file into `host pattern -> base64 key blobs`. Supports plain and `[host]:port`
 * patterns, comma lists and `@revoked` markers (revoked keys are never trusted). Hashed entries (`|1|...`) and
 * `@cert-authority` lines are ignored — pin keys in the inventory or use plain entries.
 */
export function parseKnownHosts(text: string): { entries: Map<string, Set<string>>; revoked: Set<string> } {
  const entries = new Map<string, Set<string>>();
  const revoked = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0]?.startsWith('@')) marker = fields.shift();
    const [patterns, , blob] = fields;
    if (patterns === undefined || blob === undefined) continue;
    if (marker === '@revoked') {
      revoked.add(blob);
      continue;
    }
    if (marker !== undefined) continue;
    for (const pattern of patterns.split(',')) {
      if (pattern.startsWith('|')) continue;
      let set = entries.get(pattern);
      if (!set) entries.set(pattern, (set = new Set()));
      set.add(blob);
    }
  }
  return { entries, revoked };
}

/** Reads known_hosts; a missing file is treated as empty (then only inventory pins count). */
export function loadKnownHosts(path: string | undefined): ReturnType<typeof parseKnownHosts> {
  if (!path) return parseKnownHosts('');
  try {
    return parseKnownHosts(readFileSync(path, 'utf8'));
  } catch {
    return parseKnownHosts('');
  }
}

/**
 * Decides whether the raw host key blob presented by `address:port` is trusted.
 * @param presented the SSH wire encoding of the host public key (what ssh2's hostVerifier receives).
 * @param pinned OpenSSH public key lines from the inventory (`ssh-ed25519 AAAA...`).
 * Keys pinned in the inventory are authoritative for their alias: when an alias has pins, known_hosts is not
 * consulted (so two aliases on one address can expect different keys, and a stale known_hosts line cannot widen a
 * pin). Without pins, known_hosts entries for `address` / `[address]:port` decide.
 * @returns `trusted` when it matches; `changed` when keys are on record for this host but none matches (or the key is
 *   revoked); `unknown` when nothing is on record.
 */
export function verifyHostKey(
  presented: Buffer,
  address: string,
  port: number,
  pinned: readonly string[],
  knownHosts: ReturnType<typeof parseKnownHosts>,
): HostKeyVerdict {
  const blob = presented.toString('base64');
  if (knownHosts.revoked.has(blob)) return 'changed';
  const onRecord = new Set<string>();
  for (const line of pinned) {
    const b = line.split(/\s+/)[1];
    if (b) onRecord.add(b);
  }
  if (onRecord.size === 0) {
    const pattern = port === 22 ? address : `[${address}]:${port}`;
    for (const b of knownHosts.entries.get(pattern) ?? []) onRecord.add(b);
    if (port === 22) for (const b of knownHosts.entries.get(`[${address}]:22`) ?? []) onRecord.add(b);
  }
  if (onRecord.size === 0) return 'unknown';
  return onRecord.has(blob) ? 'trusted' : 'changed';
}
