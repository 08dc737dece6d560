import type { CompletionRequest, LocalModel } from '../model-client';

/** A scripted {@link LocalModel}: each call is answered by `script` (string → reply, Error → rejection). */
export class ScriptedModel implements LocalModel {
  readonly name = 'scripted';
  readonly calls: CompletionRequest[] = [];
  constructor(private readonly script: (req: CompletionRequest, n: number) => string | Promise<string>) {}

  async complete(req: CompletionRequest): Promise<string> {
    this.calls.push(req);
    return this.script(req, this.calls.length - 1);
  }
}

/** JSON reply with the given findings. */
export function findings(...f: { line: number; text: string; category: string }[]): string {
  return JSON.stringify({ findings: f });
}

/** Data lines of a spotlighted user message, without the datamark prefix, keyed by line number. */
export function dataLines(user: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const l of user.split('\n')) {
    const m = /^[0-9a-f]{12}\|(\d+)\|(.*)$/.exec(l);
    if (m) out.set(Number(m[1]), m[2]!);
  }
  return out;
}
