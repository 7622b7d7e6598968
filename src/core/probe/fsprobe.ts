/**
 * The filesystem probe: which files `rm`, `find … -delete`, `shred`, `truncate -s 0`, an emptying
 * redirection (`: > file`), `mv` onto an existing file and `rsync --delete` would destroy, counted
 * by ./files.ts and said in one sentence: "Deletes 1,284 files (12.5 MB); 37 were never committed
 * and cannot be recovered: …".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SimpleCommand, Word } from '../shell/model';
import { readFind } from './find';
import { bytes, list, num } from './format';
import { measureFiles, type FileMeasure, type FileTarget } from './files';
import type { Loss, Reading } from './types';
import { expandWord } from './where';

export interface FilesProbeOptions {
  maxFiles?: number;
  walkMs?: number;
  gitTimeoutMs?: number;
}

export interface FilesPlan {
  rules: string[];
  run(): Promise<Reading>;
}

type Verb = 'Deletes' | 'Shreds' | 'Empties' | 'Overwrites';

/** Positional words of a command (options skipped, `withValue` options' values too; all after `--`). */
function positional(cmd: SimpleCommand, withValue: readonly string[] = []): Word[] {
  const out: Word[] = [];
  let ended = false;
  for (let i = 0; i < cmd.args.length; i++) {
    const w = cmd.args[i]!;
    if (!ended && w.text === '--') {
      ended = true;
      continue;
    }
    if (!ended && w.text.startsWith('-') && w.text.length > 1) {
      if (withValue.includes(w.text)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

function shortFlags(cmd: SimpleCommand): Set<string> {
  const s = new Set<string>();
  for (const w of cmd.args) {
    if (w.text === '--') break;
    if (w.text.startsWith('--')) s.add(w.text.split('=')[0]!);
    else if (w.text.startsWith('-')) for (const c of w.text.slice(1)) s.add(`-${c}`);
  }
  return s;
}

/** Every target path of the words, or why one cannot be known. */
function targetsOf(words: readonly Word[], cwd: string, home: string | undefined): string[] | { why: string } {
  const out: string[] = [];
  for (const w of words) {
    const ex = expandWord(w, cwd, home);
    if (!ex) return { why: `the path ${w.text} depends on a variable or cannot be expanded here` };
    out.push(...ex);
  }
  return out;
}

/** A target as the person reads it: relative to the folder the line runs in when it is below it. */
function shownPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

/** Commands that write nothing, so `cmd > file` only empties the file. */
function writesNothing(cmd: SimpleCommand): boolean {
  const p = cmd.program;
  const a = cmd.args.map((w) => w.text);
  if (p === '' || p === ':' || p === 'true') return true;
  if (p === 'cat' || p === 'cp') return a.length === 1 && a[0] === '/dev/null';
  if (p === 'echo') return a.length === 0 ? false : a.every((t) => t === '-n' || t === '');
  if (p === 'printf') return a.length === 1 && a[0] === '';
  return false;
}

const SHRED_VALUED = ['-n', '--iterations', '-s', '--size', '--random-source'];
const TRUNCATE_VALUED = ['-s', '--size', '-r', '--reference', '-o'];
const MV_VALUED = ['-t', '--target-directory', '-S', '--suffix'];
const RSYNC_VALUED = new Set([
  '-e', '--rsh', '--rsync-path', '--exclude', '--include', '--filter', '-f', '--exclude-from', '--include-from', '--files-from',
  '--log-file', '--log-file-format', '--out-format', '--partial-dir', '--backup-dir', '--suffix', '--chmod', '--chown', '--port',
  '--password-file', '--compare-dest', '--copy-dest', '--link-dest', '--temp-dir', '-T', '--max-size', '--min-size', '--timeout',
  '--contimeout', '--bwlimit', '-M', '--remote-option', '--usermap', '--groupmap', '--iconv', '--checksum-choice', '--compress-choice',
  '--info', '--debug', '--sockopts', '--outbuf', '--block-size', '-B', '--max-delete', '--modify-window', '--stop-after', '--stop-at',
  '--address', '--protocol', '--skip-compress', '--write-batch', '--only-write-batch', '--read-batch', '--compress-level',
]);

/** The filesystem probe for `cmd`, undefined when it destroys no file. */
export function planFiles(cmd: SimpleCommand, cwd: string, home: string | undefined, opts: FilesProbeOptions = {}): FilesPlan | { why: string } | undefined {
  const plan = (rules: string[], verb: Verb, targets: FileTarget[], extra: { upTo?: boolean; truncation?: boolean } = {}): FilesPlan => ({
    rules,
    run: async () => readingOf(verb, await measureFiles(targets.map((t) => (t.shown ? t : { ...t, shown: shownPath(t.abs, cwd) })), { maxFiles: opts.maxFiles, walkMs: opts.walkMs, gitTimeoutMs: opts.gitTimeoutMs }), extra),
  });
  const flags = shortFlags(cmd);
  // An emptying redirection comes with any command that writes nothing.
  const truncs = cmd.redirects.filter((r) => r.target && (r.op === '>' || r.op === '>|' || r.op === '&>') && (r.fd === undefined || r.fd === 1 || r.fd === 2));
  switch (cmd.program) {
    case 'rm':
    case 'unlink': {
      const recursive = flags.has('-r') || flags.has('-R') || flags.has('--recursive');
      const words = positional(cmd);
      if (words.length === 0) return undefined;
      const t = targetsOf(words, cwd, home);
      if ('why' in t) return t;
      return plan(recursive ? ['fs.rm-recursive', 'fs.rm-git', 'fs.rm-sensitive'] : ['fs.rm-sensitive'], 'Deletes', t.map((abs) => ({ abs, recursive })));
    }
    case 'find': {
      if (!cmd.args.some((a) => a.text === '-delete')) return undefined;
      if (cmd.args.some((a) => a.dynamic)) return { why: 'its expression depends on a variable' };
      const f = readFind(cmd.args.map((a) => a.text));
      if (!f) return { why: 'its expression is not one this probe reads' };
      const starts: FileTarget[] = [];
      for (const s of f.starts) {
        const abs = s.startsWith('~') ? (home && (s === '~' || s.startsWith('~/')) ? path.join(home, s.slice(1)) : undefined) : path.resolve(cwd, s);
        if (!abs) return { why: `the folder ${s} is not known here` };
        const target: FileTarget = { abs, shown: s, keep: f.match };
        if (f.maxDepth !== undefined) target.maxDepth = f.maxDepth;
        starts.push(target);
      }
      return plan(['fs.find-delete'], 'Deletes', starts, { upTo: f.approximate || f.followsLinks });
    }
    case 'shred':
    case 'srm':
    case 'wipe': {
      const words = positional(cmd, SHRED_VALUED);
      if (words.length === 0 || flags.has('--help')) return undefined;
      const t = targetsOf(words, cwd, home);
      if ('why' in t) return t;
      return plan(['fs.shred'], 'Shreds', t.map((abs) => ({ abs, recursive: cmd.program !== 'shred' && (flags.has('-r') || flags.has('-R')) })));
    }
    case 'truncate': {
      const size = cmd.args.findIndex((a) => a.text === '-s' || a.text === '--size' || a.text.startsWith('--size=') || /^-s\S/.test(a.text));
      if (size < 0) return undefined;
      const w = cmd.args[size]!;
      const v = w.text === '-s' || w.text === '--size' ? cmd.args[size + 1]?.text : w.text.replace(/^(--size=|-s)/, '');
      if (v === undefined || !/^0+[KMGTPEkmgtpe]?(i?B)?$/.test(v.trim())) return undefined;
      const t = targetsOf(positional(cmd, TRUNCATE_VALUED), cwd, home);
      if ('why' in t) return t;
      if (t.length === 0) return undefined;
      return plan(['fs.truncate'], 'Empties', t.map((abs) => ({ abs, recursive: false })), { truncation: true });
    }
    case 'mv':
    case 'move-item': {
      if (['-n', '--no-clobber', '-i', '--interactive', '-b', '--backup', '-u', '--update'].some((f) => flags.has(f))) return undefined;
      const words = positional(cmd, MV_VALUED);
      const ti = cmd.args.findIndex((a) => a.text === '-t' || a.text === '--target-directory' || a.text.startsWith('--target-directory='));
      const tword = ti >= 0 ? (cmd.args[ti]!.text.includes('=') ? { ...cmd.args[ti]!, text: cmd.args[ti]!.text.split('=')[1]! } : cmd.args[ti + 1]) : words[words.length - 1];
      const sources = ti >= 0 ? words : words.slice(0, -1);
      if (!tword || sources.length === 0) return undefined;
      const dest = targetsOf([tword], cwd, home);
      const srcs = targetsOf(sources, cwd, home);
      if ('why' in dest) return dest;
      if ('why' in srcs) return srcs;
      const d = dest[0]!;
      const intoDir = ti >= 0 || (!flags.has('-T') && isDir(d));
      const over = intoDir ? srcs.map((s) => path.join(d, path.basename(s))) : srcs.length === 1 ? [d] : [];
      const hit = over.filter((o, i) => exists(o) && !isDir(o) && path.resolve(o) !== path.resolve(srcs[i] ?? ''));
      if (hit.length === 0) return undefined;
      return plan(['fs.mv-important'], 'Overwrites', hit.map((abs) => ({ abs, recursive: false })));
    }
    case 'rsync':
      return planRsync(cmd, cwd, home, flags, plan);
    default:
      if (truncs.length > 0 && writesNothing(cmd)) {
        const t = targetsOf(truncs.map((r) => r.target!), cwd, home);
        if ('why' in t) return t;
        const real = t.filter((p) => !p.startsWith('/dev/'));
        if (real.length === 0) return undefined;
        return plan(['fs.redirect-truncate'], 'Empties', real.map((abs) => ({ abs, recursive: false })), { truncation: true });
      }
      return undefined;
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function planRsync(
  cmd: SimpleCommand,
  cwd: string,
  home: string | undefined,
  flags: Set<string>,
  plan: (rules: string[], verb: Verb, targets: FileTarget[], extra?: { upTo?: boolean }) => FilesPlan,
): FilesPlan | { why: string } | undefined {
  const deletes = [...flags].some((f) => f.startsWith('--del'));
  if (!deletes || flags.has('-n') || flags.has('--dry-run') || flags.has('-b') || flags.has('--backup')) return undefined;
  if (!(flags.has('-r') || flags.has('-a') || flags.has('--recursive') || flags.has('--archive') || flags.has('-d') || flags.has('--dirs'))) return undefined;
  const words: Word[] = [];
  let filtered = flags.has('-C') || flags.has('--cvs-exclude') || flags.has('-F');
  for (let i = 0; i < cmd.args.length; i++) {
    const w = cmd.args[i]!;
    const name = w.text.split('=')[0]!;
    if (w.text.startsWith('-') && w.text !== '-') {
      if (/^--(exclude|include|filter|exclude-from|include-from|files-from)$/.test(name) || name === '-f') filtered = true;
      if (RSYNC_VALUED.has(w.text)) i++;
      continue;
    }
    words.push(w);
  }
  if (words.length < 2) return undefined;
  const destWord = words[words.length - 1]!;
  const srcWords = words.slice(0, -1);
  const remote = (w: Word): boolean => /^[^/]+:/.test(w.text) || w.text.startsWith('rsync://');
  if ([destWord, ...srcWords].some(remote)) return { why: 'one side is on another machine' };
  const dest = targetsOf([destWord], cwd, home);
  if ('why' in dest) return dest;
  const d = dest[0]!;
  // Where each source lands: `src/` fills the destination, `src` becomes dest/src.
  const landings = new Map<string, string[]>();
  for (const s of srcWords) {
    const ex = expandWord(s, cwd, home);
    if (!ex) return { why: `the path ${s.text} depends on a variable or cannot be expanded here` };
    for (const abs of ex) {
      if (!isDir(abs)) continue;
      const into = s.text.endsWith('/') ? d : path.join(d, path.basename(abs));
      landings.set(into, [...(landings.get(into) ?? []), abs]);
    }
  }
  if (landings.size === 0) return undefined;
  const targets: FileTarget[] = [...landings].map(([into, srcs]) => ({
    abs: into,
    shown: into,
    keep: (e) => {
      const rel = path.relative(into, e.abs);
      return !srcs.some((s) => exists(path.join(s, rel)));
    },
  }));
  return plan(['measured.rsync-delete'], 'Deletes', targets, { upTo: filtered });
}

/** The sentence and the loss of a file count. */
export function readingOf(verb: Verb, m: FileMeasure, extra: { upTo?: boolean; truncation?: boolean } = {}): Reading {
  const c = m.counts;
  const lower = m.atLeast;
  if (c.files === 0 && !c.gitDir) {
    const what = c.missing.length ? `${list(c.missing)} ${c.missing.length === 1 ? 'does' : 'do'} not exist` : extra.upTo ? 'nothing matches now' : 'there are no files there';
    return { status: 'measured', loss: 'none', settled: !lower && !extra.upTo, files: c, sentence: `Nothing to ${verb === 'Deletes' ? 'delete' : verb === 'Shreds' ? 'shred' : verb === 'Empties' ? 'empty' : 'overwrite'}: ${what}` };
  }
  if (extra.truncation && c.bytes === 0 && !c.gitDir) {
    return { status: 'measured', loss: 'none', settled: !lower, files: c, sentence: `Nothing to lose: ${c.files === 1 ? 'the file is' : 'the files are'} already empty` };
  }
  const how = extra.upTo ? 'up to ' : lower ? 'at least ' : '';
  const head = `${verb} ${how}${num(c.files)} ${c.files === 1 ? 'file' : 'files'} (${bytes(c.bytes)})`;
  const parts: string[] = [];
  let loss: Loss;
  const lost = c.untracked + c.modified;
  if (m.gitProblem) {
    loss = c.untracked > 0 ? 'work' : 'unknown';
    parts.push(`${head}; which of them Git could restore is not known (${m.gitProblem})`);
  } else if (lost > 0 || c.gitDir) {
    loss = 'work';
    const bits: string[] = [];
    if (c.untracked > 0) bits.push(`${num(c.untracked)} ${c.untracked === 1 ? 'was' : 'were'} never committed and cannot be recovered`);
    if (c.modified > 0) bits.push(`${num(c.modified)} ${c.modified === 1 ? 'has' : 'have'} uncommitted changes`);
    parts.push(`${head}${bits.length ? `; ${bits.join(', and ')}: ${list(c.examples, lost)}` : ''}`);
    if (c.gitDir) parts.push("and a repository's .git folder with its history, branches and stashes");
  } else if (c.build === c.files) {
    loss = 'regenerable';
    parts.push(`${head}, all build output Git ignores (it can be generated again)`);
  } else if (c.tracked + c.build === c.files) {
    loss = 'recoverable';
    parts.push(`${head}, all ${c.build ? 'committed or ignored build output' : 'committed'}: recoverable from Git`);
  } else if (c.tracked + c.ignored === c.files) {
    loss = 'unknown';
    const aside = c.ignored - c.build;
    parts.push(`${head}; ${num(aside)} ${aside === 1 ? 'is' : 'are'} ignored by Git but not build output (local settings or data, not in any commit): ${list(c.examples, aside)}`);
  } else {
    loss = 'unknown';
    parts.push(`${head}${c.outside === c.files ? ' outside any Git repository' : `; ${num(c.outside)} outside any Git repository`}`);
  }
  if (extra.upTo) parts.push('(tests this probe does not read were taken as matching)');
  const r: Reading = { status: 'measured', loss, settled: !lower && !extra.upTo && !m.gitProblem, files: c, sentence: parts.join('; ').replace('; (', ' (') };
  if (lower) r.atLeast = true;
  return r;
}
