/** The `Edit` that rules receive: both sides, lazily split, diffed and cached. */
import { diffLineArrays, splitLines, type LineDiff } from './diff';
import type { ChangeKind, Edit, EditLine, FileInfo, Hunk } from './rule';
import type { CommandJudge, EditContext, Side } from './types';

function lineStarts(text: string): Int32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count);
  let k = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
  return starts;
}

export class EditImpl implements Edit {
  readonly change: ChangeKind;
  private readonly cache = new Map<string, unknown>();
  private linesBefore?: string[];
  private linesAfter?: string[];
  private startsBefore?: Int32Array;
  private startsAfter?: Int32Array;
  private diffResult?: LineDiff;

  constructor(
    readonly file: FileInfo,
    readonly before: string | null,
    readonly after: string | null,
    readonly context: EditContext,
    readonly judge?: CommandJudge | 'unavailable',
  ) {
    this.change = before === null ? 'created' : after === null ? 'deleted' : 'modified';
  }

  text(side: Side): string {
    return (side === 'after' ? this.after : this.before) ?? '';
  }

  lines(side: Side): readonly string[] {
    if (side === 'after') return (this.linesAfter ??= splitLines(this.after ?? ''));
    return (this.linesBefore ??= splitLines(this.before ?? ''));
  }

  private diff(): LineDiff {
    return (this.diffResult ??= diffLineArrays(this.lines('before'), this.lines('after')));
  }

  hunks(): readonly Hunk[] {
    return this.diff().hunks;
  }

  added(): readonly EditLine[] {
    return this.diff().added;
  }

  removed(): readonly EditLine[] {
    return this.diff().removed;
  }

  isAdded(line: number): boolean {
    const d = this.diff();
    return line >= 1 && line <= d.beforeOf.length && d.beforeOf[line - 1] === 0;
  }

  isRemoved(line: number): boolean {
    const d = this.diff();
    return line >= 1 && line <= d.afterOf.length && d.afterOf[line - 1] === 0;
  }

  afterLineOf(beforeLine: number): number | undefined {
    const v = this.diff().afterOf[beforeLine - 1];
    return v === undefined || v === 0 ? undefined : v;
  }

  beforeLineOf(afterLine: number): number | undefined {
    const v = this.diff().beforeOf[afterLine - 1];
    return v === undefined || v === 0 ? undefined : v;
  }

  private starts(side: Side): Int32Array {
    if (side === 'after') return (this.startsAfter ??= lineStarts(this.after ?? ''));
    return (this.startsBefore ??= lineStarts(this.before ?? ''));
  }

  lineAt(side: Side, offset: number): number {
    const s = this.starts(side);
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  offsetOf(side: Side, line: number): number {
    const s = this.starts(side);
    if (line < 1) return 0;
    if (line > s.length) return this.text(side).length;
    return s[line - 1]!;
  }

  memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = compute();
    this.cache.set(key, v);
    return v;
  }
}
