/**
 * A small common form of interpreter code, just rich enough to follow what code runs and deletes:
 * imports and aliases, assignments (with destructuring), calls, attribute and index access,
 * strings and how they are put together, loops over values, function bodies.
 *
 * Each language's reader turns its syntax tree (Python, JavaScript/TypeScript, Ruby, PHP) or its
 * tokens (Perl, Lua, awk, R, AppleScript) into this form; one evaluator (./evaluate.ts) reads it.
 * Spans are UTF-16 offsets `[start, end)` into the code text as given to the reader.
 */
export type CodeSpan = readonly [start: number, end: number];

export type Expr =
  /** A string whose value is fully known. `inner` is where its content sits in the code; `exact` when that content is the value verbatim (no escapes). */
  | { k: 'str'; v: string; at: CodeSpan; inner: CodeSpan; exact: boolean }
  /** An interpolated string (f-string, template literal, `"#{x}"`, `"$x"`): known text and expressions. */
  | { k: 'tmpl'; parts: (string | Expr)[]; at: CodeSpan }
  | { k: 'const'; v: boolean | null | number; at: CodeSpan }
  | { k: 'id'; name: string; at: CodeSpan }
  | { k: 'attr'; obj: Expr; name: string; at: CodeSpan }
  | { k: 'index'; obj: Expr; key: Expr; at: CodeSpan }
  /** A call (also `new X(…)`, a tagged template `` $`…` `` and a Ruby block call). */
  | { k: 'call'; fn: Expr; args: Expr[]; kw: Kw[]; at: CodeSpan; block?: Func; tagged?: boolean }
  | { k: 'list'; items: Expr[]; at: CodeSpan }
  | { k: 'dict'; entries: { key: string | undefined; value: Expr }[]; at: CodeSpan }
  /** String building: `+` (Python, JS, Ruby), `.` (PHP, Perl), `..` (Lua), `%` (Python format). */
  | { k: 'bin'; op: '+' | '%' | 'join'; l: Expr; r: Expr; at: CodeSpan }
  /** Code that hands its text to a shell: backticks, `%x{}`, `qx//`, PHP's backquotes. */
  | { k: 'shell'; cmd: Expr; at: CodeSpan; how: string }
  | { k: 'func'; fn: Func; at: CodeSpan }
  /** Anything else: its parts are still read (calls inside run), its value is unknown. */
  | { k: 'other'; parts: Expr[]; at: CodeSpan; stmts?: Stmt[] };

export interface Kw {
  name: string;
  value: Expr;
}

export interface Func {
  params: Pattern[];
  body: Stmt[];
}

/** What an assignment or a loop binds. */
export type Pattern =
  | { k: 'name'; name: string }
  /** `{ exec: run, rmSync }` / `const { a } = …`: property → pattern. */
  | { k: 'props'; props: { key: string; target: Pattern }[] }
  /** `a, b = …` / `[a, b] = …`. */
  | { k: 'items'; items: Pattern[] }
  | { k: 'none' };

export type Stmt =
  /**
   * An import. `bind` names the local name for the module (`import os.path as p` binds `p` to
   * `os.path`; `import os.path` binds `os` to `os`); `names` are `from m import a as b`; `star`
   * is `from m import *`.
   */
  | { k: 'import'; module: string; bind?: { name: string; path: string }; names?: { name: string; as: string }[]; star?: boolean; at: CodeSpan }
  | { k: 'assign'; target: Pattern; value: Expr; at: CodeSpan }
  | { k: 'for'; target: Pattern; iter: Expr; body: Stmt[]; at: CodeSpan }
  | { k: 'expr'; e: Expr }
  | { k: 'def'; name: string; fn: Func; at: CodeSpan };

export const NO_SPAN: CodeSpan = [0, 0];

export function other(parts: Expr[], at: CodeSpan): Expr {
  return { k: 'other', parts, at };
}
