/**
 * "Always Allow": the allow entries a person's answer writes to their user settings
 * (`blastRadius.policy.allow`), and the words that say exactly what they allow. Editor-free; the
 * extension writes them.
 *
 * Each entry matches one simple command a finding points at, exactly: its program and exactly
 * its arguments, in order (`argsRegex` anchored at both ends), so `npm publish --dry-run` never
 * lets `npm publish --dry-run=false` or `npm publish` through. When that cannot be said exactly
 * (a dynamic word, an empty argument, an argument with spaces, a command inside a wrapper) no
 * entry is offered.
 */
import type { CommandPatternObject } from '../policy/schema';
import type { CommandVerdict } from '../command/rule';
import type { ParsedLine } from '../shell/model';

/** The setting "Always Allow" writes to (user settings only: a workspace cannot allow). */
export const ALWAYS_ALLOW_SETTING = 'blastRadius.policy.allow';

export interface AlwaysAllowEntries {
  entries: CommandPatternObject[];
  /** Each allowed command as a person reads it: `npm publish --dry-run`. */
  commands: string[];
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The entries that would let exactly the risky commands of `parsed` through from now on, or
 * undefined when they cannot be written exactly. `where` and `date` go into each entry's reason.
 */
export function alwaysAllowEntries(parsed: ParsedLine, verdict: CommandVerdict, where: string, date: string): AlwaysAllowEntries | undefined {
  const hit = parsed.commands.filter((c) => verdict.findings.some((f) => f.span[0] < c.span[1] && c.span[0] < f.span[1]));
  if (hit.length === 0) return undefined;
  const out: AlwaysAllowEntries = { entries: [], commands: [] };
  for (const c of hit) {
    if (c.via.length > 0 || !c.program || c.dynamicName || c.program.includes('*')) return undefined;
    if (c.args.some((a) => a.dynamic || a.text.length === 0 || /\s/.test(a.text))) return undefined;
    const args = c.args.map((a) => a.text).join(' ');
    const entry: CommandPatternObject = {
      command: c.program,
      argsRegex: `^${escapeRegex(args)}$`,
      reason: `Always allowed from a Blast Radius confirmation on ${date} (in ${where})`,
    };
    out.entries.push(entry);
    out.commands.push(args ? `${c.program} ${args}` : c.program);
  }
  return out;
}
