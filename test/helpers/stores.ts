/**
 * Readers for "every store" a secret could end up in, for the crown-jewel tests: workflow histories (payloads
 * decoded), PostgreSQL (every row of every table as JSON), the Temporal dev server's SQLite file, and free text.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';

/** Flattens any protobuf-ish object to text, decoding every byte array as UTF-8 (payload data is JSON bytes). */
export function flattenToText(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 64 || value === null || value === undefined) return out;
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array)
    out.push(Buffer.from(value).toString('utf8'), Buffer.from(value).toString('base64'));
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) flattenToText(v, out, depth + 1);
  else if (typeof value === 'object') {
    if ('low' in value && 'high' in value) {
      // protobuf Long (event ids, timestamps): numbers, nothing to search
      out.push((value as { toString(): string }).toString());
      return out;
    }
    for (const v of Object.values(value as Record<string, unknown>)) flattenToText(v, out, depth + 1);
  }
  return out;
}

/** The full event history of one workflow as searchable text. */
export async function workflowHistoryText(client: Client, workflowId: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return flattenToText(history).join('\n');
}

/** Every row of every table in the public schema, as JSON text. */
export async function postgresDumpText(databaseUrl: string): Promise<string> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const tables = await pg.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    const parts: string[] = [];
    for (const { tablename } of tables.rows) {
      const rows = await pg.query(`SELECT row_to_json(t)::text AS j FROM "${tablename}" t`);
      for (const r of rows.rows as { j: string }[]) parts.push(r.j);
    }
    return parts.join('\n');
  } finally {
    await pg.end();
  }
}

/** Raw bytes of a file as latin1 text (for searching binary stores such as the Temporal SQLite file). */
export function fileText(path: string): string {
  try {
    return readFileSync(path).toString('latin1');
  } catch {
    return '';
  }
}

/** Returns the planted values found in `haystack` (empty when clean). */
export function findPlanted(haystack: string, values: readonly string[]): string[] {
  return values.filter((v) => v.length >= 4 && haystack.includes(v));
}

/**
 * One line per history event — time, type, and for task events the queue, worker identity, attempt, timeout type and
 * failure message (never payloads) — for a test to print when a failover goes wrong.
 */
export async function historyTimeline(client: Client, workflowId: string): Promise<string> {
  const { temporal } = await import('@temporalio/proto');
  const names = temporal.api.enums.v1.EventType as unknown as Record<number, string>;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => {
      const ms = Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
      const attrs = Object.entries(e).find(([k, v]) => k.endsWith('Attributes') && v) as
        [string, Record<string, unknown>] | undefined;
      const a = attrs?.[1] ?? {};
      const pick = (k: string): string => {
        const v = a[k];
        if (v === undefined || v === null || v === '') return '';
        if (k === 'taskQueue') return ` queue=${String((v as { name?: string }).name)}`;
        if (k === 'activityType') return ` activity=${String((v as { name?: string }).name)}`;
        if (k === 'failure') return ` failure=${JSON.stringify(String((v as { message?: string }).message ?? ''))}`;
        return ` ${k}=${JSON.stringify(v)}`;
      };
      const extra = ['activityType', 'taskQueue', 'identity', 'attempt', 'timeoutType', 'cause', 'failure']
        .map(pick)
        .join('');
      const type = (names[e.eventType ?? 0] ?? String(e.eventType)).replace(/^EVENT_TYPE_/, '');
      return `${String(e.eventId)} ${new Date(ms).toISOString().slice(11, 23)} ${type}${extra}`;
    })
    .join('\n');
}
