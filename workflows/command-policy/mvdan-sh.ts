/**
 * Loads mvdan/sh's shell parser (the `mvdan-sh` package: Go compiled to JavaScript by GopherJS) so that the SAME
 * parser runs in the trusted worker (activities) and inside Temporal's workflow sandbox (the `run-command` Update
 * validator). One parser, one behaviour.
 *
 * Why a loader is needed: the sandbox deep-freezes the built-in globals, and the GopherJS runtime writes three of
 * them while its module is evaluated:
 * - `Error.stackTraceLimit = Infinity` (first statement of the bundle, strict mode): throws
 *   `TypeError: Cannot assign to read only property 'stackTraceLimit'` because `Error` is frozen;
 * - `global.require = require`: leaks a `require` into the global scope (in Node, the worker's own global);
 * - `setTimeout($runScheduled)` / `clearTimeout(…)`: its goroutine scheduler arms a timer around running the package
 *   initialisers; in the sandbox `setTimeout` is a durable workflow timer (a command), which must never be issued
 *   from a validator and has no business in a workflow's history.
 *
 * While the module is evaluated, {@link withGopherJsGlobals} swaps in an `Error` subclass with its own writable
 * `stackTraceLimit` (so the real `Error` is never touched, in Node either); while it is evaluated and around every
 * call into it, a `setTimeout`/`clearTimeout` pair that only records. Afterwards the originals (and `require`) are
 * restored. If the runtime ever leaves a timer pending (work it expected to run later, which this parser does not
 * do), the call fails instead of silently losing work. Measured with mvdan-sh 0.10.1: loading arms and clears exactly one timer,
 * parsing arms none and reads no `Math.random` (see `workflows/test/command-policy.test.ts`).
 *
 * Deterministic: no I/O, no clock-dependent result (the scheduler reads `Date.now()` only to time-slice goroutines;
 * the sandbox's clock is the workflow clock). Imports nothing from Node.
 * @module
 */

/** The two functions of mvdan-sh's JavaScript API we use. */
export interface MvdanSyntax {
  NewParser(): { Parse(src: string, name: string): MvNode };
  NodeType(node: MvNode): string;
}

/** The fields of mvdan/sh's Go AST (syntax.File, Stmt, CallExpr, Word, Lit, Redirect …) that we read. */
export interface MvNode {
  Stmts?: MvNode[];
  Cmd?: MvNode | null;
  Coprocess?: boolean;
  Redirs?: MvNode[];
  X?: MvNode;
  Y?: MvNode;
  Assigns?: MvNode[];
  Args?: MvNode[];
  Parts?: MvNode[];
  Value?: string;
  Dollar?: boolean;
  Op?: number;
  Hdoc?: MvNode | null;
  Word?: MvNode | null;
}

type GlobalBag = Record<string, unknown>;

const TIMERS = ['setTimeout', 'clearTimeout'] as const;

let syntax: MvdanSyntax | undefined;

/**
 * Runs `fn` with the globals GopherJS writes replaced by harmless stand-ins, and restores them afterwards (also when
 * `fn` throws). Synchronous: nothing else can observe the swap.
 * @param loading also replace `Error` and restore `require` (only the module's evaluation writes
 *   `Error.stackTraceLimit` and `require`; calls keep the real `Error`, so the runtime's `instanceof Error` checks
 *   behave as usual).
 * @throws Error `mvdan-sh left N timer(s) pending` when the GopherJS scheduler wanted to run work later; whatever
 *   `fn` throws otherwise.
 */
export function withGopherJsGlobals<T>(fn: () => T, loading = false): T {
  const g = globalThis as unknown as GlobalBag;
  // `require` is written, and `Error` read for the write, only while the module is evaluated
  const names = loading ? (['Error', 'setTimeout', 'clearTimeout', 'require'] as const) : TIMERS;
  const saved = names.map((n) => [n, Object.getOwnPropertyDescriptor(g, n)] as const);
  const pending = new Set<number>();
  let next = 0;
  if (loading) {
    const RealError = g.Error as ErrorConstructor;
    class LoaderError extends RealError {}
    Object.defineProperty(LoaderError, 'stackTraceLimit', { value: 10, writable: true, configurable: true });
    g.Error = LoaderError;
  }
  g.setTimeout = (): number => {
    pending.add(++next);
    return next;
  };
  g.clearTimeout = (handle: number): void => void pending.delete(handle);
  let result: T;
  try {
    result = fn();
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(g, name, descriptor);
      else delete g[name];
    }
  }
  if (pending.size > 0) throw new Error(`mvdan-sh left ${pending.size} timer(s) pending; refusing to continue`);
  return result;
}

/**
 * mvdan-sh's `syntax` API, loaded on first use (about 0.1 s of CPU and 2.5–5 MB of heap per module instance; in the
 * workflow sandbox, where each workflow has its own module instances, that is once per cached session workflow that
 * validates a command). Call its methods inside {@link withGopherJsGlobals}.
 * @throws Error when the package does not expose `syntax.NewParser` after loading.
 */
export function mvdanSyntax(): MvdanSyntax {
  if (syntax) return syntax;
  const loaded = withGopherJsGlobals(
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- GopherJS bundle without types; loaded lazily
    () => (require('mvdan-sh') as { syntax?: MvdanSyntax }).syntax,
    true,
  );
  if (typeof loaded?.NewParser !== 'function') throw new Error('mvdan-sh did not expose syntax.NewParser');
  syntax = loaded;
  return syntax;
}
