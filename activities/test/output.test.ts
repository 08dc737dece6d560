import { describe, expect, it } from 'vitest';
import { looksBinary, renderOutput } from '../ssh/output';

describe('output rendering', () => {
  it('keeps Latin-1 text as text with replacement characters', () => {
    expect(looksBinary(Buffer.from('caf\xe9 cr\xe8me ok\n', 'latin1'))).toBe(false);
  });
  it('treats NUL, control-heavy and mostly-invalid bytes as binary', () => {
    expect(looksBinary(Buffer.from([0x41, 0x00, 0x42]))).toBe(true);
    expect(looksBinary(Buffer.from([1, 2, 3, 4, 65, 66]))).toBe(true);
    expect(looksBinary(Buffer.from([0xff, 0xfe, 0xfd, 0x41]))).toBe(true);
    expect(looksBinary(Buffer.from('plain\ttext\r\n\x1b[31mred\x1b[0m\n'))).toBe(false);
  });
  it('describes binary output instead of returning it', () => {
    const r = renderOutput(Buffer.from([0, 1, 2, 3]), { truncated: false, cap: 10, totalBytes: 4 });
    expect(r).toEqual({ text: '[BINARY OUTPUT OMITTED: 4 bytes]', binary: true, redaction: { counts: {}, total: 0 } });
  });
  it('on truncation drops the partial last line (a secret cut in half cannot slip through) and appends a marker', () => {
    const raw = Buffer.from('line one\nDB_PASSWORD=hunt');
    const r = renderOutput(raw, { truncated: true, cap: raw.length, totalBytes: 9999 });
    expect(r.text).toBe(
      'line one\n\n[OUTPUT TRUNCATED: limit 25 bytes reached, at least 9999 bytes produced; command stopped]\n',
    );
    expect(renderOutput(raw, { truncated: true, cap: raw.length, totalBytes: 9999, marker: false }).text).toBe(
      'line one\n',
    );
  });
  it('redacts text output', () => {
    expect(
      renderOutput(Buffer.from('DB_PASSWORD=hunter2\n'), { truncated: false, cap: 100, totalBytes: 20 }).text,
    ).toBe('DB_PASSWORD=[PASSWORD_REDACTED]\n');
  });
  it('passes the command to Layer 1: a command that prints one secret has its lone value redacted', () => {
    const raw = Buffer.from('Wombat2022?\n');
    const opts = { truncated: false, cap: 100, totalBytes: raw.length };
    expect(renderOutput(raw, { ...opts, command: 'vault kv get -field=password secret/app' }).text).toBe(
      '[PASSWORD_REDACTED]\n',
    );
    expect(renderOutput(raw, { ...opts, command: 'cat /etc/motd' }).text).toBe('Wombat2022?\n');
  });
});
