import { describe, expect, it } from 'vitest';
import { redact } from '..';
import { decodeInput } from '../decode';

describe('Layer 1 on raw bytes', () => {
  it('reports spans as byte offsets into invalid UTF-8 input', () => {
    const input = Buffer.concat([
      Buffer.from([0xff, 0xfe, 0x80]),
      Buffer.from(' host 203.0.113.9 '),
      Buffer.from([0xc3]), // truncated 2-byte sequence
      Buffer.from('ü mail ops@fjordbank.no\u0000\r\n'),
    ]);
    const r = redact(input);
    const values = r.spans.map((s) => input.subarray(s.start, s.end).toString('latin1'));
    expect(values).toEqual(['203.0.113.9', 'ops@fjordbank.no']);
    expect(r.text).toContain('\ufffd\ufffd\ufffd host [IP_REDACTED] \ufffdü mail [EMAIL_REDACTED]\u0000\r\n');
  });

  it('maps every UTF-16 index of a lossy decode to its byte offset', () => {
    const buf = Buffer.from([0x61, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0x80, 0x62]);
    const d = decodeInput(buf);
    expect(d.text).toBe('a€😀\ufffd\ufffd\ufffdb');
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => d.byteOffset(i))).toEqual([0, 1, 4, 8, 8, 9, 10, 11]);
    expect(d.byteOffset(d.text.length)).toBe(buf.length);
  });

  it('handles ANSI colour codes, CRLF and a 1 MiB single line', () => {
    expect(redact('\u001b[31mERROR\u001b[0m from 198.51.100.4\r\n').text).toBe(
      '\u001b[31mERROR\u001b[0m from [IP_REDACTED]\r\n',
    );
    const line = 'x'.repeat(1 << 20) + ' 198.51.100.4';
    const r = redact(Buffer.from(line));
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]!.start).toBe((1 << 20) | 1);
  });

  it('fails closed: a throwing rule redacts the whole payload, keeping its byte length', () => {
    const broken = {
      has: () => {
        throw new Error('boom');
      },
    } as unknown as ReadonlySet<string>;
    const input = Buffer.from([0xff, 0x41, 0x42]);
    const r = redact(input, { disabledRules: broken });
    expect(r.text).toBe('[REDACTION_FAILED]');
    expect(r.spans).toEqual([
      { start: 0, end: 3, category: 'REDACTION_FAILED', rule: 'fail-closed', placeholder: '[REDACTION_FAILED]' },
    ]);
  });
});
