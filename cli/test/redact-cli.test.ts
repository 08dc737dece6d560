/**
 * The evaluation CLI as a process (`secure-ssh-mcp redact [--jsonl]`, issue 3 item 6): one process for the stream,
 * records in order, spans as UTF-8 byte offsets, a bad line reported by number without its content, and the record's
 * optional `command` used as context.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(__dirname, '..', '..', 'bin', 'secure-ssh-mcp.js');
const run = (args: string[], input: string) =>
  spawnSync(process.execPath, [BIN, 'redact', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, SSM_FROM_SOURCE: '1' },
    timeout: 60_000,
  });

describe('secure-ssh-mcp redact', () => {
  it('--jsonl: one record out per record in, in order, with byte-offset spans; a bad line is named, not echoed', () => {
    const human = ['Tango', '2019!!'].join('');
    const lines = [
      JSON.stringify({ id: 'a', text: 'Zoë logged in from 203.0.113.9' }),
      '{"id": "broken", "text": "secret-looking-content-xyz"',
      JSON.stringify({ id: 'b', command: 'vault kv get -field=password secret/db', text: `${human}\n` }),
      JSON.stringify({ id: 'c', text: `${human}\n` }),
    ];
    const r = run(['--jsonl'], lines.join('\n') + '\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('line 2: not valid JSON');
    expect(r.stderr).not.toContain('secret-looking-content-xyz');
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; text: string; spans: Array<{ start: number; end: number }> });
    expect(out.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    expect(out[0]!.text).toBe('Zoë logged in from [IP_REDACTED]');
    // "Zoë" is 4 bytes in UTF-8: the address starts at byte 20, not at UTF-16 index 19
    expect(out[0]!.spans[0]).toMatchObject({ start: 20, end: 31, category: 'IP' });
    expect(out[1]!.text).toBe('[PASSWORD_REDACTED]\n'); // the command says the output is a secret
    expect(out[2]!.text).toBe(`${human}\n`); // without it, a lone word-like line stays
  });

  it('plain mode: stdin to redacted stdout', () => {
    const r = run([], 'connect to 198.51.100.23 as ops@example-shop.de\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('connect to [IP_REDACTED] as [EMAIL_REDACTED]\n');
  });
});
