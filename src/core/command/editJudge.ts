/**
 * The command engine as the edit engine's judge: a script, a Makefile recipe, a package.json
 * script, a CI step or a git hook an agent writes is judged as the commands it will run (edit rule
 * family `runnable`, src/core/edit/rules/runnable.ts). The edit engine is synchronous; grammars of
 * interpreter code it meets are loaded and the change judged again, as `analyzeAsync` does for a
 * line.
 */
import type { Grammar } from '../code/grammars';
import { analyzeEdit, decodeContent } from '../edit/analyze';
import { detectFile } from '../edit/kinds';
import { runsCommands } from '../edit/rules/runnable';
import { type CommandJudge, type CommandJudgement, DEFAULT_MAX_BYTES, type EditInput, type EditOptions, type EditVerdict } from '../edit/types';
import type { CommandAnalyzer } from './analyze';
import type { CommandContext } from './rule';

/** A judge bound to a context, and the grammars it missed. */
function judgeFor(analyzer: CommandAnalyzer, ctx: CommandContext): { judge: CommandJudge; missing: () => ReadonlySet<Grammar> } {
  const reader = analyzer.codeReader();
  return {
    judge: {
      judge(text, options = {}): CommandJudgement {
        const c: CommandContext = options.cwd ? { ...ctx, cwd: options.cwd } : ctx;
        const o: { language?: typeof options.language; program?: string; file?: string } = {};
        if (options.language) o.language = options.language;
        if (options.program) o.program = options.program;
        if (options.file) o.file = options.file;
        const v = analyzer.judgeText(text, c, o, reader);
        const out: CommandJudgement = {
          findings: v.findings.map((f) => {
            const x: CommandJudgement['findings'][number] = { ruleId: f.ruleId, severity: f.severity, message: f.message, span: f.span };
            if (f.suggestion) x.suggestion = f.suggestion;
            if (f.atLeast) x.atLeast = f.atLeast;
            return x;
          }),
        };
        if (v.denied) out.denied = v.denied;
        if (v.notJudged) out.notJudged = v.notJudged;
        return out;
      },
    },
    missing: () => reader.missing,
  };
}

/**
 * Runs `run` (an edit analysis) with a judge of the command engine; when it met code whose
 * grammar was not loaded, loads it and runs again (a few rounds at most).
 */
export async function withCommandJudge<T>(analyzer: CommandAnalyzer, ctx: CommandContext, run: (judge: CommandJudge) => T): Promise<T> {
  let out: T | undefined;
  for (let round = 0; round < 4; round++) {
    const j = judgeFor(analyzer, ctx);
    out = run(j.judge);
    const missing = j.missing();
    if (missing.size === 0) return out;
    try {
      await analyzer.loadGrammars(missing);
    } catch {
      return out;
    }
  }
  return out!;
}

/** True when the edit engine judges this change's commands (a script, a Makefile, package.json, …). */
export function needsCommandJudge(input: EditInput, maxBytes = DEFAULT_MAX_BYTES): boolean {
  const before = decodeContent(input.before, maxBytes, 'before');
  const after = decodeContent(input.after, maxBytes, 'after');
  if (!before.ok || !after.ok || after.text === null) return false;
  return runsCommands(detectFile(typeof input.path === 'string' ? input.path : '', before.text, after.text), after.text);
}

/**
 * `analyzeEdit` with the command engine as its judge when the file runs commands; `analyzer` is
 * asked for only then (it loads the shell grammars). When it cannot start, what the change adds
 * to such a file is reported as not judged.
 */
export async function analyzeEditWithCommands(input: EditInput, options: EditOptions, ctx: CommandContext, analyzer: () => Promise<CommandAnalyzer | undefined>): Promise<EditVerdict> {
  if (!needsCommandJudge(input, options.maxBytes)) return analyzeEdit(input, options);
  let a: CommandAnalyzer | undefined;
  try {
    a = await analyzer();
  } catch {
    a = undefined;
  }
  if (!a) return analyzeEdit(input, { ...options, commandJudge: 'unavailable' });
  return withCommandJudge(a, ctx, (commandJudge) => analyzeEdit(input, { ...options, commandJudge }));
}

/**
 * A judge for the edit engine used synchronously, without a retry: for a caller that keeps an
 * analyzer with every grammar loaded (the editor). Code whose grammar is missing is reported as
 * not read.
 */
export function commandJudge(analyzer: CommandAnalyzer, ctx: CommandContext): CommandJudge {
  return judgeFor(analyzer, ctx).judge;
}
