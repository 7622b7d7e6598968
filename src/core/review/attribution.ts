/**
 * Attribution: did a change come from the person typing in the focused editor, or is it "likely
 * agent"? Agents change files in ways a person at the keyboard does not: they write files on disk
 * behind the editor, edit documents nobody is looking at, change several files at once, and
 * replace whole blocks in one step.
 *
 * The extension records a few cheap facts about each change event (no text is copied on the
 * typing path); `attribute` turns the facts gathered for one file since its last analysis into a
 * verdict with reasons. Pure and editor-free.
 */

/** Facts about one document change event (`onDidChangeTextDocument`). */
export interface DocumentChangeFacts {
  source: 'document';
  /** Milliseconds (any monotonic clock shared by all facts). */
  at: number;
  /** The event was an undo or a redo. */
  undoRedo: boolean;
  /** The document is shown in some editor. */
  visible: boolean;
  /** The document is the one in the active (focused) text editor. */
  active: boolean;
  /** Number of separate changes in the event. */
  changes: number;
  /** Characters inserted, summed over the changes. */
  insertedChars: number;
  /** Characters replaced or deleted, summed over the changes. */
  removedChars: number;
  /** Lines spanned by replaced or deleted ranges (a range within one line counts 1), summed. */
  removedLines: number;
  /** Line breaks in the inserted text, summed (may be capped for huge inserts). */
  insertedLines: number;
}

/** Facts about one file system event (a watcher `create`, `change` or `delete`). */
export interface DiskChangeFacts {
  source: 'disk';
  at: number;
  kind: 'create' | 'change' | 'delete';
  /** The editor saved this file within the save window before the event. */
  savedByEditor: boolean;
  /** The file is open in the editor with unsaved changes at the time of the event. */
  dirty: boolean;
}

export type ChangeFacts = DocumentChangeFacts | DiskChangeFacts;

export interface AttributionOptions {
  /** Document changes to two or more files within this many ms "arrive together". Default 50. */
  togetherMs?: number;
  /** A replacement of at least this many lines in one step is large. Default 5. */
  largeLines?: number;
  /** Inserting or removing at least this many characters in one step is large. Default 4000. */
  largeChars?: number;
}

export interface Attribution {
  agent: boolean;
  /** Why, one short phrase per reason; the first is the main one. */
  reasons: string[];
}

const DEFAULTS: Required<AttributionOptions> = { togetherMs: 50, largeLines: 5, largeChars: 4000 };

/** A change that is what typing produces: one small edit (a character, a word, an auto-indent). */
export function isKeystrokeSized(f: DocumentChangeFacts): boolean {
  return f.changes === 1 && f.insertedChars <= 16 && f.removedChars <= 64 && f.removedLines <= 2 && f.insertedLines <= 1;
}

/** A large single-step replacement: many lines replaced at once, or a very large insert or delete. */
export function isLargeReplacement(f: DocumentChangeFacts, options: AttributionOptions = {}): boolean {
  const o = { ...DEFAULTS, ...options };
  if (f.insertedChars + f.removedChars >= o.largeChars) return true;
  return f.removedChars > 0 && f.insertedChars > 0 && Math.max(f.removedLines, f.insertedLines) >= o.largeLines;
}

/**
 * Judges one document change event. `otherFilesTogether` is how many other files had document
 * changes within the "together" window of this one.
 */
export function attributeDocumentChange(
  f: DocumentChangeFacts,
  otherFilesTogether: number,
  options: AttributionOptions = {},
): Attribution {
  if (f.undoRedo) return { agent: false, reasons: ['undo or redo in the editor'] };
  if (!f.visible) return { agent: true, reasons: ['edited while not shown in any editor'] };
  if (!f.active) return { agent: true, reasons: ['edited in an editor that does not have focus'] };
  if (otherFilesTogether > 0 && !isKeystrokeSized(f)) {
    return { agent: true, reasons: [`changed together with ${otherFilesTogether} other file${otherFilesTogether === 1 ? '' : 's'}`] };
  }
  if (isLargeReplacement(f, options)) {
    const lines = Math.max(f.removedLines, f.insertedLines);
    return { agent: true, reasons: [`replaced ${lines} line${lines === 1 ? '' : 's'} in one step`] };
  }
  return { agent: false, reasons: ['typed in the focused editor'] };
}

/** Judges one file system event. */
export function attributeDiskChange(f: DiskChangeFacts): Attribution {
  if (f.savedByEditor) return { agent: false, reasons: ['saved from the editor'] };
  const verb = f.kind === 'create' ? 'created' : f.kind === 'delete' ? 'deleted' : 'written';
  if (f.dirty) return { agent: true, reasons: [`${verb} on disk while the editor held unsaved changes`] };
  return { agent: true, reasons: [`${verb} on disk outside the editor`] };
}

/**
 * Judges everything recorded for one file since its last analysis. The file counts as agent-made
 * when any event does; `together(f)` tells for a document event how many other files changed
 * with it.
 */
export function attribute(
  facts: readonly ChangeFacts[],
  together: (f: DocumentChangeFacts) => number,
  options: AttributionOptions = {},
): Attribution {
  const agentReasons: string[] = [];
  const personReasons: string[] = [];
  for (const f of facts) {
    const a = f.source === 'document' ? attributeDocumentChange(f, together(f), options) : attributeDiskChange(f);
    const into = a.agent ? agentReasons : personReasons;
    for (const r of a.reasons) if (!into.includes(r)) into.push(r);
  }
  if (agentReasons.length > 0) return { agent: true, reasons: agentReasons };
  return { agent: false, reasons: personReasons.length > 0 ? personReasons : ['no change recorded'] };
}

/**
 * Counts, for each document event, the other files with document events within `windowMs`.
 * `events` is every recent document event of every file, in any order.
 */
export class TogetherIndex {
  private readonly events: Array<{ at: number; key: string }> = [];

  constructor(
    private readonly windowMs: number = DEFAULTS.togetherMs,
    private readonly keepMs: number = 10_000,
  ) {}

  /** O(1) amortised: called on the typing path. */
  add(key: string, at: number): void {
    this.events.push({ at, key });
    if (this.events.length > 4096) this.prune(at);
  }

  /** Other files with a document event within the window around `at`. */
  othersAround(key: string, at: number): number {
    const others = new Set<string>();
    for (const e of this.events) {
      if (e.key !== key && Math.abs(e.at - at) <= this.windowMs) others.add(e.key);
    }
    return others.size;
  }

  prune(now: number): void {
    let drop = 0;
    while (drop < this.events.length && now - this.events[drop]!.at > this.keepMs) drop++;
    if (drop > 0) this.events.splice(0, drop);
  }
}

/** Which changes are put up for review. */
export type ReviewMode = 'agent' | 'all';

/** Combines setting values so that a workspace may only tighten: any `all` wins. */
export function effectiveReviewMode(...values: ReadonlyArray<unknown>): ReviewMode {
  return values.some((v) => v === 'all') ? 'all' : 'agent';
}
