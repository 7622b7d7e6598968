/**
 * Effects of code as shell lines: the command engine judges code that deletes `/srv/data` the
 * way it judges `rm -rf /srv/data`, with the same path rules, messages and severities.
 *
 * - a command the code runs is that command;
 * - a recursive delete is `rm -rf -- PATH`, a file delete `rm -f -- PATH`;
 * - a write over a file is `: > PATH` (judged like a shell redirection that empties it);
 * - a move is `mv -- FROM TO`, a copy `cp -- FROM TO`.
 *
 * Paths with parts only known when the code runs have no shell form: the interpreter rules judge
 * those deletes on their own (a write or a copy to a run-time path is ordinary code).
 */
import type { CodeEffect } from './effects';
import { hasUnknown, shellWord } from './values';

export function shellEquivalent(e: CodeEffect): string | undefined {
  switch (e.kind) {
    case 'run':
      return e.command;
    case 'delete':
      return hasUnknown(e.path) ? undefined : `rm -${e.recursive ? 'rf' : 'f'} -- ${shellWord(e.path)}`;
    case 'overwrite':
      return hasUnknown(e.path) ? undefined : `: > ${shellWord(e.path)}`;
    case 'move':
    case 'copy':
      return hasUnknown(e.from) || hasUnknown(e.to) ? undefined : `${e.kind === 'move' ? 'mv' : 'cp'} -- ${shellWord(e.from)} ${shellWord(e.to)}`;
    default:
      return undefined;
  }
}

/** Effects that have no shell form and are judged by the interpreter rules. */
export function judgedOnItsOwn(e: CodeEffect): boolean {
  switch (e.kind) {
    case 'delete':
      return hasUnknown(e.path);
    case 'dynamic':
    case 'client':
      return true;
    default:
      return false;
  }
}
