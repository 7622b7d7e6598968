/**
 * Builds the content a file will have after an agent's edit tool runs, so the edit engine can
 * judge the change before it is written.
 *
 * The agents' edit tools replace exact strings: the first occurrence (the tools refuse an
 * ambiguous match, so "first" is what would happen when they do not), or every occurrence when
 * asked (`replace_all`). Edits apply in order, each to the result of the previous one, as
 * Claude Code's MultiEdit does. An old string that is not in the file means the tool call will
 * fail or do something we cannot predict: we cannot judge it, and the caller asks.
 */
import type { StringEdit } from './types';

export type AfterContent = { content: string } | { error: string };

/**
 * `current` is the file as it is on disk, or `null` when it does not exist. A missing file with a
 * single edit whose old string is empty is a file creation (Claude Code's Edit allows that).
 */
export function buildAfterContent(current: string | null, edits: readonly StringEdit[]): AfterContent {
  if (current === null) {
    if (edits.length === 1 && edits[0]!.oldString === '') return { content: edits[0]!.newString };
    return { error: 'the file does not exist yet, so the replacement has nothing to apply to' };
  }
  let text = current;
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i]!;
    const which = edits.length > 1 ? `replacement ${i + 1} of ${edits.length}` : 'the replacement';
    if (e.oldString === '') {
      if (text === '') {
        text = e.newString;
        continue;
      }
      return { error: `${which} has an empty old string for a file that is not empty` };
    }
    const at = text.indexOf(e.oldString);
    if (at < 0) return { error: `the text to replace in ${which} is not in the file as it is now` };
    if (e.replaceAll) {
      // split/join, not String.replace: a replacement string must not expand `$&` or `$1`.
      text = text.split(e.oldString).join(e.newString);
    } else {
      text = text.slice(0, at) + e.newString + text.slice(at + e.oldString.length);
    }
  }
  return { content: text };
}

/**
 * Reads the `*** Begin Patch` format used by Codex's and VS Code's `apply_patch` tools into file
 * changes. Each hunk becomes one exact replacement: its context and removed lines (old) by its
 * context and added lines (new). Returns an error for text that is not such a patch.
 */
export function parseApplyPatch(patch: string): { changes: PatchChange[] } | { error: string } {
  const lines = patch.replace(/\r\n/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (lines[i]?.trim() !== '*** Begin Patch') return { error: 'the patch does not start with "*** Begin Patch"' };
  i++;
  const changes: PatchChange[] = [];
  let ended = false;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '*** End Patch') {
      ended = true;
      break;
    }
    const add = /^\*\*\* Add File: (.+)$/.exec(line);
    const del = /^\*\*\* Delete File: (.+)$/.exec(line);
    const upd = /^\*\*\* Update File: (.+)$/.exec(line);
    if (add) {
      i++;
      const body: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('+')) body.push(lines[i++]!.slice(1));
      changes.push({ op: 'write', path: add[1]!.trim(), content: body.length ? `${body.join('\n')}\n` : '' });
    } else if (del) {
      i++;
      changes.push({ op: 'delete', path: del[1]!.trim() });
    } else if (upd) {
      i++;
      const path = upd[1]!.trim();
      let moveTo: string | undefined;
      const mv = /^\*\*\* Move to: (.+)$/.exec(lines[i] ?? '');
      if (mv) {
        moveTo = mv[1]!.trim();
        i++;
      }
      const edits: PatchEdit[] = [];
      let oldLines: string[] = [];
      let newLines: string[] = [];
      let touched = false;
      const flush = (): void => {
        if (touched) edits.push({ oldString: oldLines.join('\n'), newString: newLines.join('\n') });
        oldLines = [];
        newLines = [];
        touched = false;
      };
      while (i < lines.length && !lines[i]!.startsWith('*** ')) {
        const l = lines[i]!;
        if (l.startsWith('@@')) flush();
        else if (l.startsWith('-')) {
          oldLines.push(l.slice(1));
          touched = true;
        } else if (l.startsWith('+')) {
          newLines.push(l.slice(1));
          touched = true;
        } else {
          const ctx = l.startsWith(' ') ? l.slice(1) : l;
          oldLines.push(ctx);
          newLines.push(ctx);
        }
        i++;
      }
      if (lines[i]?.trim() === '*** End of File') i++;
      flush();
      changes.push(moveTo === undefined ? { op: 'edit', path, edits } : { op: 'edit', path, edits, moveTo });
    } else if (line.trim() === '' || line.trim() === '*** End of File') {
      i++;
    } else {
      return { error: `unexpected line in the patch: ${JSON.stringify(line.slice(0, 80))}` };
    }
  }
  if (!ended) return { error: 'the patch does not end with "*** End Patch"' };
  return { changes };
}

type PatchEdit = StringEdit;
export type PatchChange =
  | { op: 'write'; path: string; content: string }
  | { op: 'edit'; path: string; edits: PatchEdit[]; moveTo?: string }
  | { op: 'delete'; path: string };
