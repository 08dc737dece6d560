/**
 * Shell-aware command analysis for the policy (issue 4): the command is parsed with mvdan/sh (the `mvdan-sh` package,
 * the Go parser compiled to JavaScript; its WASM successor `sh-syntax` exposes only node positions, not node types)
 * and reduced to simple commands. Anything whose effect cannot be known from the text alone is refused here, before
 * rules are consulted: command and process substitution, parameter/variable/arithmetic expansion (incl. `${IFS}`),
 * brace expansion, globs in the command name, assignments (`LD_PRELOAD=… cmd`), subshells, functions and other
 * compound commands, here-documents, and redirections other than fd duplication and `/dev/null`.
 *
 * Sandbox-safe: the worker's policy check and the session workflow's Update validator both run this module (see
 * `./mvdan-sh.ts` for how the parser is loaded inside Temporal's workflow sandbox). Imports nothing from Node.
 * @module
 */
import { mvdanSyntax, withGopherJsGlobals } from './mvdan-sh';
import type { MvNode } from './mvdan-sh';

/** One simple command after quote removal: `argv[0]` is the command name. */
export interface SimpleCommand {
  argv: string[];
  /** `argv` joined with single spaces: what whole-command globs are matched against. */
  text: string;
}

/** Result of {@link analyzeCommand}. */
export type Analysis = { ok: true; commands: SimpleCommand[] } | { ok: false; feature: string; reason: string };

// mvdan/sh syntax.RedirOperator values (measured against mvdan-sh 0.10.1)
const RDR_OUT = 54;
const APP_OUT = 55;
const DPL_IN = 58;
const DPL_OUT = 59;
const RDR_ALL = 64;

// zero-width and bidirectional controls (Trojan Source, CVE-2021-42574) and other invisible characters
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- a class of single invisible code points is intended
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/;

const fail = (feature: string, reason: string): Analysis => ({ ok: false, feature, reason });

/**
 * Parses `command` and returns its simple commands, or the first feature that makes it unanalysable.
 * A syntax error is reported as `{ok: false, feature: 'syntax'}`.
 * @throws Error only when mvdan-sh cannot be loaded or misbehaves (see {@link withGopherJsGlobals}), never for input.
 */
export function analyzeCommand(command: string): Analysis {
  if (INVISIBLE.test(command))
    return fail('invisible-characters', 'contains zero-width or bidirectional control characters');
  mvdanSyntax(); // load outside the per-call swap: loading needs the wider one
  return withGopherJsGlobals(() => analyzeParsed(command));
}

/** mvdan/sh's node type name (`CallExpr`, `Lit` …); the parser is loaded by then. */
const nodeType = (node: MvNode): string => mvdanSyntax().NodeType(node);

function analyzeParsed(command: string): Analysis {
  let file: MvNode;
  try {
    file = mvdanSyntax().NewParser().Parse(command, 'command');
  } catch (err) {
    const e = err as { Error?: () => string; message?: string };
    const msg = String(typeof e?.Error === 'function' ? e.Error() : (e?.message ?? 'parse error')).replace(
      /^command:/,
      '',
    );
    return fail('syntax', `not valid shell syntax (${msg.slice(0, 120)})`);
  }
  const commands: SimpleCommand[] = [];
  const stmts: MvNode[] = [...(file.Stmts ?? [])];
  while (stmts.length > 0) {
    const stmt = stmts.shift()!;
    if (stmt.Coprocess) return fail('coprocess', 'coprocesses are not allowed');
    for (const r of stmt.Redirs ?? []) {
      const problem = checkRedirect(r);
      if (problem) return problem;
    }
    const cmd = stmt.Cmd;
    if (!cmd) continue;
    const type = nodeType(cmd);
    if (type === 'BinaryCmd') {
      stmts.unshift(cmd.X!, cmd.Y!);
      continue;
    }
    if (type !== 'CallExpr')
      return fail(type, `${describeCompound(type)} is not allowed; send plain commands joined with ;, &&, || or |`);
    if ((cmd.Assigns ?? []).length > 0)
      return fail('assignment', 'variable assignments (e.g. LD_PRELOAD=… cmd) are not allowed');
    const argv: string[] = [];
    for (const word of cmd.Args ?? []) {
      const w = wordValue(word);
      if (typeof w !== 'string') return w;
      argv.push(w);
    }
    if (argv.length === 0) continue;
    const name = argv[0]!;
    if (/[*?[\]]/.test(rawFirstLit(cmd.Args?.[0])))
      return fail('glob-binary', 'globbing the command name is not allowed');
    if (!/^[A-Za-z0-9._/+-]+$/.test(name))
      return fail(
        'binary-name',
        `command name '${printable(name)}' has characters outside [A-Za-z0-9._/+-] (look-alikes are refused)`,
      );
    commands.push({ argv, text: argv.join(' ') });
  }
  if (commands.length === 0) return fail('empty', 'no command to run');
  return { ok: true, commands };
}

function describeCompound(type: string): string {
  const names: Record<string, string> = {
    Subshell: 'a subshell ( … )',
    Block: 'a { … } block',
    FuncDecl: 'a function definition',
    IfClause: 'an if statement',
    WhileClause: 'a loop',
    ForClause: 'a for loop',
    CaseClause: 'a case statement',
    ArithmCmd: 'an arithmetic command',
    TestClause: 'a [[ … ]] test',
    DeclClause: 'a declaration (export/declare/local)',
    LetClause: 'let',
    TimeClause: 'time',
  };
  return names[type] ?? type;
}

function checkRedirect(r: MvNode): Analysis | undefined {
  if (r.Hdoc) return fail('heredoc', 'here-documents are not allowed');
  const target = r.Word ? wordValue(r.Word) : '';
  if (typeof target !== 'string') return target;
  if ((r.Op === DPL_OUT || r.Op === DPL_IN) && /^(\d|-)$/.test(target)) return undefined; // 2>&1, >&2, <&-
  if ((r.Op === RDR_OUT || r.Op === APP_OUT || r.Op === RDR_ALL) && target === '/dev/null') return undefined;
  return fail(
    'redirect',
    `redirection to '${printable(target)}' is not allowed (only fd duplication such as 2>&1 and /dev/null)`,
  );
}

/** Literal value of a word after quote removal, or a failure for any expansion. */
function wordValue(word: MvNode): string | Analysis {
  let out = '';
  for (const part of word.Parts ?? []) {
    const t = nodeType(part);
    if (t === 'Lit') {
      const v = String(part.Value ?? '');
      if (/\{[^}]*(,|\.\.)[^}]*\}/.test(v))
        return fail('brace-expansion', 'brace expansion is not allowed (e.g. {rm,-rf,/})');
      out += v.replace(/\\(.)/gs, '$1');
    } else if (t === 'SglQuoted') {
      if (part.Dollar) return fail('ansi-c-quote', "$'…' quoting is not allowed");
      out += String(part.Value ?? '');
    } else if (t === 'DblQuoted') {
      if (part.Dollar) return fail('locale-quote', '$"…" quoting is not allowed');
      for (const inner of part.Parts ?? []) {
        const it = nodeType(inner);
        if (it !== 'Lit') return fail(expansionFeature(it), expansionReason(it));
        out += String(inner.Value ?? '').replace(/\\([$`"\\\n])/g, '$1');
      }
    } else {
      return fail(expansionFeature(t), expansionReason(t));
    }
  }
  return out;
}

function expansionFeature(type: string): string {
  return (
    (
      {
        ParamExp: 'variable-expansion',
        CmdSubst: 'command-substitution',
        ProcSubst: 'process-substitution',
        ArithmExp: 'arithmetic-expansion',
        ExtGlob: 'extglob',
      } as Record<string, string>
    )[type] ?? type
  );
}
function expansionReason(type: string): string {
  return (
    (
      {
        ParamExp: 'variable and parameter expansion ($VAR, ${IFS}) is not allowed',
        CmdSubst: 'command substitution ($(…) or `…`) is not allowed',
        ProcSubst: 'process substitution (<(…), >(…)) is not allowed',
        ArithmExp: 'arithmetic expansion $((…)) is not allowed',
        ExtGlob: 'extended globs are not allowed',
      } as Record<string, string>
    )[type] ?? `${type} is not allowed`
  );
}

function rawFirstLit(word: MvNode | undefined): string {
  const first = word?.Parts?.[0];
  return first && nodeType(first) === 'Lit' ? String(first.Value) : '';
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).slice(0, 80);
}
