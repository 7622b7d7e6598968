/**
 * Variable expansion of a word as far as the context allows: the command's own assignments,
 * assignments earlier in the line, the caller's environment, `$HOME` and `$PWD`.
 */
import type { Expansion, Word } from '../shell/model';
import { systemFolder } from '../shell/normalise';
import type { RuleContext } from './rule';

export interface ExpandedWord {
  /** The text with every expansion we could resolve substituted. */
  text: string;
  /** Expansions we could not resolve (unset variables, command substitutions). */
  unresolved: Expansion[];
  /** An unresolved expansion at the very start of the word, followed by `/`: empty → absolute path. */
  leadingEmpty?: { expansion: Expansion; rest: string };
}

function varValue(name: string, rc: RuleContext, windows = false): string | undefined {
  const v = rc.env(name);
  if (v !== undefined) return v;
  if (name === 'HOME') return rc.context.home;
  if (name === 'PWD') return rc.context.cwd;
  if (windows) return windowsDefault(name, rc);
  return undefined;
}

/**
 * Windows variables (`%USERPROFILE%`, `$env:SystemRoot`) whose value is known without the
 * environment: names compare case-insensitively there.
 */
function windowsDefault(name: string, rc: RuleContext): string | undefined {
  const folder = systemFolder(name);
  if (folder !== undefined) return folder;
  switch (name.toLowerCase()) {
    case 'userprofile':
    case 'home':
      return rc.context.home;
    case 'allusersprofile':
      return 'C:\\ProgramData';
    case 'appdata':
      return rc.context.home ? `${rc.context.home}/AppData/Roaming` : undefined;
    case 'localappdata':
      return rc.context.home ? `${rc.context.home}/AppData/Local` : undefined;
    default:
      return undefined;
  }
}

/** A cmd.exe (`%NAME%`, `!NAME!`) or PowerShell (`$env:NAME`) variable. */
function isWindowsVariable(raw: string): boolean {
  return raw.startsWith('%') || raw.startsWith('!') || /^\$env:/i.test(raw);
}

/** Substitutes variables whose values the context knows (the command's assignments, the line, the environment). */
export function expandWord(w: Word, rc: RuleContext): ExpandedWord {
  if (!w.dynamic || w.expansions.length === 0) return { text: w.text, unresolved: [] };
  let text = '';
  let pos = 0;
  const src = w.text;
  const unresolved: Expansion[] = [];
  let leading: Expansion | undefined;
  let leadingEnd = -1;
  for (const e of w.expansions) {
    const at = src.indexOf(e.raw, pos);
    if (at < 0) {
      unresolved.push(e);
      continue;
    }
    text += src.slice(pos, at);
    let value: string | undefined;
    if (e.kind === 'variable' && e.name && !e.hasDefault) value = varValue(e.name, rc, isWindowsVariable(e.raw));
    if (value !== undefined && value.includes('mktemp')) value = '/tmp/tmp.XXXXXXXX';
    if (value !== undefined && !value.includes('$') && !value.includes('`')) {
      text += value;
    } else {
      unresolved.push(e);
      if (at === 0 && !e.hasDefault) {
        leading = e;
        leadingEnd = e.raw.length;
      }
      text += e.raw;
    }
    pos = at + e.raw.length;
  }
  text += src.slice(pos);
  const out: ExpandedWord = { text, unresolved };
  if (leading && src.charCodeAt(leadingEnd) === 47 /* / */) out.leadingEmpty = { expansion: leading, rest: src.slice(leadingEnd) };
  return out;
}

/** The name to show for an expansion: `$DIR`, `$(pwd)`. */
export function expansionLabel(e: Expansion): string {
  return e.kind === 'variable' && e.name ? `$${e.name}` : e.raw;
}
