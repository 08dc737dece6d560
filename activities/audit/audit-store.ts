/**
 * The session logger's store (architecture §09): PostgreSQL tables `ssh_sessions` and `ssh_commands`.
 * Every value written here is already anonymized by the caller; this module adds no raw data and logs no values.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { PoolConfig } from 'pg';
import { AuditWriteError } from '../errors';

/** Row written when a command finishes. All text fields are anonymized. */
export interface CommandAuditRow {
  /** `ssh_sessions.id` (not the MCP session id). */
  sessionRowId: string;
  sequence: number;
  commandHash: string;
  commandAnon: string;
  stdoutAnon: string;
  stderrAnon: string;
  exitCode: number | null;
  durationMs: number;
  resolvedBy: 'minimax' | 'claude_escalation';
  /** Stored as the `anonymization` JSONB: layer1_redactions, layer2_redactions, canary_passed, processing_ms, … */
  anonymization: Record<string, unknown>;
  executedAt: Date;
}

/** Port used by activities; implemented by {@link PgAuditStore} (and fakes in unit tests). */
export interface AuditStore {
  /** Creates (idempotently) the session row and returns its `id`. */
  startSession(row: {
    sessionId: string;
    targetHost: string;
    targetUser: string;
    initiatedBy: string;
    startedAt: Date;
  }): Promise<string>;
  /** Inserts a command row; a retry with the same (session, sequence) is a no-op. */
  recordCommand(row: CommandAuditRow): Promise<void>;
  /** Marks the session ended. `status` is one of section 09's values. */
  endSession(
    sessionId: string,
    status: 'completed' | 'error' | 'quarantined',
    endedAt: Date,
    escalated: boolean,
  ): Promise<void>;
  /** Records an operator-relevant event (halt, release, quarantine) with its reason. */
  recordEvent(e: { event: string; subject: string; operator?: string; reason?: string }): Promise<void>;
  /** Sets only the status (quarantine / release). */
  setStatus(sessionId: string, status: 'active' | 'quarantined'): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS_DIR = join(__dirname, 'migrations');

/** PostgreSQL implementation. */
export class PgAuditStore implements AuditStore {
  readonly pool: Pool;

  /** @param config a `pg` pool config or a connection string (DATABASE_URL). */
  constructor(config: PoolConfig | string) {
    this.pool = new Pool(typeof config === 'string' ? { connectionString: config, max: 4 } : config);
    // An idle-client error must not crash the worker; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /**
   * Applies every `migrations/*.sql` file not yet applied, in name order, under an advisory lock.
   * @throws the driver error when PostgreSQL is unreachable or a migration fails (start-up only).
   */
  async migrate(dir: string = MIGRATIONS_DIR): Promise<string[]> {
    const client = await this.pool.connect();
    const applied: string[] = [];
    try {
      await client.query('SELECT pg_advisory_lock(707070)');
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ DEFAULT now())',
      );
      const done = new Set(
        (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
      );
      for (const name of readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort()) {
        if (done.has(name)) continue;
        await client.query('BEGIN');
        try {
          await client.query(readFileSync(join(dir, name), 'utf8'));
          await client.query('INSERT INTO schema_migrations(name) VALUES ($1)', [name]);
          await client.query('COMMIT');
          applied.push(name);
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(707070)').catch(() => undefined);
      client.release();
    }
    return applied;
  }

  async startSession(row: {
    sessionId: string;
    targetHost: string;
    targetUser: string;
    initiatedBy: string;
    startedAt: Date;
  }): Promise<string> {
    try {
      const res = await this.pool.query<{ id: string }>(
        `INSERT INTO ssh_sessions (session_id, target_host, target_user, initiated_by, started_at, status)
         VALUES ($1, $2, $3, $4, $5, 'active')
         ON CONFLICT (session_id) DO UPDATE SET status = ssh_sessions.status
         RETURNING id`,
        [row.sessionId, row.targetHost, row.targetUser, row.initiatedBy, row.startedAt],
      );
      return res.rows[0]!.id;
    } catch {
      throw new AuditWriteError('the audit store is unavailable; the session was not opened');
    }
  }

  async recordCommand(row: CommandAuditRow): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO ssh_commands (session_id, sequence, command_hash, command_anon, stdout_anon, stderr_anon,
                                   exit_code, duration_ms, resolved_by, anonymization, executed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (session_id, sequence) DO NOTHING`,
        [
          row.sessionRowId,
          row.sequence,
          row.commandHash,
          row.commandAnon,
          JSON.stringify({ text: row.stdoutAnon }),
          JSON.stringify({ text: row.stderrAnon }),
          row.exitCode,
          row.durationMs,
          row.resolvedBy,
          JSON.stringify(row.anonymization),
          row.executedAt,
        ],
      );
    } catch {
      throw new AuditWriteError('the audit store is unavailable; output withheld because it could not be audited');
    }
  }

  async endSession(
    sessionId: string,
    status: 'completed' | 'error' | 'quarantined',
    endedAt: Date,
    escalated: boolean,
  ): Promise<void> {
    try {
      await this.pool.query(
        `UPDATE ssh_sessions SET ended_at = $2, status = $3, escalated = $4,
                duration_ms = LEAST(2147483647, GREATEST(0, (EXTRACT(EPOCH FROM ($2::timestamptz - started_at)) * 1000)::bigint))::int
          WHERE session_id = $1`,
        [sessionId, endedAt, status, escalated],
      );
    } catch {
      throw new AuditWriteError('the audit store is unavailable; session end not recorded');
    }
  }

  async recordEvent(e: { event: string; subject: string; operator?: string; reason?: string }): Promise<void> {
    try {
      await this.pool.query('INSERT INTO audit_events (event, subject, operator, reason) VALUES ($1, $2, $3, $4)', [
        e.event,
        e.subject,
        e.operator ?? null,
        e.reason?.slice(0, 1000) ?? null,
      ]);
    } catch {
      throw new AuditWriteError('the audit store is unavailable; event not recorded');
    }
  }

  async setStatus(sessionId: string, status: 'active' | 'quarantined'): Promise<void> {
    try {
      await this.pool.query('UPDATE ssh_sessions SET status = $2 WHERE session_id = $1 AND ended_at IS NULL', [
        sessionId,
        status,
      ]);
    } catch {
      throw new AuditWriteError('the audit store is unavailable; status not recorded');
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
