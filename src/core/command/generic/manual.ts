/**
 * What an installed tool's own manual says its options and subcommands do.
 *
 * The generic reading knows verbs (`--erase-metadata`, `delete`), not what a tool means by a
 * letter (`dmraid -E`, `burp -a D`, `arptables -F`) or by a word of its own (`racresetcfg`). Its
 * manual does: "-E, --erase-metadata  Erase metadata on all disks". When nothing else in the
 * command names an action, the manual page of the program (sections 8 and 1, where `man` looks
 * for commands) is read from disk, its option and subcommand entries are taken out of the roff
 * source (man(7), mdoc(7), the pages pod2man and DocBook write), and the first sentence of the
 * entry for each word the command uses is read for its leading verb ("Erase", "Removes",
 * "Causes the server to drop …", "Shortcut for --delete --force"). That verb is judged as if the
 * command had spelled it, with the generic layer's weights (reach, skipped prompt, production
 * targets), and the finding quotes the manual.
 *
 * Safety: a manual only ever adds a finding; a page that is missing, too large, unreadable or
 * says nothing keeps the command's judgement as it was. So an agent that writes a page, or points
 * MANPATH elsewhere, can at most make the check stricter. One exception, for pages the system
 * installed (root's, writable by no one else, and where `man` looks by default when the engine
 * itself runs as root): an option such a page calls a rehearsal (`cupt -s`, `modprobe -n`) keeps
 * the verbs of that command quiet (rehearsedByPage). Only regular files are opened, without
 * blocking (../../safeRead.ts), at most 1 MB compressed and 4 MB of text.
 *
 * Cost: a look-up happens only for a command the rest of the engine found nothing in and that no
 * pack owns. Pages are found with a few `stat` calls (MANPATH, else /usr/local/share/man,
 * /usr/local/man, /usr/share/man) and kept per program (least recently used out), with what was
 * not found, for at most 30 seconds, so a tool installed meanwhile is seen.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { SimpleCommand, Word } from '../../shell/model';
import { readRegularFile } from '../../safeRead';
import { Lru } from '../fileCache';
import type { RuleContext } from '../rule';
import type { OptionHit } from './options';
import { completionRoots, readCompletions } from './completions';
import { rankOf, verbOfToken, type Verb } from './verbs';
import { DATA_FILE } from './reader';

/** One option or subcommand the manual describes. */
export interface ManualEntry {
  /** The first sentence of what the manual says it does. */
  says: string;
  /** The entry's tag names a value after it (`-t, --type TYPE`, `--lock=mode`). */
  takesValue: boolean;
  /** Where it is said, when not the manual's own page (a completion file). */
  page?: string;
  /** The first paragraph of the entry (up to 600 characters), where the page has one. */
  paragraph?: string;
}

export interface Manual {
  /** How a person names the page: `dmraid(8)`. */
  page: string;
  /**
   * What the page says of an option (`-E`, `--erase-metadata`) or a subcommand word (`delent`,
   * lower case); `words` are the command's subcommand words, for a source that describes an
   * option per subcommand.
   */
  entry(name: string, words?: readonly string[]): ManualEntry | undefined;
  /** What the page's NAME line says the program does (`btrfs-select-super - overwrite primary superblock …`). */
  summary?(): string | undefined;
  /** The sentence of the page's NAME or DESCRIPTION that says the program rewrites the files it is given, by default (`By default jpegoptim modifies the input files`). */
  rewritesInPlace?(): string | undefined;
}

/**
 * What may stand before a name on the line that describes it: requests and macros (`.TP`, `.BR`,
 * `.It Fl`), font changes, quotes, other options and their value names (`-F format, --format`).
 * A word of prose or of an example (`Use`, `$ pg_dump`) means the name is only mentioned there.
 */
function tagPrefix(prefix: string, program = ''): boolean {
  if (prefix.length === 0) return true;
  if (prefix.length > 80) return false;
  const plain = roffEscapes(prefix).replace(/["',=[\]{}|]/g, ' ');
  let afterOption = false;
  let first = true;
  for (const t of plain.split(/\s+/)) {
    if (t === '') continue;
    // (A usage line that names the program first, then the subcommand: `\fBtcamgr out \fR[…]`.)
    const ok = t.startsWith('.') || t.startsWith('-') || /^\d+$/.test(t) || t === 'Fl' || t === 'Ar' || t === 'Op' || afterOption || (first && program !== '' && t === program);
    if (!ok) return false;
    afterOption = t.startsWith('-') || t === 'Fl';
    if (!t.startsWith('.')) first = false;
  }
  return true;
}
/** The most places an entry is looked for in one page. */
const MAX_WINDOWS = 4;
/** Lines of a page read around a place that names an option: the tag's request before it, its description after. */
const BEFORE_LINES = 4;
const AFTER_CHARS = 1500;

/**
 * A page read only where it names what is asked for: the places where the option or word is
 * spelled (`\-E`, `\-\-erase\-metadata`, mdoc `Fl E`, `\fBdelent\fR`) outside the synopsis, each
 * with a few lines before it and a screenful after it, parsed as a page of its own. A command
 * asks about one to three words, so a 40 KB page costs a few searches, not a full parse.
 *
 * The places are found by plain string search for each way the page may spell the name, not
 * with an expression made for that name: the regular-expression engine would compile, and then
 * interpret, each new one on the first line that asks.
 */
export class LazyManual implements Manual {
  private readonly known = new Map<string, ManualEntry | null>();
  private mdoc: boolean | undefined;
  private prose: string[] | undefined;
  private said: string | null | undefined;
  private inPlace: string | null | undefined;
  private actsWith: { option: string; section: string } | null | undefined;

  constructor(
    readonly page: string,
    private readonly source: string,
    private readonly program: string,
    /** Installed by the system (installedBySystem): only such a page may quiet what the engine found. */
    readonly system = false,
  ) {}

  summary(): string | undefined {
    if (this.said === undefined) this.said = summaryOf(this.source, this.program) ?? null;
    return this.said ?? undefined;
  }

  rewritesInPlace(): string | undefined {
    if (this.inPlace === undefined) this.inPlace = defaultInPlace(this.source, this.program) ?? null;
    return this.inPlace ?? undefined;
  }

  /**
   * The option the page says makes the program act, where it otherwise only rehearses (dsctl(8)
   * `--do-it`: "By default we do a dry run. This actually initiates the removal …"), with the
   * heading of the section that describes it (`OPTIONS 'dsctl remove'`).
   */
  actsOnlyWith(): { option: string; section: string } | undefined {
    if (this.actsWith === undefined) this.actsWith = this.findActOption() ?? null;
    return this.actsWith ?? undefined;
  }

  private findActOption(): { option: string; section: string } | undefined {
    const src = this.source;
    const m = DRY_BY_DEFAULT.exec(src);
    if (!m) return undefined;
    // The entry it is said in: an option named just before it whose own text says it.
    const before = src.slice(Math.max(0, m.index - 400), m.index);
    const names = [...before.matchAll(/(?:\\-|-){1,2}[A-Za-z0-9][\w]*(?:(?:\\-|-)\w+)*/g)].map((x) => x[0].replace(/\\-/g, '-')).reverse();
    const option = names.find((n) => {
      const e = this.entry(n);
      return e !== undefined && DRY_BY_DEFAULT.test(`${e.says} ${e.paragraph ?? ''}`);
    });
    if (!option) return undefined;
    const heads = [...src.slice(0, m.index).matchAll(/^\.S[HS]\s+(.+)$/gm)];
    return { option, section: (heads.pop()?.[1] ?? '').replace(/["\\]/g, '').toLowerCase() };
  }

  /** Forgets what was read (the warm-up reads the same page again). */
  forget(): void {
    this.known.clear();
    this.prose = undefined;
    this.said = undefined;
    this.inPlace = undefined;
    this.actsWith = undefined;
  }

  entry(name: string): ManualEntry | undefined {
    const got = this.known.get(name);
    if (got !== undefined) return got ?? undefined;
    let found: ManualEntry | undefined;
    for (const at of this.placesOf(name)) {
      let start = this.source.lastIndexOf('\n', at);
      for (let k = 0; k < BEFORE_LINES && start > 0; k++) start = this.source.lastIndexOf('\n', start - 1);
      const window = this.source.slice(Math.max(0, start + 1), at + AFTER_CHARS);
      const entries = parseManual(`.SH OPTIONS\n${window}`, this.program);
      found = entries.get(name);
      // Kept for later questions, but the window's last entry only when the page ends there or
      // it is the one asked for (a window may cut it short).
      // (The names of one entry share its description: `-f, --force`.)
      const last = at + AFTER_CHARS < this.source.length ? [...entries.values()].pop()?.says : undefined;
      for (const [k, v] of entries) if ((v.says !== last || v.says === found?.says) && !this.known.has(k)) this.known.set(k, v);
      if (found) break;
    }
    found ??= this.proseEntry(name);
    if (!this.known.has(name) || !found) this.known.set(name, found ?? null);
    return found;
  }

  /**
   * An option the page describes in its running text rather than in a list: "The third form of
   * the command (-x) deletes the printer or class destination" (lpadmin(8)), "The -r option
   * removes …", "With option -k, it keeps …". What follows the option's name is its description.
   */
  private proseEntry(name: string): ManualEntry | undefined {
    if (!name.startsWith('-') || name.length < 2) return undefined;
    this.prose ??= proseSentences(this.source, this.program);
    for (const sentence of this.prose) {
      for (let at: number = sentence.indexOf(name); at >= 0; at = sentence.indexOf(name, at + 1)) {
        const end = at + name.length;
        if ((at > 0 && /[\w-]/.test(sentence[at - 1]!)) || (end < sentence.length && /[\w-]/.test(sentence[end]!))) continue;
        const before = sentence.slice(0, at);
        const after = sentence.slice(end);
        let rest: string | undefined;
        if (/\(\s*$/.test(before) && /^\s*\)/.test(after)) rest = after.replace(/^\s*\)/, '');
        else if (/^\s+(?:\(or\s[^)]*\)\s+)?option\b/i.test(after)) rest = after.replace(/^\s+(?:\(or\s[^)]*\)\s+)?option\b/i, '');
        else if (/\boption\s+$/i.test(before)) rest = after;
        if (rest === undefined) continue;
        rest = rest.replace(/^\s*,?\s*/, '');
        // (Its own action: a verb right after the name, not the rest of a clause about it.)
        if (!/^[a-z]+s?\b/.test(rest) || /^(?:is|are|was|be|can|may|must|should|will|would|has|have|and|or|but|if|to|with|the|a|an|of|in|on|for|option|options|flag)\b/.test(rest)) continue;
        const says = `${rest[0]!.toUpperCase()}${rest.slice(1)}`;
        // (Only its own sentence: the next may be about another form of the command.)
        return { says: firstSentence(says), takesValue: false, paragraph: says.slice(0, 600) };
      }
    }
    return undefined;
  }

  /**
   * Where a line could describe `name`: the places it is spelled (`-` as `-` or `\-`, an option
   * also as mdoc's `Fl name`), standing alone (not glued to a longer word, but maybe right after
   * a font change), at a tag's place on its line (tagPrefix) and outside the synopsis. When there
   * are more than MAX_WINDOWS, a line that ends with the tag (`\-\-squash`, `\fB\-f\fR
   * \fIfile\fR`) comes before one where prose goes on after the name (`\fI\-\-squash\fR,
   * import only …`) or an example's indented line.
   */
  private placesOf(name: string): readonly number[] {
    const src = this.source;
    const found = new Set<number>();
    for (const spelling of spellingsOf(name, (this.mdoc ??= src.includes('Fl ')))) {
      for (let at = src.indexOf(spelling); at >= 0; at = src.indexOf(spelling, at + 1)) {
        const before = at > 0 ? src.charCodeAt(at - 1) : 10;
        // (`-u` inside `\-u` is found as `\-u`.)
        if (before === 92 && spelling.charCodeAt(0) === 45) continue;
        if (isWordOrDash(before) && !afterFontChange(src, at)) continue;
        const end = at + spelling.length;
        if (end < src.length && (isWordOrDash(src.charCodeAt(end)) || (src.charCodeAt(end) === 92 && src.charCodeAt(end + 1) === 45))) continue;
        if (found.has(at)) continue;
        // (The program's name before a subcommand, outside the examples: `tcamgr out [-sx] name key`.)
        const lineStart = src.lastIndexOf('\n', at) + 1;
        if (!tagPrefix(src.slice(lineStart, at), name.startsWith('-') || inExamples(src, at) ? '' : this.program)) continue;
        if (inSynopsis(src, at)) continue;
        found.add(at);
      }
    }
    const all = [...found].sort((a, b) => a - b);
    if (all.length <= MAX_WINDOWS) return all;
    const rank = (at: number): number => {
      const ls = src.lastIndexOf('\n', at) + 1;
      const le = src.indexOf('\n', at);
      return mentionAfter(src.slice(ls, at), src.slice(at, le < 0 ? undefined : le)) ? 1 : 0;
    };
    return all
      .map((at) => ({ at, r: rank(at) }))
      .sort((a, b) => a.r - b.r || a.at - b.at)
      .slice(0, MAX_WINDOWS)
      .map((p) => p.at);
  }
}

/**
 * The ways a page may spell `name` in its source: each `-` as `-` or `\-` (the leading dashes
 * and the rest each written one way), and an option as mdoc's `Fl name` on pages that use it.
 */
export function spellingsOf(name: string, mdoc: boolean): string[] {
  const dashes = /^-*/.exec(name)![0].length;
  const body = name.slice(dashes);
  const bodies = body.includes('-') ? [body, body.replace(/-/g, '\\-')] : [body];
  const leads = dashes === 0 ? [''] : dashes === 1 ? ['-', '\\-'] : dashes === 2 ? ['--', '\\-\\-', '\\--', '-\\-'] : ['-'.repeat(dashes), '\\-'.repeat(dashes)];
  const out: string[] = [];
  for (const l of leads) for (const b of bodies) out.push(l + b);
  // (After `Fl`, each argument gets its dash from the macro: `.It Fl p , -poweroff` is `-p, --poweroff`.)
  // (`Fl Fl force` is `--force` too.)
  if (mdoc && dashes > 0) for (const r of ['-'.repeat(dashes - 1), '\\-'.repeat(dashes - 1)]) for (const b of bodies) out.push(`Fl ${r}${b}`, ...(dashes > 1 ? [`${r}${b}`] : []));
  if (mdoc && dashes === 2) for (const b of bodies) out.push(`Fl Fl ${b}`);
  return out.filter((x, i, a) => x !== '' && a.indexOf(x) === i);
}

/** mdoc's macros that may stand in a tag (`.It Fl f Ar file`). */
const MDOC_IN_TAG = /^(?:Fl|Ar|Op|Oo|Oc|Ns|Pa|Cm|Li|Ic|Dq|Sq|Em|Sy|Xo|Xc)$/;

/**
 * The name at the start of `rest` is only mentioned: its line is an indented example, or prose
 * goes on after it (two plain words in a row), where a tag ends with value names (`\fIfile\fR`,
 * `[=(direct|inherit)]`, `FILE`). A line that is a request (`.IP "\fB\-o\fR \fIoutput\fR" 4`,
 * `.BI logdump " [-acsOS] …"`) is a tag.
 */
function mentionAfter(before: string, rest: string): boolean {
  if (before.startsWith('.')) return false;
  if (/^\s/.test(roffEscapes(before))) return true;
  let words = 0;
  for (const t of roffEscapes(rest).replace(/["',]/g, ' ').split(/\s+/).slice(1)) {
    if (/^[A-Za-z][a-z]+[.;:]?$/.test(t) && !MDOC_IN_TAG.test(t)) {
      if (++words === 2) return true;
    } else if (t !== '') words = 0;
  }
  return false;
}

function isWordOrDash(c: number): boolean {
  return c === 45 || c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A font change ends right before `at` (`\fB`, `\f(BI`, `\f[B]`). */
function afterFontChange(line: string, at: number): boolean {
  return /\\f(?:[A-Z1-4]|\(\w\w|\[\w*\])$/.test(line.slice(Math.max(0, at - 8), at));
}

/**
 * The description on a page's NAME line, after the dash (`i2cset \- set I2C registers`, mdoc's
 * `.Nd`), or undefined.
 */
export function summaryOf(source: string, program: string): string | undefined {
  const nd = /^\.Nd\s+(.+)$/m.exec(source);
  if (nd) return clean(roffEscapes(nd[1]!.replace(/^"|"$/g, ''))) || undefined;
  const head = /^\.S[Hh]\s+"?NAME"?\s*$/m.exec(source);
  if (!head) return undefined;
  const from = head.index + head[0].length;
  const next = /^\.S[HhSs]\s/m.exec(source.slice(from));
  const body = source.slice(from, next ? from + next.index : from + 2000);
  const text = events(body, program)
    .map((e) => (e.t === 'text' || e.t === 'tag' ? e.text : ''))
    .filter(Boolean)
    .join(' ');
  // (`rmadison \-\- Remotely query …`: Pod::Man writes two dashes.)
  const dash = / (?:--?|[–—]) /.exec(text);
  const says = dash ? text.slice(dash.index + 3).trim() : '';
  return says ? firstSentence(says) : undefined;
}

/** "in place", "in-place", "inplace". */
const IN_PLACE = /\bin[- ]?place\b/i;
/** "does not clean files in-place", "instead of … in place", "rather than in place". */
const NOT_IN_PLACE = /\b(?:not|never|instead|rather than|cannot|can't|won't|unless)\b[^.;]{0,50}\bin[- ]?place\b/i;
/**
 * A program that by default rewrites what it is given: "By default jpegoptim modifies the input
 * files", "Mogrify overwrites the original image file", "transform them in place".
 */
const REWRITES_INPUT = /\b(?:modif(?:y|ies)|overwrit(?:e|es)|replac(?:e|es)|rewrit(?:e|es)|transforms?|optimi[sz]es?|recompress(?:es)?)\s+(?:\w+\s+){0,3}?(?:input|original|given|specified|existing)\s+(?:\w+\s+){0,2}?files?\b|\b(?:modif(?:y|ies)|overwrit(?:e|es)|rewrit(?:e|es)|transforms?|edit(?:s|ing)?|changes?)\b[^.;]{0,40}\bin[- ]?place\b|\boverwrites the original\b/i;

/** The sentence of an entry that says the option makes the program rewrite its files in place ("Modify each GIF input in place"). */
export function inPlaceSentence(text: string): string | undefined {
  for (const sentence of text.split(/(?<=[.;!?])\s+/).slice(0, 3)) {
    if (IN_PLACE.test(sentence) && !NOT_IN_PLACE.test(sentence)) return sentence.replace(/[.;]$/, '');
  }
  return undefined;
}

/**
 * The text of the page's section headed by `title` (its first `max` characters, up to the next
 * heading that `end` matches), escapes resolved, or undefined when the page has none.
 */
function sectionText(source: string, program: string, title: string, max: number, end: RegExp): string | undefined {
  const head = new RegExp(`^\\.S[Hh]\\s+"?${title}"?\\s*$`, 'm').exec(source);
  if (!head) return undefined;
  const from = head.index + head[0].length;
  const next = end.exec(source.slice(from, from + max));
  const body = source.slice(from, next ? from + next.index : from + max);
  return clean(events(body, program).map((e) => (e.t === 'text' || e.t === 'tag' ? e.text : '')).filter(Boolean).join(' '));
}

/** The sentences of a page's DESCRIPTION (its first 8,000 characters, subsections too), escapes resolved. */
function proseSentences(source: string, program: string): string[] {
  return sectionText(source, program, 'DESCRIPTION', 8000, /^\.S[Hh]\s/m)?.split(/(?<=[.;!?])\s+/) ?? [];
}

/** The sentence of the NAME line or the first 4,000 characters of DESCRIPTION that says the program rewrites its input files by default. */
export function defaultInPlace(source: string, program: string): string | undefined {
  for (const title of ['NAME', 'DESCRIPTION']) {
    for (const sentence of sectionText(source, program, title, 4000, /^\.S[HhSs]\s/m)?.split(/(?<=[.;!?])\s+/) ?? []) {
      // (An option described in the running text, `--overwrite: overwrite target name with …`, is not the program's default.)
      if (/^-/.test(sentence)) continue;
      // (Nor what an option does — "To modify GIF files in place, use the --batch option" — or a copy.)
      if (/^to\b[^.]{0,80}\buse\b|\bcop(?:y|ies|ied|ying)\b/i.test(sentence)) continue;
      if (REWRITES_INPUT.test(sentence) && !NOT_IN_PLACE.test(sentence) && !/\b(?:not|never|unless|instead of|rather than)\b/i.test(sentence)) return sentence.replace(/[.;]$/, '');
    }
  }
  return undefined;
}

/** What a page says of a rehearsal option: "Don't really optimize files, just print results", "Perform a trial run", "Show what would be done". */
const REHEARSAL_SAYS = /^(?:do not|don't|does not)\s+(?:really|actually)\b|\beverything but actually\b|\bwithout (?:executing|running|doing|applying) it\b|\bprint(?:s)? (?:the action|what) (?:that )?would\b|\bjust (?:print|show|list|report)\b|\b(?:dry[- ]?run|trial run|no[- ]?action|simulate|simulation)\b|\bshow what would\b|\bwithout (?:actually|really)\b/i;

/** A word names data files: `photos/*.jpg`, `contract.pdf`, `"scans/*.tiff"`. */
export function namesDataFile(w: Word): boolean {
  return !w.dynamic && DATA_FILE.test(w.text.replace(/["']/g, ''));
}

/**
 * An option that sends the result elsewhere than the input: by its name (`-o out.png`,
 * `--dest=dir`, `--stdout`), unless the page says otherwise of it (jpegoptim's `-o` is
 * "Overwrite target file even if it exists": the originals are still rewritten).
 */
function writesElsewhere(w: Word, lookup: (name: string) => ManualEntry | undefined): boolean {
  if (w.dynamic || !ELSEWHERE.test(w.text)) return false;
  const says = lookup(w.text.replace(/=.*$/, ''))?.says;
  return says === undefined || OUTPUT_SAYS.test(says);
}
/** What a page says of an option that writes the result elsewhere. */
const OUTPUT_SAYS = /\b(?:output|destination|directory|folder|stdout|standard output|write[sn]?|sav(?:e|es|ing)|stor(?:e|es|ing)|suffix|extension|name)\b/i;
/** Options that send the result elsewhere than the input (`-o out.png`, `--dest=dir`, `--stdout`). */
const ELSEWHERE = /^(?:-o|-O|-d|-D|--?out(?:put)?(?:-?(?:file|dir|directory))?|--?outfile|--?outdir|--?dest(?:ination)?|--?target(?:-dir(?:ectory)?)?|--stdout|--to-stdout|-c|--suffix|--ext)(?:=|$)/;

/** The place is under the page's synopsis (the last section heading before it says so). */
function inSynopsis(source: string, at: number): boolean {
  return /SYNOPSIS|USAGE/i.test(headingOf(source, at));
}

/** `at` is in a page's examples. */
function inExamples(source: string, at: number): boolean {
  return /EXAMPLE/i.test(headingOf(source, at));
}

/** The heading of the section or subsection `at` is in ('' before the first). */
function headingOf(source: string, at: number): string {
  let h = source.lastIndexOf('\n.S', at);
  while (h >= 0 && !/^\n\.S[HhSs]\s/.test(source.slice(h, h + 5))) h = source.lastIndexOf('\n.S', h - 1);
  if (h < 0) return '';
  const end = source.indexOf('\n', h + 1);
  return source.slice(h, end < 0 ? undefined : end);
}

/** Where `man` looks when MANPATH is not set (Debian, Fedora, Arch, Homebrew, MacPorts). */
export const DEFAULT_MANPATH = ['/usr/local/share/man', '/usr/local/man', '/usr/share/man', '/opt/homebrew/share/man', '/opt/local/share/man'];
const SECTIONS = ['8', '1'];
const MAX_COMPRESSED = 1 << 20;
const MAX_TEXT = 4 << 20;
const KEEP_MS = 30_000;
/** How many programs' pages (or their absence) are kept, least recently used out. */
const KEPT_PAGES = 128;
/** How many programs' absence of a page is kept (a key each: cheap). */
const KEPT_ABSENT = 4096;
/** Program names a page may be looked up for (no paths, no shell or glob characters). */
const PROGRAM_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

// ---------------------------------------------------------------------------------------------
// Reading roff

/** Roff escapes resolved (fonts and sizes dropped, special characters spelled), line breaks kept. */
function roffEscapes(s: string, unpaddable = ' '): string {
  // (Every escape starts with a backslash; most lines of a page hold none.)
  if (!s.includes('\\')) return s;
  return s
    // (A font may be named by a string: `\f\*[B-Font]`, as AutoGen writes its pages.)
    .replace(/\\f(?:\[[^\]]*\]|\([A-Za-z0-9]{2}|\\\*\[[^\]]*\]|[A-Za-z0-9])/g, '')
    .replace(/\\s(?:\[[^\]]*\]|[-+]?\d+)/g, '')
    .replace(/\\\((?:aq|cq|oq|rs)|\\\[(?:aq|cq|oq)\]/g, "'")
    .replace(/\\\((?:dq|lq|rq|Lq|Rq)|\\\[(?:dq|lq|rq)\]|\\\*\((?:L"|R")|\\\*\[(?:L"|R")\]/g, '"')
    .replace(/\\\((?:em|en|hy|mi)|\\\[(?:em|en|hy|mi)\]/g, '-')
    .replace(/\\\*(?:\[[^\]]*\]|\(..|.)/g, '')
    .replace(/\\\(..|\\\[[^\]]*\]/g, ' ')
    .replace(/\\-/g, '-')
    .replace(/\\e/g, '\\')
    .replace(/\\[&|^%c:,/)]/g, '')
    .replace(/\\[ 0~]/g, unpaddable)
    .replace(/\\([^\n])/g, '$1');
}

const MANY_SPACES = /\s\s|[\t\r\n\f\v]/;
/** An unpaddable space (`\ `) while a page's macros are read: not a parting of their arguments. */
const UNPADDABLE = '\uE001';

/** A line of text after escapes were resolved: spaces collapsed. */
function clean(s: string): string {
  const t = s.includes('\uE000') || s.includes(UNPADDABLE) ? s.replace(/\uE000/g, '').replace(/\uE001/g, ' ') : s;
  return (MANY_SPACES.test(t) ? t.replace(/\s+/g, ' ') : t).trim();
}

/** A macro line's arguments, with double quotes grouping words. */
function macroArgs(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"]|"")*)"|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
  return out;
}

/** mdoc macros that only format what follows them (their name is not text). */
const MDOC_CALLS = new Set(['Ar', 'Cm', 'Ic', 'Pa', 'Li', 'Em', 'Sy', 'Dq', 'Qq', 'Sq', 'Pq', 'Op', 'Oo', 'Oc', 'Ns', 'No', 'Xr', 'Ql', 'Va', 'Ev', 'Ql', 'Brq', 'Aq', 'Bq', 'Dv', 'Er', 'Fa', 'Fn', 'Ft', 'Tn', 'Ux', 'Xo', 'Xc', 'Ek', 'Bk', 'Ta', 'Lk', 'Mt', 'Do', 'Dc', 'Qo', 'Qc', 'So', 'Sc', 'Po', 'Pc', 'Bo', 'Bc', 'Eo', 'Ec']);

/** The text of an mdoc line: `Fl r Ar file` → `-r file`; `Nm` is the program. */
function mdocText(args: readonly string[], program: string): string {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'Fl') {
      // Each argument up to the next macro gets a dash (`Fl p , -poweroff` is `-p, --poweroff`).
      let n = 0;
      for (let next = args[i + 1]; next !== undefined && !MDOC_CALLS.has(next) && next !== 'Fl' && next !== 'Nm'; next = args[i + 1]) {
        out.push(/^[,|.;:)(]$/.test(next) ? next : `-${clean(next)}`);
        if (!/^[,|.;:)(]$/.test(next)) n++;
        i++;
      }
      if (n === 0) out.push('-');
    } else if (a === 'Nm') out.push(program);
    else if (!MDOC_CALLS.has(a)) out.push(clean(a));
  }
  // (`Fl Fl force`: the first Fl's dash is glued to the next one's, `--force`.)
  return out.join(' ').replace(/(^|\s)- (?=-)/g, '$1-').replace(/ ([,.;:)])/g, '$1');
}

type Event = { t: 'tag' | 'text' | 'section'; text: string } | { t: 'break'; end?: true };

/** Font macros: their arguments are text (alternating ones join without spaces). */
const FONT_JOINED = new Set(['BR', 'RB', 'BI', 'IB', 'IR', 'RI']);
const FONT_SPACED = new Set(['B', 'I', 'SM', 'SB', 'R']);
/** Requests that end a paragraph. */
const BREAKS = new Set(['PP', 'P', 'LP', 'Pp', 'sp', 'RS', 'RE', 'br', 'nf', 'fi', 'HP', 'Bl', 'El', 'Bd', 'Ed', 'EX', 'EE', 'Vb', 'Ve', 'in', 'ti', 'Sp']);

/** The roff source as a flat list of tags, text, paragraph breaks and section headings. */
function events(source: string, program: string): Event[] {
  const out: Event[] = [];
  let pendingTag = false;
  let skipUntil: RegExp | undefined;
  // Escapes are resolved over the whole page at once (a few passes over the text, not a dozen per
  // line); a line that starts with `\&.` or `\&'` is text, so it is marked before the `\&` goes.
  // An unpaddable space (`\ `) does not part a macro's arguments: `.IP \fB\-e\fR,\ \fB\-\-erase\fR` is one tag.
  const page = roffEscapes(source.replace(/\\\n/g, '').replace(/\\".*$/gm, '').replace(/^\\&(?=[.'])/gm, '\uE000'), UNPADDABLE);
  for (const line of page.split('\n')) {
    if (skipUntil) {
      if (skipUntil.test(line)) skipUntil = undefined;
      continue;
    }
    if (line.startsWith('.') || line.startsWith("'")) {
      const m = /^[.'][ \t]*(\S+)\s*(.*)$/.exec(line);
      if (!m) continue;
      const name = m[1]!;
      const rest = m[2]!;
      if (name === 'de' || name === 'am' || name === 'ig') {
        skipUntil = /^\.\.\s*$/;
        continue;
      }
      if (name === 'TS') {
        skipUntil = /^\.TE\b/;
        continue;
      }
      if (name === 'TP' || name === 'TQ') {
        pendingTag = true;
        continue;
      }
      if (name === 'SH' || name === 'SS' || name === 'Sh' || name === 'Ss') {
        out.push({ t: 'section', text: clean(macroArgs(rest).join(' ')).toUpperCase() });
        pendingTag = false;
        continue;
      }
      if (name === 'IP') {
        const tag = clean(macroArgs(rest)[0] ?? '');
        out.push(tag && !/^(?:\W|\d+\.?|o)$/.test(tag) ? { t: 'tag', text: tag } : { t: 'break' });
        continue;
      }
      // groff's `.NOP`: the rest of the line is text (AutoGen's pages put their tags there).
      if (name === 'NOP') {
        const text = clean(rest);
        if (text) {
          out.push({ t: pendingTag ? 'tag' : 'text', text });
          pendingTag = false;
        }
        continue;
      }
      if (name === 'It') {
        out.push({ t: 'tag', text: mdocText(macroArgs(rest), program) });
        continue;
      }
      // (Before mdoc's calls: `.Pp`, `.El`, Pod::Man's `.Sp` and `.Vb` are breaks, not words. At
      // `.RE` and `.El` an indented list ends, and with it any of its items that had no text.)
      if (BREAKS.has(name)) {
        out.push(name === 'RE' || name === 'El' ? { t: 'break', end: true } : { t: 'break' });
        continue;
      }
      let text: string | undefined;
      if (FONT_JOINED.has(name)) text = clean(macroArgs(rest).join(''));
      else if (FONT_SPACED.has(name)) text = clean(macroArgs(rest).join(' '));
      else if (/^[A-Z][a-z]{1,2}$/.test(name) && name !== 'Nd') text = mdocText([name, ...macroArgs(rest)], program);
      else if (name === 'Nd') text = clean(rest);
      if (text !== undefined) {
        if (text) {
          out.push({ t: pendingTag ? 'tag' : 'text', text });
          pendingTag = false;
        }
        continue;
      }
      continue;
    }
    const text = clean(line);
    if (!text) {
      out.push({ t: 'break' });
      continue;
    }
    out.push({ t: pendingTag ? 'tag' : 'text', text });
    pendingTag = false;
  }
  return out;
}

const OPTION_TAG = /^-{1,2}[A-Za-z0-9?#@][\w.-]*/;
/** A line that only names options, as DocBook pages write them (`-a, --all`, `-t, --types list`). */
function looksLikeOptionTag(text: string): boolean {
  if (text.length > 90 || !text.startsWith('-')) return false;
  // (Commas inside brackets list a value's parts, not names: `-G, --groups GROUP1[,GROUP2,...]`.)
  let plain = text;
  for (let k = 0; k < 3 && /\[[^[\]]*\]/.test(plain); k++) plain = plain.replace(/\[[^[\]]*\]/g, '');
  return plain.split(/\s*,\s*|\s+\|\s+|\s+or\s+/).every((item) => OPTION_TAG.test(item) || /^<[^>]*>$|^\[[^\]]*\]$/.test(item));
}

/** A line that names a subcommand (`prune [-n] <name>`, `delent slot`), as DocBook pages write them. */
const WORD_TAG = /^[a-z][a-z0-9_-]*(?:,\s*[a-z][a-z0-9_-]*)*(?:\s+(?:[<[{(].*|[a-z_]+(?:\.\.\.)?|[A-Z_]+))*$/;
/** Words of prose, not of a usage line: a description in lower case (`delete source file if successful`) is not a subcommand's tag. */
const PROSE_WORDS = /\s(?:the|a|an|if|for|to|of|and|or|with|from|into|in|on|is|are|be|this|that|when|its|by|as|at)\s/;

/** A line that names a subcommand and its arguments, not a sentence in lower case. */
function wordTag(text: string): boolean {
  if (!WORD_TAG.test(text)) return false;
  // (What brackets hold is arguments; outside them, prose has function words: `put [-sx] name key value` is a tag.)
  const bare = text.replace(/<[^>]*>|\[[^\]]*\]|\{[^}]*\}|\([^)]*\)/g, ' ');
  return !PROSE_WORDS.test(` ${bare} `);
}

/** The names a tag gives and whether it takes a value. */
function tagNames(text: string): { names: string[]; takesValue: boolean } {
  const names: string[] = [];
  let takesValue = false;
  if (text.startsWith('-')) {
    for (const item of text.split(/\s*,\s*|\s+\|\s+|\s+or\s+|\|/)) {
      // (`-E --change-eeprom`, `-d --decompress --uncompress`: long spellings parted by a space
      // only; not `--auto -o complete-output`, where -o is an argument of the form.)
      let rest = item.trim();
      for (let m = OPTION_TAG.exec(rest); m; m = OPTION_TAG.exec(rest)) {
        names.push(m[0]);
        rest = rest.slice(m[0].length);
        if (!/^\s+--[A-Za-z]/.test(rest)) break;
        rest = rest.trimStart();
      }
      if (names.length > 0 && /^\s*[=[<]|^\s+\S/.test(rest)) takesValue = true;
    }
  } else {
    // `delete_entry, delent slot`: each name before the arguments.
    for (const item of text.split(/\s*,\s*/)) {
      const m = /^([A-Za-z][A-Za-z0-9_-]*)(?=$|[\s[<])/.exec(item);
      if (!m) break;
      names.push(m[1]!.toLowerCase());
    }
  }
  return { names, takesValue };
}

/**
 * The description a tag carries after its names and its value's placeholder, where a page writes
 * the whole entry as one tag (`-r <filename> dump EEPROM to file`, `-a, --address <n>: starting
 * address`): at least three words, the first not a placeholder in capitals. Used only when the
 * entry has no text of its own.
 */
function inlineDescription(tag: string): string | undefined {
  if (!tag.startsWith('-')) return undefined;
  const m = /^(?:-{1,2}[A-Za-z0-9?#@][\w.-]*(?:\s*,\s*|\s+))*?-{1,2}[A-Za-z0-9?#@][\w.-]*(?:[= ]?(?:<[^>]*>|\[[^\]]*\]|\{[^}]*\}))*(?:\s+[A-Z][A-Z_]+)?:?\s+([A-Za-z][a-z'-]*(?:\s+\S+){2,})$/.exec(tag.trim());
  // (Words, not a form's syntax: `-execdir command {} +`.)
  return m && (m[1]!.match(/\b[A-Za-z]{2,}\b/g) ?? []).length >= 3 ? m[1] : undefined;
}

/** The first sentence of a description. */
function firstSentence(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  // (It ends after its first 8 characters, and not inside a leading parenthesis: `(Keyword:
  // flush) POP3/IMAP only.`)
  const end = /[.;:!?](?=\s|$)/g;
  end.lastIndex = Math.max(8, t.startsWith('(') ? t.indexOf(')') + 1 : 0);
  let m = end.exec(t);
  // (Nor inside an aside: `starting address (default: 0)`.)
  while (m && (t.slice(0, m.index).match(/\(/g)?.length ?? 0) > (t.slice(0, m.index).match(/\)/g)?.length ?? 0) && t.indexOf(')', m.index) > 0) m = end.exec(t);
  const s = (m ? t.slice(0, m.index + 1) : t).replace(/[.;:]$/, '');
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

/** The options and subcommands a roff page describes, each with the first sentence of its description. */
export function parseManual(source: string, program: string): Map<string, ManualEntry> {
  const ev = events(source, program);
  const entries = new Map<string, ManualEntry>();
  let names: string[] = [];
  let takesValue = false;
  let desc: string[] = [];
  let tail: string[] = [];
  let closed = false;
  let open = false;
  /** What a tag says after its names and value, when the page puts the description there (`.IP "-r <filename> dump EEPROM to file"`). */
  let inline: string | undefined;
  const flush = (): void => {
    if (open && desc.length === 0 && inline) desc.push(inline);
    if (open && names.length > 0 && desc.length > 0) {
      let joined = desc[0]!;
      for (let k = 1; k < desc.length && joined.length < 600; k++) joined += ` ${desc[k]!}`;
      const says = firstSentence(joined.length > 400 ? joined.slice(0, 400) : joined);
      // (The paragraphs after the first, up to the next entry, for what the entry goes on to say.)
      const paragraph = (tail.length > 0 && joined.length < 600 ? `${joined} ${tail.join(' ')}` : joined).slice(0, 600).replace(/\s+/g, ' ');
      for (const n of names) if (!entries.has(n)) entries.set(n, { says, takesValue, paragraph });
    }
    names = [];
    desc = [];
    tail = [];
    closed = false;
    takesValue = false;
    open = false;
    inline = undefined;
  };
  // A usage line that names the program first describes the subcommand after it (`tcamgr out [-sx]
  // name key`).
  let examples = false;
  const unnamed = (text: string): string => {
    if (program === '' || examples || !text.startsWith(program)) return text;
    const gap = /^\s+(?=[a-z])/.exec(text.slice(program.length));
    return gap ? text.slice(program.length + gap[0].length) : text;
  };
  const startTag = (raw: string): void => {
    const text = unnamed(raw);
    const got = tagNames(text);
    const own = got.names.length > 0 ? inlineDescription(text) : undefined;
    // A second tag before any description (`.TQ`, two `.It` lines) names the same entry (unless
    // either carries its own: `.IP "-r <file> dump EEPROM to file"`, `.IP "-w <file> write …"`).
    if (open && desc.length === 0 && !inline && !own) {
      names.push(...got.names);
      takesValue ||= got.takesValue;
      return;
    }
    flush();
    names = got.names;
    takesValue = got.takesValue;
    open = names.length > 0;
    inline = own;
  };
  let synopsis = false;
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i]!;
    if (e.t === 'section') {
      flush();
      // A synopsis lists options without saying what they do.
      synopsis = /SYNOPSIS|USAGE/.test(e.text);
      examples = /EXAMPLE/.test(e.text);
      continue;
    }
    if (synopsis) continue;
    if (e.t === 'tag') startTag(e.text);
    else if (e.t === 'break') {
      // A break after the description has begun ends its first paragraph, which is what it says;
      // what follows, up to the next entry, is kept only as what it goes on to say.
      if (open && desc.length > 0) closed = true;
      // The end of an indented list: its items without text (ethtool's `.BI offset \ N` under
      // -e) are not other names of the entry that follows it.
      else if (open && e.end) flush();
    } else {
      const prev = ev[i - 1];
      const afterBreak = !prev || prev.t === 'break' || prev.t === 'section';
      // DocBook: `.PP`, a line naming the option, `.RS 4`, its description (not another such line).
      let j = i + 1;
      while (ev[j]?.t === 'break') j++;
      const next = ev[j];
      const tagLike = (t: string): boolean => looksLikeOptionTag(unnamed(t)) || wordTag(unnamed(t));
      if (afterBreak && j > i + 1 && next?.t === 'text' && tagLike(e.text) && !tagLike(next.text) && (!open || desc.length > 0)) {
        startTag(e.text);
        continue;
      }
      // DocBook with two spellings on two lines (`\-F format`, `.br`, `\-\-format=format`, `.RS 4`):
      // one entry named by both.
      if (afterBreak && j > i + 1 && next?.t === 'text' && tagLike(e.text) && tagLike(next.text) && (!open || desc.length > 0)) {
        let k = j + 1;
        while (ev[k]?.t === 'break') k++;
        const after = ev[k];
        if (k > j + 1 && after?.t === 'text' && !tagLike(after.text)) {
          startTag(`${e.text}, ${next.text}`);
          i = j;
          continue;
        }
      }
      if (open && closed) {
        if (tail.length < 8) tail.push(e.text);
      } else if (open) desc.push(e.text);
    }
  }
  flush();
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Reading a description

/** Openings that put the action after "to" (`Causes the daemon to remove …`). */
const LEAD_IN = new Set(['cause', 'causes', 'force', 'forces', 'tell', 'tells', 'instruct', 'instructs', 'make', 'makes', 'ask', 'asks', 'request', 'requests', 'order', 'orders']);
/** Openings that refer to other options (`Shortcut for --delete --force`, `Same as -r`). */
const ALIAS = /^(?:shortcut|short(?:hand)?|alias|synonym|abbreviation)\s+(?:for|of)\b|^(?:same\s+as|equivalent\s+to|identical\s+to|an?\s+alias\s+for)\b/i;
/** Verb tokens too short or too ambiguous to read in prose. */
const NOT_PROSE = new Set(['del', 'rm', 'rmi', 'rmp', 'rmr', 'rb', 'un', 'down', 'leave', 'set', 'seal', 'empty', 'absent', 'lost', 'strip', 'undo', 'replace', 'yank']);
/** What an action on which loses nothing that matters: output, the screen, counters. */
const HARMLESS_OBJECTS = new Set(['output', 'buffer', 'buffers', 'stdout', 'stderr', 'screen', 'display', 'terminal', 'console', 'prompt', 'line', 'lines', 'color', 'colors', 'colour', 'colours', 'highlighting', 'formatting', 'counter', 'counters', 'statistics', 'stats', 'whitespace', 'spaces', 'blanks', 'comments', 'newline', 'newlines', 'trailing', 'leading', 'duplicate', 'duplicates', 'escape', 'escapes', 'prefix', 'suffix', 'header', 'headers', 'timestamps', 'indentation', 'padding', 'quotes', 'ansi', 'carriage', 'progress', 'messages', 'warnings', 'temporary', 'tmp',
  // Prompts and the terminal's own behaviour: `Disable interactive prompts` skips questions, it takes nothing away.
  'interactive', 'prompts', 'prompting', 'confirmation', 'confirmations', 'questions', 'pager', 'paging', 'echo', 'echoing', 'tty', 'pseudo-terminal',
  'banner', 'bell', 'beep', 'sound', 'animation', 'spinner', 'logging', 'debugging', 'debug', 'verbose', 'tracing', 'telemetry',
  // What a client receives and throws away instead of saving (`Discard downloaded data`: nghttp -n).
  'downloaded', 'received', 'response', 'responses', 'incoming', 'fetched',
  // What nothing uses any more: `discard unused blocks` (fstrim), `remove unused packages`.
  'unused', 'free', 'unnecessary',
  // What a build makes again: `discard symbols … from object files` (strip), `removes .pyc and .pyo files` (py3clean),
  // a package build's own folders (`Remove the $srcdir before building the package`: makepkg -C).
  'symbols', 'pyc', 'pyo', 'bytecode', 'srcdir', 'builddir', 'objdir', 'pkgdir']);
const DETERMINERS = new Set(['the', 'a', 'an', 'any', 'all', 'every', 'each', 'this', 'that', 'these', 'those', 'its', 'their', 'given', 'specified', 'named', 'selected', 'existing', 'current', 'old', 'previous', 'entire', 'whole', 'one', 'or', 'more', 'of']);

/** A verb in the lexicon for a word of prose: `erases`, `removing`, `flushes`. */
function proseVerb(word: string): Verb | undefined {
  const forms = [word];
  if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s')) forms.push(word.slice(0, -1));
  if (word.endsWith('ing')) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  for (const f of forms) {
    if (f.length < 3 || NOT_PROSE.has(f)) continue;
    const v = verbOfToken(f);
    if (v) return v;
  }
  return undefined;
}

export interface DescribedAction extends Verb {
  /** The nouns of what it acts on, from the words after the verb. */
  nouns: string[];
  /** Options the description stands for (`Shortcut for --delete --force`). */
  via?: string[];
  /** The least severity (a device's firmware written). */
  floor?: 'high';
  /** The sentence of the entry that says it, when not its first. */
  quote?: string;
  /** The program rewrites the files it is given, in place. */
  inPlace?: true;
  /** What the description says it sweeps away whole, in its words (`all existing keys, certificates and files`). */
  whole?: string;
}

/** The page's word for an option that loses data: `a destructive change`, `destructive operations`. */
const DESTRUCTIVE = /(?<![\w-])destructive(?:ly)?\s+(?:change|changes|operation|operations|action|actions|update|updates|mode|write|writes)\b/i;

/** An opening clause that frames the action rather than being it (`Instead of making backups, …`). */
const FRAME = /^(?:instead of|rather than|after|once|before)\b[^,;.]{1,60},\s*(?=[a-z])/i;
/** `permanently removes`, `is permanently remove[d]`, `permanently deleting`. */
const PERMANENTLY = /\bpermanently\s+(remove|delete|erase|destroy|purge|wipe)[a-z]*/i;

/** The machine the command runs on goes down or restarts: "power off the system", "halt the machine", "reboot the system". */
const MACHINE_DOWN = /\b(power off|power down|halt|shut down|reboot|restart)\s+(?:the\s+)?(?:whole\s+)?(?:system|machine|computer|host)\b/;

/** `Write a firmware image to flash`, `Program the EEPROM`: the device's firmware is replaced. */
const FIRMWARE_VERB = /^(?:write|writes|writing|flash|flashes|flashing|program|programs|burn|burns|update|updates|upgrade|upgrades|change|changes|changing|modify|modifies)$/;
const FIRMWARE = /\b(?:firmware|flash|eeprom|nvram|non-volatile|bootloader|boot loader|bios|uefi|rom|spi chip)\b/i;

/**
 * The action a description's first sentence leads with: `Erase metadata on all disks` → erase;
 * `Causes the server to drop every table` → drop; `Shortcut for --delete --force` → what
 * `--delete` is said to do. When it leads with no such action, a later one of the sentence
 * (laterAction: `Suppress normal output and delete selected messages instead`), unless `leadOnly`
 * (a NAME line: `Add and remove modules` is what the program can do, not what each run does).
 * Undefined when there is none (`Do not remove`, `If …`, `Print`, `Use`), or it acts on
 * something that loses nothing (`Flush output after each line`).
 */
export function describedAction(says: string, lookup?: (option: string) => ManualEntry | undefined, leadOnly = false): DescribedAction | undefined {
  if (ALIAS.test(says)) {
    const refs = says.match(/(?<![\w-])-{1,2}[A-Za-z0-9][\w-]*/g) ?? [];
    let best: DescribedAction | undefined;
    for (const r of refs) {
      const e = lookup?.(r);
      const described = e && !ALIAS.test(e.says) ? describedAction(e.says) : undefined;
      const v: Verb | undefined = described ?? (e ? undefined : proseVerb(r.replace(/^-+/, '').split('-')[0]!.toLowerCase()));
      if (v && (!best || rankOf(v.cls) > rankOf(best.cls))) best = { verb: v.verb, cls: v.cls, nouns: described?.nouns ?? [], via: refs };
    }
    return best;
  }
  // `Instead of making backups, prune the backup directory of old backups`, `After copying, delete
  // the source`: the action is the main clause's.
  const framed = FRAME.exec(says);
  if (framed) return describedAction(says.slice(framed[0].length), lookup, leadOnly);
  // `Force a destructive change to an existing database`, `Allow destructive operations`: the page
  // calls it destructive (not `non-destructive`, nor what it refuses or warns about).
  const destructive = leadOnly ? null : DESTRUCTIVE.exec(says);
  if (destructive && !/\b(?:not|never|no|non|without|refuse[sd]?|prevent[s]?|avoid[s]?|disallow[s]?|forbid[s]?|block[s]?|den(?:y|ies)|warn[s]?|before|confirm)\b[^.;]*$/i.test(says.slice(0, destructive.index))) {
    return { verb: 'change', cls: 'destroy', nouns: [] };
  }
  // `Causes the current table (if any) is permanently remove[d] without any warning`: gone for good.
  const forGood = PERMANENTLY.exec(says);
  // (Not what happens when something else is done: `… when a VM instance is permanently deleted`,
  // `-r (or --remove) option causes …`, where another option is the subject.)
  if (forGood && !leadOnly && !/\b(?:not|never|no)\s+(?:be\s+)?$|\b(?:when|whenever|if|once|after|whether|until)\b|(?:^|\s)-{1,2}[a-z]/i.test(says.slice(0, forGood.index).replace(/\([^)]*\)/g, ''))) {
    const v = proseVerb(forGood[1]!.toLowerCase().replace(/d$/, ''));
    if (v) return { verb: v.verb, cls: v.cls, nouns: [] };
  }
  const words: string[] = says.replace(/^\([^)]*\)\s*/, '').toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];
  // Firmware written under a condition (`If value is specified, changes EEPROM byte …`); other
  // conditional actions are not the option's own (`If the file exists, remove it first`).
  const conditional = /^(?:if|when|unless)\b[^,]{1,60},\s*(\w+)/i.exec(says);
  if (conditional && FIRMWARE_VERB.test(conditional[1]!.toLowerCase()) && FIRMWARE.test(says)) return { verb: 'flash', cls: 'overwrite', nouns: ['firmware'], floor: 'high' };
  let i = 0;
  // `Do not warn before overwriting files` (dar -w), `Never prompt before removing`: the option
  // lets the action it names happen without the question.
  const unasked = /^(?:do not|don't|dont|never|no)\s+(?:warn|ask|prompt|confirm|query|question)/.test(words.slice(0, 3).join(' ').replace(/^(?:do) (?:not)/, 'do not'));
  if (unasked) {
    for (let k = 2; k < Math.min(words.length, 8); k++) {
      const w = words[k]!;
      const v = /ing$/.test(w) ? proseVerb(w) : undefined;
      if (!v || (v.cls !== 'destroy' && v.cls !== 'overwrite')) continue;
      const nouns = words.slice(k + 1, k + 4).filter((n) => !DETERMINERS.has(n) && !/^(?:on|in|from|to|for|with|when|if|and|or)$/.test(n));
      return nouns.length > 0 && HARMLESS_OBJECTS.has(nouns[0]!) ? undefined : { verb: v.verb, cls: v.cls, nouns };
    }
    return undefined;
  }
  // `This mode deletes …`, `This option removes …`.
  if (words[0] === 'this' && /^(?:mode|option|flag|command|switch|action|operation|subcommand)$/.test(words[1] ?? '')) i = 2;
  if (LEAD_IN.has(words[i] ?? '')) {
    const to = words.indexOf('to', i + 1);
    // (`Force deletion of non-empty folders`: the action is a noun, not a verb after "to".)
    if (to < 0 || to > i + 6) return i === 0 && !leadOnly ? laterAction(clauseWords(says)) : undefined;
    i = to + 1;
  }
  // An adverb before the verb (`Permanently delete …`, `Recursively remove …`).
  if (/ly$/.test(words[i] ?? '') && words[i] !== 'apply') i++;
  if (FIRMWARE_VERB.test(words[i] ?? '') && FIRMWARE.test(says)) return { verb: 'flash', cls: 'overwrite', nouns: ['firmware'], floor: 'high' };
  // `Power down the system chassis`, `Power off the node`: the machine stops.
  if (words[i] === 'power' && (words[i + 1] === 'down' || words[i + 1] === 'off')) {
    const what = words.slice(i + 2, i + 5).find((w) => !DETERMINERS.has(w));
    // (Not a screen, a monitor or a light: `Power off the display`.)
    if (what && (HARMLESS_OBJECTS.has(what) || /^(?:monitor|monitors|backlight|led|leds|lights?)$/.test(what))) return undefined;
    return { verb: 'power off', cls: 'stop', nouns: ['machine'], floor: 'high' };
  }
  // `Stop all services, kill all processes and power off the system`: the machine itself goes
  // down (or restarts), whatever is listed before it.
  const machine = MACHINE_DOWN.exec(words.slice(i, i + 16).join(' '));
  if (machine && !/\b(?:not|never|no|without|after|unless|cancel|cancels)\b/.test(words.slice(0, words.indexOf(machine[1]!.split(' ')[0]!)).join(' '))) {
    const reboot = /^(?:reboot|restart)/.test(machine[1]!);
    return { verb: reboot ? 'reboot' : 'power off', cls: 'stop', nouns: ['machine'], floor: 'high' };
  }
  // `Empty the trash`: "empty" leads as a verb when what it empties follows (not `Empty lines are …`).
  const v = words[i] === 'empty' && /^(?:the|all|every|each|a|any)$/.test(words[i + 1] ?? '') ? verbOfToken('empty') : proseVerb(words[i] ?? '');
  if (!v || (v.cls !== 'destroy' && v.cls !== 'overwrite')) {
    const later = i === 0 && !leadOnly ? laterAction(clauseWords(says)) : undefined;
    if (later) return later;
  }
  if (!v) return undefined;
  // "Flush the WAL data to disk", "flush writes to the server": written out, not thrown away.
  if (v.verb === 'flush' && words.slice(i + 1, i + 8).includes('to')) return undefined;
  // "Flushes the given name from the DNS cache": a cache refills. "Flush the queue" (postqueue
  // -f, sendmail -q): a mail queue is flushed by delivering it.
  if (v.verb === 'flush' && words.slice(i + 1, i + 10).some((w) => /^(?:cache|caches|cached|queue|queues|journal|buffers?)$/.test(w))) return undefined;
  const { nouns, end: k } = objectOf(words, i);
  if (nouns.length > 0 && harmless(nouns)) return undefined;
  // `Remove URL-encoded characters from file names`: what is taken from a name renames the file.
  if (v.cls === 'destroy' && words[k] === 'from' && /^(?:names?|filenames?|file)$/.test(words[k + 1] ?? '') && (words[k + 1] !== 'file' || /^names?$/.test(words[k + 2] ?? ''))) return undefined;
  return { verb: v.verb, cls: v.cls, nouns };
}

/** Where data is kept: what an action on `the output layer` or `the target table` loses. */
const STORE = /^(?:layers?|tables?|databases?|datasets?|datasources?|collections?|indexes|indices|buckets?|schemas?|keyspaces?)$/;

/**
 * The object of an action loses nothing that matters (`output`, `trailing whitespace`,
 * `downloaded data`), unless the harmless word only says which store it is (`Delete the output
 * layer and recreate it empty`).
 */
function harmless(nouns: readonly string[]): boolean {
  // (`Discard all input for the payload` reads nothing in; `Delete the input files` loses them.)
  if (nouns[0] === 'input') return !/^(?:files?|directories|folders|dirs?)$/.test(nouns[1] ?? '');
  return HARMLESS_OBJECTS.has(nouns[0]!) && !STORE.test(nouns[1] ?? '');
}

/** The words of a description with its commas and semicolons, for laterAction. */
function clauseWords(says: string): string[] {
  // (An aside in parentheses is a clause of its own: `erasing all data (defaults to update)`.)
  return says.replace(/^\([^)]*\)\s*/, '').replace(/\([^)]*\)/g, ';').toLowerCase().match(/[a-z][a-z'-]*|[,;]/g) ?? [];
}

/** Nouns for an action (`deletion`, `removal`, `overwrites`): what `perform …`, `allow …` or `force …` lead to. */
const NOMINAL: Readonly<Record<string, string>> = {
  deletion: 'delete', deletions: 'delete', deletes: 'delete', removal: 'remove', removals: 'remove', erasure: 'erase', destruction: 'destroy',
  overwrites: 'overwrite', overwriting: 'overwrite', purging: 'purge', wiping: 'wipe', deleting: 'delete', removing: 'remove',
};
/** Openings whose object is an action named by a noun (`perform file deletes`, `Force deletion of …`, `Allow removal of …`). */
const DOES = /^(?:perform|performs|do|does|allow|allows|enable|enables|permit|permits|force|forces)$/;
/** Work that a cancel throws away: `Cancels all jobs on the named destination`. */
const WORK = /^(?:jobs?|tasks?|builds?|runs?|transfers?|downloads?|uploads?|requests?|orders?|pipelines?|workflows?|migrations?|backups?|prints?)$/;
/** Words that make a later clause not the option's own doing (`… and do not delete`). */
const NEGATING = /^(?:not|never|no|without|don't|doesn't|nor)$/;
/**
 * The verbs a later clause is read for: those that lose data whatever they act on. (Not
 * `terminate the entries with NUL`, `discarding all others`, `drop privileges`, `The input and
 * formats`: in a clause of their own they as often mean something harmless.)
 */
const LATER_VERBS = /^(?:delete|remove|erase|wipe|purge|destroy|overwrite|shred|expunge|obliterate)$/;

/**
 * What a verb at `k` acts on: the nouns among the (at most six) words after it, up to a
 * preposition, a conjunction or a comma, and where they ended.
 */
function objectOf(words: readonly string[], k: number): { nouns: string[]; end: number } {
  const nouns: string[] = [];
  let end = k + 1;
  for (; end < Math.min(words.length, k + 7); end++) {
    const w = words[end]!;
    if (/^(?:on|in|from|to|for|with|when|if|after|before|by|at|and|but|so|which|that|instead|without|using|into|unless|,|;)$/.test(w)) break;
    if (!DETERMINERS.has(w)) nouns.push(w);
  }
  return { nouns, end };
}

/**
 * The action of a description that does not lead with one: a second verb joined to the first
 * (`Suppress normal output and delete selected messages instead`, `…, then remove it`), a clause
 * that says what comes with it (`perform a full restore, erasing all data`), an action named by
 * a noun (`perform file deletes and overwrites without confirmation`, `Force deletion of …`), or
 * work that is cancelled (`Cancels all jobs on the named destination`). Only a destroy or an
 * overwrite counts, never one that is denied (`… and do not remove`) or only described
 * (`files that would be deleted`: a past participle is not the option's act).
 */
function laterAction(words: readonly string[]): DescribedAction | undefined {
  // (Not a sentence that denies (`Do not spend time checking for deleted pages and purging them`),
  // nor one that lists what a group of commands can do: `List, create, and delete URL maps`.)
  if (words.slice(0, 3).some((w) => NEGATING.test(w)) || words[1] === ',' || words[1] === 'and') return undefined;
  const found = (verb: Verb, k: number, before: readonly string[] = []): DescribedAction | undefined => {
    const object = objectOf(words, k);
    const nouns = [...before, ...object.nouns];
    // (Keys swept whole are what a store holds: `Initialize token, removing all existing keys, certificates and files`.)
    const sweep = words.slice(k + 1, object.end).some((w) => w === 'all' || w === 'every' || w === 'existing');
    // (Not a verb used as a word for a kind of action: `all following add, set and delete actions`.)
    // (And it acts on something: `Run at most N tests and then terminate`, `operator new and delete`.)
    if (nouns.length === 0 || harmless(nouns) || /^(?:nothing|none|actions?|operations?|commands?|requests?|events?|permissions?|rights|access|mode|buttons?|protection|limitations?|restrictions?|limits?)$/.test(nouns[0]!) || (!sweep && /^keys?$/.test(nouns[0]!))) return undefined;
    // (All of something deleted, the object is the description's own, not a word of the command:
    // `removing all existing keys, certificates and files`.)
    const phrase = words.slice(k + 1, object.end);
    if (verb.cls === 'destroy' && before.length === 0 && (phrase[0] === 'all' || phrase[0] === 'every')) return { verb: verb.verb, cls: verb.cls, nouns, whole: phrase.join(' ') };
    return { verb: verb.verb, cls: verb.cls, nouns };
  };
  // (All of it: `Cancel a job` takes back one piece of work, which is what the subcommand is for.)
  if (/^cancel(?:s|ing)?$/.test(words[0] ?? '') && /^(?:all|every)$/.test(words[1] ?? '')) {
    const what = words.slice(2, 6).find((w) => !DETERMINERS.has(w) && !/^(?:pending|queued|running|active|print|current)$/.test(w));
    if (what && WORK.test(what)) return { verb: 'cancel', cls: 'destroy', nouns: ['all', what] };
  }
  if (DOES.test(words[0] ?? '')) {
    for (let k = 1; k < Math.min(words.length, 5); k++) {
      const base = NOMINAL[words[k]!];
      // (Not a protection against it: `Enable database deletion protection`.)
      const v = base && !/^(?:protection|protect|policy|lock|hold|retention)$/.test(words[k + 1] ?? '') ? verbOfToken(base) : undefined;
      // (What it acts on may come before the noun: `perform file deletes`.)
      if (v) return found(v, k, words.slice(1, k).filter((w) => !DETERMINERS.has(w)));
    }
  }
  for (let k = 2; k < Math.min(words.length, 24); k++) {
    const w = words[k]!;
    const joined = /^(?:and|then|also|;)$/.test(words[k - 1]!) || (/ing$/.test(w) && words[k - 1] === ',');
    if (!joined || NEGATING.test(words[k - 2]!) || /ed$/.test(w)) continue;
    const v = proseVerb(w);
    if (v && LATER_VERBS.test(v.verb)) return found(v, k);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Finding and keeping pages

let kept = new Lru<string, { at: number; manual: Manual }>(KEPT_PAGES);
let absent = new Lru<string, number>(KEPT_ABSENT);

/** A regular file is at the path (through a link); nothing is opened. */
function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The manual page file of `program` under the given roots, section 8 first. */
export function findManualPage(program: string, roots: readonly string[]): { file: string; section: string } | undefined {
  for (const root of roots) {
    for (const section of SECTIONS) {
      for (const ext of ['.gz', '']) {
        const file = path.join(root, `man${section}`, `${program}.${section}${ext}`);
        if (isRegularFile(file)) return { file, section };
      }
    }
  }
  return undefined;
}

function readPage(file: string, root: string, depth = 0): string | undefined {
  const r = readRegularFile(file, { maxBytes: MAX_COMPRESSED });
  if (!r.ok) return undefined;
  let text: string;
  try {
    text = (file.endsWith('.gz') ? zlib.gunzipSync(r.data, { maxOutputLength: MAX_TEXT }) : r.data).toString('utf8');
  } catch {
    return undefined;
  }
  // A page that is only a link to another (`.so man8/mkfs.8`), once.
  const so = /^\.so\s+(\S+)\s*$/m.exec(text.slice(0, 400));
  if (so && depth === 0 && !text.slice(0, 400).includes('\n.SH')) {
    const rel = so[1]!;
    if (rel.includes('..')) return undefined;
    const target = path.join(root, rel);
    return readPage(target, root, 1) ?? readPage(`${target}.gz`, root, 1);
  }
  return text;
}

/**
 * The page was installed by the system, not written by whoever runs the command: owned by root,
 * writable by no one else, and (when this process is root itself, so anything it writes is
 * root's) under a folder where `man` looks by default rather than one MANPATH chose.
 */
function installedBySystem(file: string, root: string): boolean {
  try {
    const st = fs.statSync(file);
    if (st.uid !== 0 || (st.mode & 0o022) !== 0) return false;
  } catch {
    return false;
  }
  return process.getuid?.() !== 0 || DEFAULT_MANPATH.includes(root);
}

/** The roots to look in: MANPATH as the command sees it (an empty part means the defaults), else the defaults. */
function manRoots(rc: RuleContext): readonly string[] {
  const mp = rc.env('MANPATH');
  if (mp === undefined || mp === '') return DEFAULT_MANPATH;
  const cwd = rc.context.cwd;
  const key = `${mp}\0${cwd ?? ''}`;
  const made = rootsMade.get(key);
  if (made) return made;
  const roots: string[] = [];
  for (const part of mp.split(':')) {
    if (part === '') roots.push(...DEFAULT_MANPATH);
    else if (path.isAbsolute(part)) roots.push(part);
    else if (cwd) roots.push(path.resolve(cwd, part));
  }
  rootsMade.set(key, roots);
  return roots;
}
const rootsMade = new Lru<string, readonly string[]>(16);

/** The parsed manual of `program`, or undefined when none is installed (kept for a while either way). */
export function manualOf(program: string, rc: RuleContext): Manual | undefined {
  if (!PROGRAM_NAME.test(program)) return undefined;
  const roots = manRoots(rc);
  return keptFor(`man\0${roots.join(':')}\0${program}`, () => {
    const found = findManualPage(program, roots);
    if (!found) return null;
    const root = path.dirname(path.dirname(found.file));
    const text = readPage(found.file, root);
    return text ? new LazyManual(`${program}(${found.section})`, text, program, installedBySystem(found.file, root)) : null;
  });
}

/** The fish completions of `program` (./completions.ts), or undefined (kept for a while either way). */
export function completionsOf(program: string, rc: RuleContext): Manual | undefined {
  if (!PROGRAM_NAME.test(program)) return undefined;
  const roots = completionRoots(rc);
  return keptFor(`fish\0${roots.join(':')}\0${program}`, () => readCompletions(program, roots) ?? null);
}

function keptFor(key: string, read: () => Manual | null): Manual | undefined {
  const now = Date.now();
  const none = absent.get(key);
  if (none !== undefined && now - none < KEEP_MS) return undefined;
  const hit = kept.get(key);
  if (hit && now - hit.at < KEEP_MS) return hit.manual;
  const manual = read();
  if (manual) kept.set(key, { at: now, manual });
  else absent.set(key, now);
  return manual ?? undefined;
}

/** A small page in each form the reader knows, parsed by the engine's warm-up (../warmUp.ts) so the first real page pays no compile cost. */
export const WARM_UP_PAGE = [
  '.TH W 8', '.SH NAME', 'w \\- wipe a store', '.SH SYNOPSIS', '.B w', '[\\fB\\-x\\fR]', '.SH OPTIONS', '.TP', '.BR \\-e ", " \\-\\-erase', 'Erase every record in the \\fIstore\\fR\\(em for good.', '.TP',
  '\\fB\\-t\\fR \\fItype\\fR', 'Show entries of type.', '.IP "\\fB\\-q\\fR" 4', 'Be quiet.', '.PP', '\\-d, \\-\\-drop', '.RS 4', 'Drop the grid\\&.', '.RE', '.Bl -tag', '.It Fl f Ar file', 'Causes', '.Nm', 'to read file.', '.It Cm wipe', 'Wipes it.', '.El',
].join('\n');

/** Forgets every page kept (tests install and remove pages). */
export function forgetManuals(): void {
  kept = new Lru(KEPT_PAGES);
  absent = new Lru(KEPT_ABSENT);
}

// ---------------------------------------------------------------------------------------------
// The command's words, by the manual

export interface ManualHit extends OptionHit {
  /** The manual's words for it. */
  says: string;
  page: string;
  nouns: string[];
}

/**
 * The strongest action the manual of `cmd`'s program gives one of its words: an option (`-E`,
 * `--zap`, a letter inside a cluster like `-ua`), or one of the first two words that are not
 * options (a subcommand: `racresetcfg`, `delent`). Undefined when no page is installed or none
 * of the words is described as an action.
 */
export function manualAction(cmd: SimpleCommand, rc: RuleContext): ManualHit | undefined {
  if (cmd.dynamicName || !cmd.name) return undefined;
  // A subcommand's own page first (`zfs-destroy(8)`, `podman-volume-rm(1)`), then the program's;
  // what they do not describe, the tool's completions may.
  const sub = subcommandPage(cmd, rc);
  const sources = [sub?.manual, manualOf(cmd.program, rc), completionsOf(cmd.program, rc)].filter((m): m is Manual => m !== undefined);
  if (sources.length === 0) return undefined;
  const subcommands = cmd.args.filter((w) => !w.dynamic && /^[A-Za-z][\w-]*$/.test(w.text)).slice(0, 3).map((w) => w.text.toLowerCase());
  const lookup = (o: string): ManualEntry | undefined => {
    for (const m of sources) {
      const e = m.entry(o, subcommands);
      if (e) return e.page ? e : { ...e, page: m.page };
    }
    return undefined;
  };
  let best: { word: Word; name: string; entry: ManualEntry; action: DescribedAction; index: number } | undefined;
  const consider = (word: Word, name: string, entry: ManualEntry | undefined, index: number): void => {
    if (!entry) return;
    const action = describedAction(entry.says, lookup) ?? describedOutcome(entry) ?? inPlaceOption(entry);
    if (action && (!best || rankOf(action.cls) > rankOf(best.action.cls))) best = { word, name, entry, action, index };
  };
  const a = cmd.args;
  let positional = 0;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (t === '--') break;
    if (w.dynamic) continue;
    if (t.length > 1 && t.startsWith('-')) {
      const name = t.replace(/=.*$/, '');
      const entry = lookup(name);
      if (entry) {
        // (An option given a value that turns it off is not its action: `-O never`, `--overwrite=no`.)
        const value = entry.takesValue ? (t.includes('=') ? t.slice(t.indexOf('=') + 1) : a[i + 1]?.text) : undefined;
        if (!value || !OFF_VALUE.test(value)) consider(w, name, entry, i);
        if (entry.takesValue && !t.includes('=')) i++;
      } else if (/^-[A-Za-z0-9]{2,}$/.test(t)) {
        // A cluster of letters (`-ua`, `-rf`): each letter as its own option.
        for (const ch of t.slice(1)) consider(w, `-${ch}`, lookup(`-${ch}`), i);
      }
      continue;
    }
    if (positional++ < 2 && /^[A-Za-z][\w-]*$/.test(t)) consider(w, t, lookup(t.toLowerCase()), i);
  }
  // An option the page describes as a rehearsal (`-n, --noaction  Don't really optimize files,
  // just print results`): nothing is done.
  if (a.some((w) => w.text.startsWith('-') && !w.dynamic && REHEARSAL_SAYS.test(lookup(w.text.replace(/=.*$/, ''))?.says ?? ''))) return undefined;
  if (!best) {
    // An option that only reads, or that keeps the device as it is (`--list-mcus`, `-t  just read
    // the flash ID`, `-b  Boot only, do not program`, `-S  perform SRAM programming`).
    const readsOnly = a.some((w) => w.text.startsWith('-') && !w.dynamic && KEEPS_DEVICE.test(lookup(w.text.replace(/=.*$/, ''))?.says ?? ''));
    if (sub) return nameAction(sub.manual, sub.word, cmd.args.slice(cmd.args.indexOf(sub.word) + 1), sub.name, readsOnly);
    const page = sources.find((m) => m.summary);
    return (page ? nameAction(page, cmd.name, cmd.args, cmd.program, readsOnly) : undefined) ?? inPlaceByDefault(sources, cmd);
  }
  const { word, name, entry, action, index } = best;
  // A rewrite in place speaks for files of data only (a formatter's `-i` on source code is what
  // it is for), and acts on each of them.
  if (action.inPlace && (!a.some(namesDataFile) || a.some((w) => writesElsewhere(w, lookup)))) return undefined;
  const operands = action.inPlace ? a.filter(namesDataFile) : a.slice(index + 1).filter((o) => !o.text.startsWith('-'));
  // (What a power-off or a reboot of the machine acts on is the machine, not a word after it: `-p now`.)
  const machine = action.nouns.includes('machine') && action.floor === 'high';
  // What the description says it sweeps away is its own object, not a word of the command: `-X --so-pin 3537…`.
  if (action.whole) {
    return {
      action: { verb: action.verb, cls: action.cls, what: `${action.whole} (${entry.page} says of ${name} “${(action.quote ?? entry.says).replace(/[.;]$/, '')}”)`, operand: -1, all: true },
      word,
      operands: [],
      values: [],
      says: entry.says,
      page: entry.page!,
      nouns: action.nouns,
    };
  }
  const quote = `${entry.page} says of ${name} “${(action.quote ?? entry.says).replace(/[.;]$/, '')}”`;
  return {
    action: { verb: action.verb, cls: action.cls, what: machine ? `the machine (${quote})` : `{0}${action.inPlace ? ' in place' : ''}: ${quote}`, operand: 0, ...(action.floor ? { floor: action.floor } : {}) },
    word,
    operands,
    ...(operands[0] && !machine ? { target: operands[0] } : {}),
    values: [],
    says: entry.says,
    page: entry.page!,
    nouns: action.nouns.filter((n) => n !== 'all' && n !== 'every'),
  };
}

/**
 * An option of the command that the tool's installed page calls a rehearsal (`cupt
 * -s`: "Simulate", `modprobe -n`: "This option does everything but actually insert or delete the
 * modules"): the verb the generic reading found is only shown, not done.
 */
export function rehearsedByPage(cmd: SimpleCommand, rc: RuleContext): Word | undefined {
  return rehearsalOption(cmd, rc) ?? previewUnlessTold(cmd, rc);
}

/** "By default we do a dry run", "by default, only a dry run is performed", "Without this option, a dry run is done". */
const DRY_BY_DEFAULT = /\b(?:by\s+default|without\s+this\s+(?:option|flag)|otherwise)\b,?\s+(?:we\s+|it\s+|the\s+\w+\s+)?(?:only\s+)?(?:do(?:es)?|performs?|runs?|is|makes?)\s+(?:only\s+)?(?:an?\s+|in\s+)?(?:dry[\s-]?run|trial\s+run|rehearsal)|\b(?:by\s+default|without\s+this\s+(?:option|flag)),?\s+(?:only\s+)?an?\s+(?:dry[\s-]?run|trial\s+run)\s+is\s+(?:done|performed|made)/i;

/**
 * A subcommand the tool's installed page says only rehearses unless an option is given
 * (dsctl(8) `remove`: "--do-it  By default we do a dry run"), run without that option: nothing
 * is done. The option counts where the page describes it for the subcommand the command runs
 * (its section's heading names it) or for the whole program (a plain OPTIONS section).
 */
function previewUnlessTold(cmd: SimpleCommand, rc: RuleContext): Word | undefined {
  if (cmd.dynamicName || !cmd.name) return undefined;
  const sources = systemPages(cmd, rc);
  const words = cmd.args.filter((w) => !w.dynamic && /^[a-z][\w-]*$/i.test(w.text)).map((w) => w.text.toLowerCase());
  for (const m of sources) {
    const a = m.actsOnlyWith();
    if (!a) continue;
    const headed = a.section.split(/[^a-z0-9_-]+/).filter((w) => w !== '' && w !== 'options' && w !== 'option' && w !== cmd.program.toLowerCase());
    if (headed.length > 0 && !headed.some((w) => words.includes(w))) continue;
    if (cmd.args.some((w) => w.text.replace(/=.*$/, '') === a.option)) continue;
    return cmd.name;
  }
  return undefined;
}

/**
 * The pages of the command's subcommand and program that the system installed: only such a page
 * may talk the engine out of what it found (one the command's author could write, under
 * MANPATH=./man or in the home folder, must not).
 */
function systemPages(cmd: SimpleCommand, rc: RuleContext): LazyManual[] {
  return [subcommandPage(cmd, rc)?.manual, manualOf(cmd.program, rc)].filter((m): m is LazyManual => m instanceof LazyManual && m.system);
}

/** An option of the command that the page calls a rehearsal. */
function rehearsalOption(cmd: SimpleCommand, rc: RuleContext): Word | undefined {
  const flags = cmd.args.filter((w) => !w.dynamic && w.text.length > 1 && w.text.startsWith('-') && w.text !== '--');
  if (flags.length === 0 || cmd.dynamicName || !cmd.name) return undefined;
  const sources = systemPages(cmd, rc);
  if (sources.length === 0) return undefined;
  // (Not the option that makes it act: `--do-it  By default we do a dry run`.)
  const says = (name: string): boolean => sources.some((m) => {
    const said = m.entry(name)?.says ?? '';
    return REHEARSAL_SAYS.test(said) && !DRY_BY_DEFAULT.test(said);
  });
  return flags.find((w) => {
    const name = w.text.replace(/=.*$/, '');
    return says(name) || (/^-[A-Za-z0-9]{2,}$/.test(name) && [...name.slice(1)].some((ch) => says(`-${ch}`)));
  });
}

/**
 * What the page's NAME line says the program does, when no word of the command is described:
 * a program that exists for one destructive act (`btrfs-select-super - overwrite primary
 * superblock with a backup copy`, `sswap - secure swap wiper`) does it to what it is given, as
 * does one that puts firmware onto a chip (programsChips). Only a destroy or overwrite counts,
 * only with an operand to act on, and never for a listing or rehearsal form (the generic reading
 * has left those out before the manual is asked) nor with an option that only reads
 * (`readsOnly`). A program that writes the machine's account files (rewritesAccounts) needs no
 * operand: it acts on them whatever it is given.
 */
function nameAction(manual: Manual, word: Word, after: readonly Word[], name: string, readsOnly: boolean): ManualHit | undefined {
  const says = manual.summary?.();
  if (!says) return undefined;
  // The machine's own account files, rewritten whatever the command is given (`pwunconv`).
  const accounts = readsOnly ? undefined : rewritesAccounts(says);
  if (accounts) {
    const quote = `${manual.page} says of ${name} “${says}”`;
    return { action: { verb: 'rewrite', cls: 'overwrite', what: `the machine's account files (${quote}): who can sign in, and with what, can change`, floor: 'high', operand: -1 }, word, operands: [], values: [], says, page: manual.page, nouns: ['accounts'] };
  }
  // (Its lead verb only: `Add and remove modules` names what the program can do, not what each run does.)
  // (An option that only reads or keeps the device as it is speaks for the run, whatever the
  // program is for: `hackrf_spiflash -r backup.bin`, "Read data into file", of "program Flash".)
  if (readsOnly) return undefined;
  const action = describedAction(says, undefined, true) ?? agentNoun(says) ?? programsChips(says, name);
  if (!action || (action.cls !== 'destroy' && action.cls !== 'overwrite')) return undefined;
  // What it acts on: the words that are not options nor numbers (an option's count or index).
  const operands = after.filter((w) => !w.dynamic && !w.text.startsWith('-') && !/^\d+$/.test(w.text));
  if (operands.length === 0) return undefined;
  return {
    action: { verb: action.verb, cls: action.cls, what: `{0}: ${manual.page} says of ${name} “${says}”`, operand: operands.length - 1, ...(action.floor ? { floor: action.floor } : {}) },
    word,
    operands,
    target: operands[operands.length - 1]!,
    values: [],
    says,
    page: manual.page,
    nouns: action.nouns.filter((n) => n !== 'all' && n !== 'every'),
  };
}

/** An option whose entry says it makes the program rewrite its input files in place (`gifsicle -b`, `exiftran -i`, `mat2 --inplace`); not one that takes a value. */
function inPlaceOption(entry: ManualEntry): DescribedAction | undefined {
  if (entry.takesValue) return undefined;
  const quote = inPlaceSentence(entry.paragraph ?? entry.says);
  return quote ? { verb: 'rewrite', cls: 'overwrite', nouns: ['files'], quote, inPlace: true } : undefined;
}

/**
 * A program whose page says it rewrites the files it is given (`jpegoptim`, `mogrify`,
 * `exifautotran`), given files of data and no option that sends the result elsewhere: each of
 * them is rewritten in place, and what it held before is gone.
 */
function inPlaceByDefault(sources: readonly Manual[], cmd: SimpleCommand): ManualHit | undefined {
  const files = cmd.args.filter(namesDataFile);
  if (files.length === 0) return undefined;
  const lookup = (o: string): ManualEntry | undefined => sources.map((m) => m.entry(o)).find((e) => e !== undefined);
  if (cmd.args.some((w) => writesElsewhere(w, lookup))) return undefined;
  for (const m of sources) {
    const says = m.rewritesInPlace?.();
    if (!says) continue;
    return {
      action: { verb: 'rewrite', cls: 'overwrite', what: `{0} in place: ${m.page} says “${says}”`, operand: files.length - 1 },
      word: cmd.name!,
      operands: files,
      target: files[files.length - 1]!,
      values: [],
      says,
      page: m.page,
      nouns: ['files'],
    };
  }
  return undefined;
}

/**
 * The page of the subcommand the command runs, where a tool has one per subcommand
 * (`PROG-SUB`, or `PROG-SUB-SUB2` for a nested one: `zfs-destroy(8)`, `podman-volume-rm(1)`):
 * the first one or two words that are not options.
 */
function subcommandPage(cmd: SimpleCommand, rc: RuleContext): { manual: Manual; word: Word; name: string } | undefined {
  const words: Word[] = [];
  for (const w of cmd.args) {
    if (w.text === '--' || w.dynamic) break;
    if (w.text.startsWith('-')) continue;
    if (!/^[a-z][a-z0-9_-]*$/i.test(w.text)) break;
    words.push(w);
    if (words.length === 2) break;
  }
  for (let n = words.length; n > 0; n--) {
    const name = [cmd.program, ...words.slice(0, n).map((w) => w.text.toLowerCase())].join('-');
    const manual = manualOf(name, rc);
    if (manual) return { manual, word: words[n - 1]!, name };
  }
  return undefined;
}

/** A value that turns an option off. (Not `0` nor `none`: `--clean=0` keeps no backups.) */
const OFF_VALUE = /^(?:never|no|false|off|ask|prompt)$/i;

/** The page's own warning that an option loses data. */
const WARNING = /\b(?:can ?not|can't) be (?:undone|recovered|reversed)\b|\birreversibl[ey]\b|\b(?:data|mail|message|file|record)s? loss\b|\bcause[sd]? (?:\w+ )?loss\b|\b(?:is|can be|may be|could be)\s+(?:a\s+)?(?:very\s+|extremely\s+|potentially\s+|quite\s+)?dangerous\b|\bthis is a dangerous\b/i;
/** What becomes of an existing target: `If passwdfile already exists, it is deleted first`, `Target database is overwritten if it exists`, `the named files should be deleted after submitting them`. */
const PASSIVE = /\b(?:is|are|will be|should be|shall be|gets|get)\s+(?:first\s+|then\s+)?(deleted|removed|erased|destroyed|wiped|overwritten|truncated|rewritten|purged)\b/i;
/** A sentence about what happens without the option, or by default: not the option's own doing. */
const NOT_OWN = /^(?:without|unless|otherwise|by default|normally|if not|when not|if this option is not|if omitted|if you)\b|\bsee (?:the )?\S+ (?:command|option|subcommand)\b|\buse \S+ instead\b/i;
/** A later sentence whose subject is the option (`It deletes old messages …`, `This option removes …`). */
const SUBJECT = /^(?:it|this option|this flag|this command|this mode|this switch)\s+\w/i;

/**
 * What an entry's first paragraph says beyond its first sentence, when that sentence led with no
 * action: the page's own warning ("This is a dangerous option and can cause mail loss", "cannot be
 * undone"); a later sentence whose subject is the option ("It deletes old (seen) messages …"); or,
 * for a switch, what becomes of an existing target ("If passwdfile already exists, it is deleted
 * first", "Target database is overwritten if it exists"). An option that takes a value is left
 * out of the last: an output option's file is overwritten as a matter of course.
 */
export function describedOutcome(entry: ManualEntry): DescribedAction | undefined {
  const text = entry.paragraph;
  if (!text) return undefined;
  const sentences = text.split(/(?<=[.;!?])\s+/).slice(0, 5);
  for (const sentence of sentences) {
    if (NOT_OWN.test(sentence) || /\b(?:not|never|no longer)\b/i.test(sentence.slice(0, 60)) && !WARNING.test(sentence)) continue;
    if (WARNING.test(sentence)) return { verb: 'destroy', cls: 'destroy', nouns: [], quote: sentence };
    // (The first sentence was read as the entry's own; a later one is read the same way.)
    const subject = sentence !== sentences[0] && SUBJECT.test(sentence) ? describedAction(sentence.replace(/^it\s+/i, '')) : undefined;
    if (subject && (subject.cls === 'destroy' || subject.cls === 'overwrite')) return { ...subject, quote: sentence };
    const passive = entry.takesValue ? null : PASSIVE.exec(sentence);
    if (passive && !/\b(?:not|never)\s+(?:be\s+)?$/i.test(sentence.slice(0, passive.index + passive[0].indexOf(passive[1]!)).slice(-12))) {
      const done = passive[1]!.toLowerCase();
      const overwrites = done === 'overwritten' || done === 'rewritten' || done === 'truncated';
      return { verb: overwrites ? 'overwrite' : 'delete', cls: overwrites ? 'overwrite' : 'destroy', nouns: [], quote: sentence };
    }
  }
  return undefined;
}

/** A NAME line's word for putting something onto a device: programming, loading, flashing, writing, deploying, restoring, updating, repartitioning. */
const PUTS_ONTO = /\b(?:program(?:s|ming|mer)?|loader|load(?:s|ing)?|flash(?:es|ing|er)?|writ(?:e|es|ing|er)|burn(?:s|ing|er)?|deploy(?:s|ing)?|restor(?:e|es|ing)|updat(?:e|es|ing|er)|upgrad(?:e|es|ing)|modif(?:y|ies|ying)|(?:re)?partition(?:s|ing)?)\b/i;
/** What such a program puts it onto: a chip, its firmware or boot loader, its flash or NAND. */
const CHIP_NOUN = /\b(?:firmware|flash|eeproms?|nvram|boot ?loaders?|u-?boot|bios|uefi|roms?|proms?|fpgas?|cplds?|jtag|micro ?controllers?|mcus?|nand|e?mmc|spi|chips?|socs?|cortex-m\w*|ftdi)\b/i;
/**
 * What an option says when the program leaves the device as it is: it only reads, lists, checks
 * or detects (but not `-s  read variables to be set from a script`: that is where its input
 * comes from); it does not write; it loads into memory that does not last (`-S  perform SRAM
 * programming`).
 */
const KEEPS_DEVICE = /^(?:list|lists|print|prints|show|shows|display|displays|read|reads|dump|dumps|verify|verifies|check|checks|test|tests|detect|detects|query|queries|report|reports|enumerate|enumerates|identify|identifies|get|gets|fetch|fetches|download|downloads|help|version|just read)\b(?!.{0,40}\bfrom (?:a |an |the )?(?:script|file|standard input|stdin)\b)|\b(?:do not|don't|does not|without|no)\s+(?:write|writing|program|programming|flash|flashing|erase|erasing|modify|modifying)\b|\b(?:s?ram|volatile)\b|\bonly\b.{0,20}\b(?:read|verify|check|list)\b/i;

/** Hardware registers written or set (not read or examined). */
const REGISTER_WRITE = /\b(?:set|sets|setting|writ(?:e|es|ing)|poke|pokes)\b(?:\s+[\w/-]+){0,4}?\s+registers?\b/i;

/**
 * A program that exists to put firmware or a program onto a chip (`JTAG programming utility for
 * Xilinx FPGAs and PROMs`, `load and run programs onto your Teensy micro controller`, `Restore IPSW
 * firmware FILE to an iOS device`, `repartition the internal NAND`): run on what it is given, it
 * replaces what the device held.
 */
function programsChips(says: string, program: string): DescribedAction | undefined {
  // A debugger, a server for one, or an interactive shell does nothing to the chip from its
  // command line alone (`openocd -f board.cfg`, `pyocd-gdbserver`, `bossash`).
  if (/\b(?:debug\w*|interactive)\b/i.test(says) || /(?:server|shell)$/i.test(program.replace(/\.[a-z]+$/i, ''))) return undefined;
  // Nor one whose NAME leads with reading, testing or measuring (`f3read - test real flash memory capacity`).
  if (KEEPS_DEVICE.test(says) || /^(?:benchmark|measure|monitor|probe|scan|analy[sz]e|inspect|examine|validate)s?\b/i.test(says)) return undefined;
  // A chip's registers set (`i2cset - set I2C registers`, `wrmsr - tool for writing CPU machine
  // specific registers`): what the hardware does, or holds in its EEPROM, changes.
  if (REGISTER_WRITE.test(says)) return { verb: 'write', cls: 'overwrite', nouns: ['registers'], floor: 'high' };
  if (!PUTS_ONTO.test(says) || !CHIP_NOUN.test(says)) return undefined;
  return { verb: 'flash', cls: 'overwrite', nouns: ['firmware'], floor: 'high' };
}

/** A NAME line's word for writing. */
const WRITES_WORD = /\b(?:copy|copies|update|updates|convert|converts|edit|edits|create|creates|replace|replaces|modif(?:y|ies)|rewrite|rewrites|merge|merges)\b/i;
/** The machine's account files, as a NAME line names them: the password, group or shadow files, or users and passwords in batch. */
const ACCOUNT_FILES = /\b(?:password|group|shadow(?:-password|-group)?|passwd)(?:,\s*\w+(?:-\w+)?)*\s+(?:or\s+\w+(?:-\w+)?\s+)?files?\b|\bshadow passwords\b|\/etc\/(?:passwd|shadow|group|gshadow)\b|\b(?:users|passwords)\s+in batch\b/i;

/**
 * A program that exists to write the machine's account files (`cppw - copy with locking the given
 * file to the password or group file`, `pwunconv - convert to and from shadow passwords`,
 * `newusers - update and create new users in batch`): every run rewrites them. Not one that only
 * reads them (`pwck - verify the integrity of password files`).
 */
function rewritesAccounts(says: string): boolean {
  return WRITES_WORD.test(says) && ACCOUNT_FILES.test(says);
}

/** `secure swap wiper`, `duplicate file remover`: a NAME line that ends with the doer of a verb. */
function agentNoun(says: string): DescribedAction | undefined {
  const words = says.replace(/\s*\([^)]*\)\s*$/, '').toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];
  const last = words[words.length - 1] ?? '';
  const m = /^(wip|eras|remov|shredd|destroy|purg|zapp)er$/.exec(last);
  if (!m) return undefined;
  const stem = m[1] === 'shredd' ? 'shred' : m[1] === 'zapp' ? 'zap' : m[1] === 'destroy' ? 'destroy' : `${m[1]}e`;
  const v = verbOfToken(stem);
  const nouns = words.slice(0, -1).filter((w) => !DETERMINERS.has(w) && w !== 'secure');
  // `free disk space wiper`: what nothing uses.
  if (!v || (nouns.length > 0 && HARMLESS_OBJECTS.has(nouns[0]!))) return undefined;
  return { verb: v.verb, cls: v.cls, nouns };
}
