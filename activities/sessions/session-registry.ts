/**
 * The only place session keys live: this worker process's memory. Each entry is destroyed (key zeroed, pseudonym
 * table wiped) on close, at its deadline by a local timer even if no workflow ever asks, and on worker shutdown.
 * @module
 */
import { destroySessionKey } from '../keys/certificate-authority';
import type { SessionKey } from '../keys/certificate-authority';
import type { SshTarget } from '../ssh/ssh-exec';
import type { PseudonymTable } from '../redaction';

/** A session held by this worker. */
export interface LiveSession {
  readonly sessionId: string;
  readonly target: SshTarget;
  readonly key: SessionKey;
  /** Epoch ms when the session key's 15-minute life began. */
  readonly startedAtMs: number;
  /** Epoch ms after which nothing may be signed for this session. */
  readonly deadlineMs: number;
  /** Per-session pseudonyms ([IP_001] …), in memory only. */
  readonly pseudonyms: PseudonymTable;
  /** `ssh_sessions.id` of the audit row. */
  readonly auditRowId: string;
  /** Commands currently running (per-session concurrency is 1: MaxSessions 1 on the target). */
  busy: boolean;
}

/** Registry of live sessions in this process. */
export class SessionRegistry {
  readonly #sessions = new Map<string, LiveSession>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #now: () => number;

  /** @param now clock (epoch ms), injectable for tests. */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Adds a session and arms its self-destruct timer at `deadlineMs`. Replaces (and destroys) a previous entry. */
  add(session: LiveSession): void {
    this.destroy(session.sessionId);
    this.#sessions.set(session.sessionId, session);
    const timer = setTimeout(() => this.destroy(session.sessionId), Math.max(0, session.deadlineMs - this.#now()));
    timer.unref();
    this.#timers.set(session.sessionId, timer);
  }

  /** @returns the live session, or undefined when unknown here or past its deadline (then it is destroyed). */
  get(sessionId: string): LiveSession | undefined {
    const s = this.#sessions.get(sessionId);
    if (s && this.#now() >= s.deadlineMs) {
      this.destroy(sessionId);
      return undefined;
    }
    return s;
  }

  /** Zeroes the key, wipes pseudonyms and forgets the session. Idempotent. @returns whether it was held here. */
  destroy(sessionId: string): boolean {
    const timer = this.#timers.get(sessionId);
    if (timer) clearTimeout(timer);
    this.#timers.delete(sessionId);
    const s = this.#sessions.get(sessionId);
    if (!s) return false;
    destroySessionKey(s.key);
    s.pseudonyms.clear();
    this.#sessions.delete(sessionId);
    return true;
  }

  /** Destroys every session (worker shutdown). @returns how many were destroyed. */
  destroyAll(): number {
    const ids = [...this.#sessions.keys()];
    for (const id of ids) this.destroy(id);
    return ids.length;
  }

  /** Number of live sessions. */
  get size(): number {
    return this.#sessions.size;
  }
}
