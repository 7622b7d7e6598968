/** The real shell parser (grammars loaded once per test process) and small lookups on its output. */
import * as assert from 'node:assert/strict';
import { GRAMMARS, loadGrammars } from '../../../src/core/code/grammars';
import { loadShellLanguages } from '../../../src/core/shell/loader';
import type { ParsedLine, ShellKind, SimpleCommand } from '../../../src/core/shell/model';
import { ShellParser } from '../../../src/core/shell/parse';

let shared: Promise<ShellParser> | undefined;

/** The parser, with the grammars of interpreter code loaded too (so one-liners are read). */
export function parser(): Promise<ShellParser> {
  shared ??= loadShellLanguages().then(async (l) => {
    await loadGrammars(GRAMMARS, l.wasmDir);
    return new ShellParser(l);
  });
  return shared;
}

export async function parse(line: string, shell: ShellKind = 'bash'): Promise<ParsedLine> {
  return (await parser()).parse(line, shell);
}

/** The last command with this program (unwrapped commands come after their wrappers). */
export function commandNamed(p: ParsedLine, program: string): SimpleCommand {
  const found = [...p.commands].reverse().find((c) => c.program === program);
  assert.ok(found, `no command '${program}' in ${JSON.stringify(p.source)}; got ${p.commands.map((c) => c.program).join(', ')}`);
  return found;
}

export function textOf(p: ParsedLine, span: readonly [number, number]): string {
  return p.source.slice(span[0], span[1]);
}

export function argTexts(c: SimpleCommand): string[] {
  return c.args.map((a) => a.text);
}
