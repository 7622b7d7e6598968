/**
 * What reading interpreter code found: the effects a guard judges. Shell commands the code starts,
 * paths it deletes or overwrites, files it moves or copies, calls made through names only known
 * at run time, library calls that destroy data elsewhere, and code held in strings.
 */
import type { CodeSpan } from './ir';
import type { Val } from './values';

/** Languages whose code is read (the grammar-backed ones and the tokenized ones). */
export type CodeLanguage = 'python' | 'javascript' | 'typescript' | 'ruby' | 'php' | 'perl' | 'lua' | 'awk' | 'r' | 'applescript' | 'sed';

export type CodeEffect =
  /** Starts a command: `command` is shell text (unknown parts as `${__name}`), undefined when nothing of it is known. */
  | { kind: 'run'; call: string; at: CodeSpan; command?: string; exact?: CodeSpan }
  | { kind: 'delete'; call: string; at: CodeSpan; recursive: boolean; path: Val }
  /** Empties or replaces a file (`open(p, 'w')`, `writeFileSync`, `file_put_contents`). */
  | { kind: 'overwrite'; call: string; at: CodeSpan; path: Val }
  | { kind: 'move' | 'copy'; call: string; at: CodeSpan; from: Val; to: Val }
  /** A call whose function or target is only known at run time (`fs[name](…)`, `eval(s)`). */
  | { kind: 'dynamic'; call: string; at: CodeSpan; why: string }
  /** A library call that destroys data somewhere else (a Redis flush, every object of a bucket). */
  | { kind: 'client'; call: string; at: CodeSpan; what: string; severity: 'medium' | 'high'; names: string[] }
  /** Code of the same language given as a string (`eval('…')`, `exec('…')`): read in turn. */
  | { kind: 'code'; call: string; at: CodeSpan; code: string; exact?: CodeSpan };

