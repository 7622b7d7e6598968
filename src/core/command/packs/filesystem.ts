/**
 * Filesystem: recursive and forced deletes judged by what they hit, secure erase, truncation,
 * moves onto important paths, redirections that empty a config file, and recursive permission
 * or ownership changes.
 *
 * Severity follows the target: `/`, the home folder, the workspace's parent and top-level
 * system folders are critical; other system paths, key folders, the whole workspace and paths
 * outside it are high; a folder inside the workspace is medium; build output inside the
 * workspace (dist, node_modules, …) is not reported and /tmp is low.
 */
import { bySeverityDescending, compareSeverity, maxSeverity, type Severity } from '../../severity';
import type { SimpleCommand, Word } from '../../shell/model';
import { type PathClass, remoteReach, runsElsewhere } from '../context';
import { flagValue, hasFlag, hasPwshParam, positionals, type Rule, type RuleContext, type CommandRuleFinding, type RulePack } from '../rule';
import { expansionLabel } from '../expansion';
import { fileExists } from '../files';
import { homeSegment, isBlockDevice, isCachePath, pathDepth, pathTarget, type PathTarget, remoteContext, SECRET_HOME_DIRS } from '../paths';
import { pipeSource, upstream, wrapperOf } from '../pipeline';
import { spanTo } from '../words';

/** The context a path is judged in: the local one, or an empty one on another machine. */
export function contextFor(cmd: SimpleCommand, rc: RuleContext): RuleContext {
  return runsElsewhere(cmd) ? remoteContext(rc) : rc;
}

export interface Judged {
  /** The target came from the find command that runs this one. */
  fromFind?: boolean;
  severity: Severity;
  /** Completes "Recursively deletes <display> — <why>". */
  why: string;
  target: string;
  /** The empty-variable case, reported under its own rule. */
  emptyVar?: boolean;
}

/** Severity of deleting `t` recursively. */
export function judgeRecursive(t: PathTarget, rc: RuleContext): Judged {
  const shown = t.resolved ?? t.display;
  switch (t.cls) {
    case 'root':
      return { severity: 'critical', why: 'the whole filesystem', target: `path ${shown}` };
    case 'home':
      return { severity: 'critical', why: 'your home folder', target: `path ${shown}` };
    case 'workspace-parent':
      return { severity: 'critical', why: 'a folder that contains this workspace', target: `path ${shown}` };
    case 'system':
      // `C:\Users\alice`: a whole Windows user profile (documents, settings, keys).
      if (t.resolved && /^[A-Za-z]:[\\/]users[\\/][^\\/]+[\\/]?$/i.test(t.resolved)) return { severity: 'critical', why: 'a whole user profile', target: `path ${shown}` };
      return pathDepth(t.resolved) <= 1
        ? { severity: 'critical', why: 'a top-level system folder', target: `path ${shown}` }
        : { severity: 'high', why: 'a system folder', target: `path ${shown}` };
    case 'home-config': {
      if (isCachePath(t.resolved)) return { severity: 'low', why: 'a cache folder', target: `path ${shown}` };
      const seg = homeSegment(t.resolved, rc) ?? '';
      return SECRET_HOME_DIRS.has(seg)
        ? { severity: 'critical', why: `your ${seg} folder (keys and credentials you cannot get back)`, target: `path ${shown}` }
        : { severity: 'high', why: `your ${seg || 'settings'} folder`, target: `path ${shown}` };
    }
    case 'workspace-root': {
      // `*.egg-info` at the top of the workspace matches some entries, not the workspace itself
      const last = t.word.text.split('/').pop() ?? '';
      if (t.word.glob && /[^*?.[\]]/.test(last)) return { severity: 'medium', why: `the entries matching ${last} at the top of the workspace`, target: `path ${shown}` };
      return { severity: 'high', why: 'the whole workspace', target: `path ${shown}` };
    }
    case 'workspace-vcs':
      return { severity: 'high', why: 'the Git history of this workspace', target: `path ${shown}` };
    case 'workspace':
      return { severity: 'medium', why: 'a folder in the workspace', target: `path ${shown}` };
    case 'workspace-build':
      return { severity: 'none', why: 'build output', target: `path ${shown}` };
    case 'temp':
      return { severity: 'low', why: 'a temporary folder', target: `path ${shown}` };
    case 'outside':
      if (isCachePath(t.resolved)) return { severity: 'low', why: 'a cache folder', target: `path ${shown}` };
      if (t.word.glob && /^\/(tmp|var\/tmp|private\/tmp|dev\/shm)$/.test(shown)) return { severity: 'low', why: 'files in a temporary folder', target: `path ${shown}` };
      if (isRegenerable(t.resolved)) return { severity: 'low', why: 'a folder of installed or generated files', target: `path ${shown}` };
      return { severity: 'high', why: 'a folder outside the workspace', target: `path ${shown}` };
    case 'unknown': {
      if (t.ifEmpty) {
        const inner = judgeRecursive({ ...t.ifEmpty.assessment, word: t.word, display: t.ifEmpty.path }, rc);
        const v = expansionLabel(t.ifEmpty.expansion);
        const sev = maxSeverity(inner.severity, 'high');
        return { severity: sev, why: `if ${v} is empty or unset this deletes ${t.ifEmpty.path}`, target: `path ${t.display}`, emptyVar: true };
      }
      if (t.unresolved && t.unresolved.length > 0) {
        if (t.unresolved.every((e) => e.hasDefault)) {
          return { severity: 'medium', why: `whatever ${t.unresolved.map(expansionLabel).join(', ')} holds (guarded against being empty)`, target: `path ${t.display}` };
        }
        return { severity: 'high', why: `whatever ${t.unresolved.map(expansionLabel).join(', ')} holds, which is not known here`, target: `path ${t.display}` };
      }
      return { severity: 'medium', why: 'a path whose location is not known here', target: `path ${t.display}` };
    }
  }
}

/** Severity of deleting one file `t` (not recursive). */
export function judgeFile(t: PathTarget, rc: RuleContext): Judged | undefined {
  const shown = t.resolved ?? t.display;
  if (t.cls === 'system') {
    if (/^\/(run|var\/run|var\/tmp|dev\/shm)\//.test(shown) || TEMP_DIR.test(shown)) return undefined;
    if (/^\/dev\//.test(shown)) return undefined;
    return { severity: 'high', why: 'a system file', target: `path ${shown}` };
  }
  if (t.cls === 'home-config') {
    const seg = homeSegment(t.resolved, rc) ?? '';
    // `rm -f ~/.ssh/*`: every file in the folder, as `find ~/.ssh -type f -delete` is.
    if (SECRET_HOME_DIRS.has(seg) && wholeKindGlob(t)) return { severity: 'critical', why: `every file in your ${seg} folder (keys and credentials you cannot get back)`, target: `path ${shown}` };
    return SECRET_HOME_DIRS.has(seg) && isKeyFile(shown)
      ? { severity: 'high', why: `a key or credential file in ${seg}`, target: `path ${shown}` }
      : { severity: 'medium', why: 'a personal settings file', target: `path ${shown}` };
  }
  if (t.cls === 'workspace-root' && t.word.glob && /^(\.\/)?\*$/.test(t.word.text)) {
    return { severity: 'medium', why: 'every file at the top of the workspace', target: `path ${shown}` };
  }
  // `rm -f ~/backups/*`, `rm ~/*`: every file of a kind in a folder the workspace does not hold, as
  // `find DIR -maxdepth 1 -name '*.tar.gz' -delete` is.
  if ((t.cls === 'outside' || t.cls === 'home') && wholeKindGlob(t) && !TEMP_DIR.test(shown) && !isCachePath(t.resolved) && !isRegenerable(parentOf(t.resolved))) {
    return { severity: 'high', why: `every file${/^\*$/.test(lastSegment(t.word.text)) ? '' : ` matching ${lastSegment(t.word.text)}`} in ${t.cls === 'home' ? 'your home folder' : 'a folder outside the workspace'}`, target: `path ${shown}` };
  }
  if (t.cls === 'unknown' && t.ifEmpty && (t.ifEmpty.assessment.cls === 'system' || t.ifEmpty.assessment.cls === 'root')) {
    return { severity: 'medium', why: `if ${expansionLabel(t.ifEmpty.expansion)} is empty this deletes ${t.ifEmpty.path}`, target: `path ${t.display}` };
  }
  return undefined;
}

/** Temporary folders and what is in them. */
const TEMP_DIR = /^\/(tmp|var\/tmp|private\/tmp|dev\/shm)(\/|$)/;

function lastSegment(p: string): string {
  return p.replace(/\/+$/, '').split('/').pop() ?? p;
}

function parentOf(p: string | undefined): string | undefined {
  return p?.replace(/\/+$/, '').replace(/\/[^/]*$/, '');
}

/** A glob whose last segment selects every file or a whole kind of file (`DIR/*`, `DIR/*.tar.gz`). */
function wholeKindGlob(t: PathTarget): boolean {
  return t.word.glob && !t.word.dynamic && WHOLE_KIND.test(lastSegment(t.word.text));
}

/** Folders that only hold installed or generated files, whatever project they are in. */
function isRegenerable(p: string | undefined): boolean {
  if (!p) return false;
  const last = p.replace(/\/+$/, '').split('/').pop() ?? '';
  return /^(node_modules|__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.next|\.nuxt|\.turbo|\.parcel-cache|\.svelte-kit|\.angular|\.tox|\.nyc_output|\.terraform)$/.test(last);
}

/** A private key, credential or access file (not a public key, not known_hosts). */
function isKeyFile(p: string): boolean {
  const base = p.split('/').pop() ?? p;
  if (base.endsWith('.pub')) return false;
  return /^id_[a-z0-9_]+$/.test(base) || /\.(pem|key|p12|pfx|kdbx|gpg)$/.test(base) || ['credentials', 'config', 'authorized_keys', 'accessTokens.json', 'access_tokens.db', 'credentials.db', 'application_default_credentials.json'].includes(base) || /^private-keys/.test(base) || base === 'secring.gpg';
}

/**
 * The paths an `ls` piped into this command lists, as words: `ls` alone lists `*` of the
 * working folder, `ls -d A B` lists A and B. Undefined for any other source, and for `ls DIR`,
 * whose names are relative to DIR rather than to where the delete runs.
 */
function listedBy(cmd: SimpleCommand, rc: RuleContext): Word[] | undefined {
  const src = upstream(rc.line, cmd)[0];
  if (!src || src.program !== 'ls' || src.dynamicName) return undefined;
  const operands = src.args.filter((a) => !a.text.startsWith('-'));
  if (operands.length === 0) return [{ text: '*', raw: '*', span: src.span, dynamic: false, glob: true, tilde: false, quoted: false, expansions: [] }];
  const dirsOnly = src.args.some((a) => /^-[a-zA-Z]*d[a-zA-Z]*$/.test(a.text) || a.text === '--directory');
  return dirsOnly && operands.every((a) => !a.dynamic) ? operands : undefined;
}

/** `{}` placeholders filled from input (xargs, find -exec). */
function isInputPlaceholder(w: Word): boolean {
  return w.text === '{}' || w.text === '{}/' || w.text.includes('{}');
}

// ---------------------------------------------------------------------------------------------
// find

const FIND_GLOBAL = new Set(['-H', '-L', '-P']);
const FIND_FILTERS = new Set([
  '-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-newer', '-newermt', '-mtime',
  '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-size', '-empty', '-user', '-group', '-perm', '-links', '-inum',
  '-samefile', '-lname', '-ilname', '-used', '-uid', '-gid', '-nouser', '-nogroup',
]);

/** The starting points of a find command and whether its expression narrows what it matches. */
function findScope(find: SimpleCommand): { starts: Word[]; filtered: boolean; byKind: boolean } {
  const a = find.args;
  let i = 0;
  while (i < a.length) {
    const t = a[i]!.text;
    if (FIND_GLOBAL.has(t) || /^-O\d$/.test(t)) i++;
    else if (t === '-D') i += 2;
    else break;
  }
  const starts: Word[] = [];
  while (i < a.length) {
    const t = a[i]!.text;
    if (t.startsWith('-') || t === '(' || t === '!' || t === ',' || t === '\\(') break;
    starts.push(a[i]!);
    i++;
  }
  let filtered = false;
  let byKind = true;
  for (; i < a.length; i++) {
    const t = a[i]!.text;
    if (FIND_FILTERS.has(t)) {
      filtered = true;
      if (!(/^-i?name$/.test(t) && WHOLE_KIND.test(a[i + 1]?.text ?? ''))) byKind = false;
    }
    if (t === '-exec' || t === '-execdir' || t === '-ok' || t === '-okdir') break;
  }
  if (starts.length === 0) starts.push({ text: '.', raw: '.', span: find.name?.span ?? find.span, dynamic: false, glob: false, tilde: false, quoted: false, expansions: [] });
  return { starts, filtered, byKind: filtered && byKind };
}

/** A name pattern that selects a whole kind of file (`*.bak`, `*.tar.gz`, `*`), not a few files. */
const WHOLE_KIND = /^\*(?:\.[\w-]+)*$/;

/**
 * Lowers a find-scoped delete when a test narrows it (`-name 'core.*'`, `-mtime +30`). A filter
 * that only names a kind of file (`-name '*.bak'` at any depth) still reaches every such file
 * under the folder: it lowers a critical folder to high and leaves the rest as they are, and
 * inside the workspace it stays low as before.
 */
function narrowed(j: Judged, cls: PathClass, byKind = false): Severity {
  const s = j.severity;
  if (byKind && cls !== 'workspace-root' && cls !== 'workspace' && cls !== 'workspace-vcs') return s === 'critical' ? 'high' : s;
  if (s === 'critical') return 'high';
  if (s === 'high') return cls === 'workspace-root' || cls === 'workspace' || cls === 'workspace-vcs' ? 'low' : 'medium';
  if (s === 'medium') return 'low';
  return s;
}

/** The worst judgement over a find command's starting points. */
function judgeFind(find: SimpleCommand, rc: RuleContext): (Judged & { word: Word }) | undefined {
  const { starts, filtered, byKind } = findScope(find);
  let worst: (Judged & { word: Word }) | undefined;
  for (const w of starts) {
    let t = pathTarget(w, rc);
    // find /tmp … deletes what is in /tmp, not /tmp itself
    if (t.resolved && /^\/(tmp|var\/tmp|private\/tmp|dev\/shm)$/.test(t.resolved)) t = { ...t, cls: 'temp' };
    const j = judgeRecursive(t, rc);
    const sev = filtered ? narrowed(j, t.cls, byKind) : j.severity;
    const jj = { ...j, severity: sev, word: w, why: filtered ? `files matched under ${t.resolved ?? t.display} (${j.why})` : j.why };
    if (!worst || compareSeverity(sev, worst.severity) > 0) worst = jj;
  }
  return worst;
}

/** The find command that runs this one through -exec/-execdir, when there is one. */
function findWrapper(cmd: SimpleCommand, rc: RuleContext): SimpleCommand | undefined {
  const v = cmd.via[cmd.via.length - 1];
  if (!v || v.kind !== 'find-exec') return undefined;
  const w = wrapperOf(rc.line, cmd);
  return w?.program === 'find' ? w : undefined;
}

// ---------------------------------------------------------------------------------------------
// rm

const SUGGEST_RM = 'Delete the exact folder you mean by its full path, or move it aside first (mv DIR DIR.bak).';

function rmTargets(cmd: SimpleCommand): Word[] {
  return positionals(cmd);
}

function isRecursiveRm(cmd: SimpleCommand): boolean {
  if (cmd.program === 'remove-item') return hasPwshParam(cmd, 'recurse', 1);
  return hasFlag(cmd, '-r', '-R', '--recursive');
}

function pwshTargets(cmd: SimpleCommand): Word[] {
  const out: Word[] = [];
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text;
    if (t.startsWith('-') && t.length > 1) {
      const p = t.slice(1).toLowerCase().split(':')[0]!;
      if (['path', 'literalpath', 'lp', 'pspath'].includes(p) || (p.length >= 1 && 'path'.startsWith(p) && p.length >= 2)) {
        if (a[i + 1]) out.push(a[i + 1]!);
        i++;
      } else if (['include', 'exclude', 'filter', 'credential', 'stream'].some((n) => n.startsWith(p) && p.length >= 2)) i++;
      continue;
    }
    out.push(a[i]!);
  }
  // `Remove-Item a,b` → comma-separated list in one word
  return out.flatMap((w) => (w.text.includes(',') && !w.quoted ? w.text.split(',').map((text) => ({ ...w, text })) : [w]));
}

/** Judged targets of a delete command: the worst first. */
function judgeRmTargets(cmd: SimpleCommand, rc: RuleContext, recursive: boolean): (Judged & { word: Word })[] {
  const lrc = contextFor(cmd, rc);
  const out: (Judged & { word: Word })[] = [];
  const targets = cmd.program === 'remove-item' ? pwshTargets(cmd) : rmTargets(cmd);
  const find = findWrapper(cmd, rc);
  for (const w of targets) {
    if (isInputPlaceholder(w) && (cmd.argsFromInput || find)) {
      const listed = find ? undefined : listedBy(cmd, rc);
      if (find) {
        const j = judgeFind(find, lrc);
        if (j) out.push({ ...j, fromFind: true });
      } else if (listed) {
        // `ls | xargs rm -f` is `rm -f *`; `ls -d ~/backups/* | xargs rm` is `rm ~/backups/*`.
        for (const lw of listed) {
          const t = pathTarget(lw, lrc);
          const j = recursive ? judgeRecursive(t, lrc) : judgeFile(t, lrc);
          if (j) out.push({ ...j, word: { ...lw, span: w.span } });
        }
      } else if (recursive) {
        out.push({ severity: 'high', why: 'whatever its input lists', target: 'paths from input', word: w });
      }
      continue;
    }
    const t = pathTarget(w, lrc);
    if (recursive) out.push({ ...judgeRecursive(t, lrc), word: w });
    else {
      const j = judgeFile(t, lrc);
      if (j) out.push({ ...j, word: w });
    }
  }
  if (targets.length === 0 && cmd.argsFromInput && recursive) {
    const last = cmd.args[cmd.args.length - 1] ?? cmd.name;
    if (last) out.push({ severity: 'high', why: 'whatever its input lists', target: 'paths from input', word: last as Word });
  }
  return out.sort(bySeverityDescending);
}

/**
 * `Get-ChildItem DIR -Recurse | Remove-Item` (aliases `gci`, `dir`, `ls`, `ri`, `del`): the items
 * the listing yields are deleted, so the listing's folder is the target, as for find -delete.
 */
function pipedListing(cmd: SimpleCommand, rc: RuleContext): (Judged & { word: Word }) | undefined {
  if (cmd.program !== 'remove-item' || pwshTargets(cmd).length > 0) return undefined;
  const src = pipeSource(rc.line, cmd);
  if (!src || src.program !== 'get-childitem') return undefined;
  const dir = pwshTargets(src)[0] ?? { text: '.', raw: '.', span: src.name?.span ?? src.span, dynamic: false, glob: false, tilde: false, quoted: false, expansions: [] };
  const lrc = contextFor(cmd, rc);
  const t = pathTarget(dir, lrc);
  const j = judgeRecursive(t, lrc);
  const recursive = hasPwshParam(src, 'recurse', 1);
  const filters = src.args.filter((a) => /^-(filter|include|exclude|name|fi|inc|exc)/i.test(a.text));
  const filtered = filters.length > 0 || dir.glob;
  // `-Filter *.bak` / `-Include *.bak` select a whole kind of file, as `find -name '*.bak'` does.
  const byKind = recursive && !dir.glob && filters.length > 0 && filters.every((f) => /^-(filter|include|fi|inc)/i.test(f.text) && WHOLE_KIND.test(src.args[src.args.indexOf(f) + 1]?.text ?? ''));
  const severity = filtered || !recursive ? narrowed(j, t.cls, byKind) : j.severity;
  return { ...j, severity, fromFind: true, word: dir, why: `${filtered ? 'the matching items' : 'every item'} Get-ChildItem lists ${recursive ? 'at any depth ' : ''}under ${t.resolved ?? dir.text} (${j.why})` };
}

const rmRecursive: Rule = {
  id: 'fs.rm-recursive',
  description: 'Recursive delete (rm -r, Remove-Item -Recurse, Get-ChildItem -Recurse | Remove-Item), judged by the folder it hits.',
  severity: 'high',
  programs: ['rm', 'remove-item'],
  check(cmd, rc) {
    const piped = pipedListing(cmd, rc);
    if (piped) {
      if (piped.severity === 'none') return undefined;
      return remoteReach(cmd, rc, { severity: piped.severity, message: `Deletes ${piped.why}.`, span: spanTo(cmd, cmd.args[cmd.args.length - 1] ?? piped.word), target: piped.target, suggestion: 'Run the listing alone first, or add -WhatIf to Remove-Item.' });
    }
    if (!isRecursiveRm(cmd)) return undefined;
    const noPreserve = cmd.program === 'rm' && hasFlag(cmd, '--no-preserve-root');
    const findings: CommandRuleFinding[] = [];
    for (const j of judgeRmTargets(cmd, rc, true)) {
      if (j.emptyVar || j.target === 'path .git' || j.severity === 'none') continue;
      if (j.why === 'the Git history of this workspace') continue;
      let sev = j.severity;
      if (noPreserve && j.why === 'the whole filesystem') sev = 'critical';
      findings.push(
        remoteReach(cmd, rc, {
          severity: sev,
          message: j.fromFind ? `Recursively deletes ${j.why}.` : `Recursively deletes ${j.word.text} — ${j.why}.`,
          span: spanTo(cmd, j.word),
          target: j.target,
          suggestion: sev === 'low' ? undefined : SUGGEST_RM,
        }),
      );
      break; // the worst target speaks for the command
    }
    return findings;
  },
  examples: {
    match: [
      { cmd: 'rm -rf /', exactly: 'critical', target: 'path /', span: 'rm -rf /' },
      { cmd: 'rm -rf ~', exactly: 'critical' },
      { cmd: 'rm -rf $HOME', exactly: 'critical' },
      { cmd: 'rm -rf ..', exactly: 'critical' },
      { cmd: 'rm -rf /etc', exactly: 'critical' },
      { cmd: 'rm -rf /var/lib/docker', exactly: 'high' },
      { cmd: 'rm -rf ~/.ssh', exactly: 'critical' },
      { cmd: 'rm -rf ~/.config', exactly: 'high' },
      { cmd: 'rm -rf *', exactly: 'high' },
      { cmd: 'rm -rf .', exactly: 'high' },
      { cmd: 'rm -rf src', exactly: 'medium' },
      { cmd: 'rm -rf /tmp/x', exactly: 'low' },
      { cmd: 'rm -rf ../other-project', exactly: 'high' },
      { cmd: 'rm -r /opt/app', exactly: 'high' },
      { cmd: 'sudo rm -rf /', exactly: 'critical' },
      { cmd: "bash -c 'rm -rf ~/*'", exactly: 'critical' },
      { cmd: 'find ~ -exec rm -rf {} +', exactly: 'critical' },
      { cmd: 'ls | xargs rm -rf', exactly: 'high' },
      { cmd: 'for d in a b; do rm -rf "$d"; done', exactly: 'high' },
      { cmd: 'export T=/ && rm -rf $T', exactly: 'critical' },
      { cmd: "ssh web-1 'rm -rf /srv/app'", exactly: 'high' },
      { cmd: "ssh prod-web-1 'rm -rf /srv/app'", exactly: 'critical', target: 'host prod-web-1' },
      { cmd: 'Remove-Item -Recurse -Force C:\\', ctx: { shell: 'pwsh' }, exactly: 'critical' },
      { cmd: 'Get-ChildItem C:\\Data -Recurse | Remove-Item -Force', ctx: { shell: 'pwsh' }, exactly: 'high' },
      { cmd: 'gci D:\\Backups -Filter *.bak -Recurse | ri -Force', ctx: { shell: 'pwsh' }, exactly: 'high' },
      { cmd: 'gci D:\\Backups -Filter old-*.bak -Recurse | ri -Force', ctx: { shell: 'pwsh' }, exactly: 'medium' },
      { cmd: 'gci D:\\Backups -Filter *.bak | ri', ctx: { shell: 'pwsh' }, exactly: 'medium' },
      { cmd: 'Remove-Item HKLM:\\SOFTWARE\\Acme -Recurse', ctx: { shell: 'pwsh' }, exactly: 'high' },
      { cmd: 'rd $HOME -Recurse -Force', ctx: { shell: 'pwsh' }, exactly: 'critical' },
      { cmd: 'rm -rf ~/.cache/pip', exactly: 'low' },
      { cmd: 'rm -rf ~/other-project/node_modules', exactly: 'low' },
      { cmd: 'rm -rf /tmp/*.log', exactly: 'low' },
      { cmd: 'rm -rf /tmp', exactly: 'high' },
      { cmd: 'rm -rf "${BUILD_DIR:?}/"*', exactly: 'medium' },
      { cmd: 'DIR= ; rm -rf "$DIR/"', exactly: 'critical' },
      { cmd: 'find . -name __pycache__ -type d -exec rm -rf {} +', exactly: 'low' },
    ],
    nearMiss: [
      'rm -rf dist',
      'rm -rf node_modules',
      'rm -rf ./build/',
      'rm -rf packages/web/node_modules',
      'rm -rf dist/*',
      'rm -f /etc/hosts.bak',
      'rm file.txt',
      'rm -rf .git',
      'rm -rf "$DIR/"*',
      'echo rm -rf /',
      'git rm -r src/old',
      { cmd: 'Remove-Item -Recurse dist', ctx: { shell: 'pwsh' } },
      { cmd: 'Remove-Item .\\bin, .\\obj -Recurse -Force', ctx: { shell: 'pwsh' } },
      { cmd: 'Get-ChildItem .\\dist -Recurse | Remove-Item', ctx: { shell: 'pwsh' } },
    ],
  },
};

const rmEmptyVariable: Rule = {
  id: 'fs.rm-empty-variable',
  description: 'Recursive delete of a path that starts with a variable: if it is empty the path becomes absolute ("$DIR/"* → /*).',
  severity: 'critical',
  programs: ['rm', 'remove-item'],
  check(cmd, rc) {
    if (!isRecursiveRm(cmd)) return undefined;
    for (const j of judgeRmTargets(cmd, rc, true)) {
      if (!j.emptyVar) continue;
      return remoteReach(cmd, rc, {
        severity: j.severity,
        message: `Recursively deletes ${j.word.text} — ${j.why}.`,
        span: spanTo(cmd, j.word),
        target: j.target,
        suggestion: 'Guard the variable: rm -rf "${DIR:?}/"* stops when DIR is empty.',
      });
    }
    return undefined;
  },
  examples: {
    match: [
      { cmd: 'rm -rf "$DIR/"*', exactly: 'critical' },
      { cmd: 'rm -rf $BUILD_DIR/', exactly: 'critical' },
      { cmd: 'rm -rf "${PREFIX}/"', exactly: 'critical' },
      { cmd: 'rm -rf "$ROOT"/usr', exactly: 'critical' },
      { cmd: 'rm -rf "$APP/cache"', exactly: 'high' },
    ],
    nearMiss: [
      'rm -rf "${DIR:?}/"*',
      'rm -rf "$DIR"',
      'DIR= ; rm -rf "$DIR/"',
      'rm -rf "$HOME/project/dist"',
      { cmd: 'rm -rf "$OUT/"*', ctx: { env: { HOME: '/home/dev', OUT: '/tmp/out' } } },
      'rm -f "$DIR/"*.log',
    ],
  },
};

const rmSensitive: Rule = {
  id: 'fs.rm-sensitive',
  description: 'Deleting a system file or a key/credential file (not recursive).',
  severity: 'high',
  programs: ['rm', 'remove-item', 'unlink'],
  check(cmd, rc) {
    if (cmd.program !== 'unlink' && isRecursiveRm(cmd)) return undefined;
    const js = judgeRmTargets(cmd, rc, false);
    const j = js[0];
    if (!j) return undefined;
    return remoteReach(cmd, rc, {
      severity: j.severity,
      message: j.fromFind ? `Deletes ${j.why}.` : `Deletes ${j.word.text} — ${j.why}.`,
      span: spanTo(cmd, j.word),
      target: j.target,
      suggestion: j.fromFind ? 'Run the find with -print first and check the list.' : 'Move it aside instead (mv FILE FILE.bak) so it can be restored.',
    });
  },
  examples: {
    match: [
      { cmd: 'sudo rm -f /etc/passwd', exactly: 'high' },
      { cmd: 'rm -f ~/.ssh/id_rsa', exactly: 'high' },
      { cmd: 'rm ~/.aws/credentials', exactly: 'high' },
      { cmd: 'rm ~/.bashrc', exactly: 'medium' },
      { cmd: 'rm *', exactly: 'medium' },
      { cmd: 'rm ~/.ssh/known_hosts.old', exactly: 'medium' },
      { cmd: 'unlink /etc/resolv.conf', exactly: 'high' },
    ],
    nearMiss: ['rm src/old.ts', 'rm *.log', 'rm -f /tmp/app.sock', 'rm -f /var/run/app.pid', 'rm -rf /etc', 'rm -f dist/app.js'],
  },
};

const rmGit: Rule = {
  id: 'fs.rm-git',
  description: "Deleting a repository's .git folder: the history, branches and stashes that were never pushed.",
  severity: 'high',
  programs: ['rm', 'remove-item'],
  check(cmd, rc) {
    if (!isRecursiveRm(cmd)) return undefined;
    const lrc = contextFor(cmd, rc);
    const targets = cmd.program === 'remove-item' ? pwshTargets(cmd) : rmTargets(cmd);
    for (const w of targets) {
      const t = pathTarget(w, lrc);
      const p = (t.resolved ?? w.text).replace(/\/+$/, '');
      const isGit = /(^|\/)\.git(\/(objects|refs|logs|packed-refs|HEAD)(\/.*)?)?$/.test(p);
      if (!isGit) continue;
      return {
        severity: 'high',
        message: `Deletes ${w.text} — the Git history, local branches and stashes that exist nowhere else.`,
        span: spanTo(cmd, w),
        target: `path ${t.resolved ?? w.text}`,
        suggestion: 'Check for unpushed work first (git status; git log --branches --not --remotes), or move .git aside.',
      };
    }
    return undefined;
  },
  examples: {
    match: [{ cmd: 'rm -rf .git', exactly: 'high' }, 'rm -rf ./.git/', 'rm -rf .git/objects', 'rm -rf ../lib/.git'],
    nearMiss: ['rm -rf .github/workflows', 'rm .gitignore', 'rm -f .git/index.lock', 'git rm -r --cached .', 'rm -r .git/hooks/pre-commit.sample', 'rm -rf .git/rebase-merge'],
  },
};

const findDelete: Rule = {
  id: 'fs.find-delete',
  description: 'find … -delete, judged by where it starts and whether a test (-name, -mtime, …) narrows it.',
  severity: 'high',
  programs: ['find'],
  check(cmd, rc) {
    const del = cmd.args.find((a) => a.text === '-delete');
    if (!del) return undefined;
    const j = judgeFind(cmd, contextFor(cmd, rc));
    if (!j || j.severity === 'none') return undefined;
    return remoteReach(cmd, rc, {
      severity: j.severity,
      message: `Deletes ${j.why === 'the whole filesystem' ? 'everything under /' : j.why.startsWith('files matched') ? j.why : `everything under ${j.word.text} — ${j.why}`}.`,
      span: [cmd.name?.span[0] ?? cmd.span[0], del.span[1]],
      target: j.target,
      suggestion: 'Run the same find with -print first and check the list, then add -delete.',
    });
  },
  examples: {
    match: [
      { cmd: 'find / -delete', exactly: 'critical' },
      { cmd: 'find ~ -type f -delete', exactly: 'critical' },
      { cmd: 'find . -delete', exactly: 'high' },
      { cmd: "find /etc -name '*.conf' -delete", exactly: 'high' },
      { cmd: 'find ~/Downloads -mtime +30 -delete', exactly: 'medium' },
      { cmd: "find /srv/backups -name '*.bak' -delete", exactly: 'high' },
      { cmd: "find /srv/backups -name 'tmp-*.bak' -delete", exactly: 'medium' },
      { cmd: "find /var/log -name '*.gz' -mtime +30 -delete", exactly: 'medium' },
      { cmd: 'sudo find /var -type f -delete', exactly: 'critical' },
      { cmd: "find . -name '*.pyc' -delete", exactly: 'low' },
      { cmd: "find /tmp -name 'x-*' -delete", exactly: 'low' },
    ],
    nearMiss: ['find dist -delete', 'find node_modules/.cache -delete', "find . -name '*.ts'", 'find . -type f -newer package.json'],
  },
};

// ---------------------------------------------------------------------------------------------
// shred, truncate, mv

const shred: Rule = {
  id: 'fs.shred',
  description: 'shred overwrites a file so it can never be recovered.',
  severity: 'high',
  programs: ['shred', 'srm', 'wipe'],
  check(cmd, rc) {
    const lrc = contextFor(cmd, rc);
    const targets = positionals(cmd, ['-n', '--iterations', '-s', '--size', '--random-source']);
    let worst: CommandRuleFinding | undefined;
    for (const w of targets) {
      const t = isInputPlaceholder(w) ? undefined : pathTarget(w, lrc);
      const p = t?.resolved ?? w.text;
      let sev: Severity = 'high';
      let why = 'overwritten so it can never be recovered';
      if (isBlockDevice(p)) {
        sev = 'critical';
        why = 'a whole disk, overwritten beyond recovery';
      } else if (t?.cls === 'temp') sev = 'medium';
      const f = { severity: sev, message: `Shreds ${w.text} — ${why}.`, span: spanTo(cmd, w), target: `path ${p}`, suggestion: 'Use rm (or move the file to the trash) unless it must be unrecoverable.' };
      if (!worst || compareSeverity(sev, worst.severity) > 0) worst = f;
    }
    return worst && remoteReach(cmd, rc, worst);
  },
  examples: {
    match: [{ cmd: 'shred -u ~/.ssh/id_ed25519', exactly: 'high' }, { cmd: 'shred -n 3 -z /dev/sda', exactly: 'critical' }, 'shred -u src/index.ts', 'find . -type f -exec shred -u {} \\;'],
    nearMiss: ['shred --help', 'echo shred -u secrets.txt', 'man shred'],
  },
};

/** File names that hold configuration or secrets, whose loss breaks things. */
function isConfigName(p: string): boolean {
  const base = p.split('/').pop() ?? p;
  if (/^\.env(\..+)?$/.test(base)) return !/\.(example|sample|template|dist|defaults)$/.test(base);
  return /\.(conf|cfg|ini|pem|key|crt|service)$/.test(base) || /^\.(bashrc|zshrc|profile|bash_profile|zprofile|zshenv|npmrc|netrc|gitconfig|pgpass)$/.test(base) || /^id_[a-z0-9]+$/.test(base) || base === 'credentials' || base === 'authorized_keys' || base === 'known_hosts' || base === 'sudoers';
}

/** Why overwriting `w` matters, or undefined when it does not. */
function judgeOverwrite(w: Word, rc: RuleContext): { severity: Severity; why: string; path: string } | undefined {
  const t = pathTarget(w, rc);
  const p = t.resolved ?? t.display;
  if (p.startsWith('/dev/') || p === '/dev/null') return undefined;
  if (t.cls === 'workspace-build' || t.cls === 'temp') return undefined;
  if (t.cls === 'system') return { severity: 'high', why: 'a system file', path: p };
  if (t.cls === 'home-config' || (t.cls === 'outside' && isConfigName(p) && homeSegment(t.resolved, rc))) return { severity: 'high', why: 'a personal configuration or key file', path: p };
  if (isConfigName(p)) {
    const exists = fileExists(rc, p);
    if (exists === false) return undefined;
    return { severity: exists ? 'high' : 'medium', why: exists ? 'an existing configuration file' : 'a configuration file (if it exists)', path: p };
  }
  return undefined;
}

const truncate: Rule = {
  id: 'fs.truncate',
  description: 'truncate -s 0 (or any shrinking size) on a system, personal or config file.',
  severity: 'high',
  programs: ['truncate'],
  check(cmd, rc) {
    const size = flagValue(cmd, '-s', '--size');
    if (!size) return undefined;
    if (!/^(0+|-.*|<.*|\/.*|%.*)$/.test(size.text.trim()) && !/^0[KMGTkmgt]?$/.test(size.text.trim())) return undefined;
    const lrc = contextFor(cmd, rc);
    for (const w of positionals(cmd, ['-s', '--size', '-r', '--reference'])) {
      const t = pathTarget(w, lrc);
      if (isBlockDevice(t.resolved ?? w.text)) {
        return remoteReach(cmd, rc, { severity: 'high', message: `Tries to empty the device ${w.text}: everything on that disk is meant to go.`, span: spanTo(cmd, w), target: `device ${w.text}`, suggestion: 'Check the device with lsblk first.' });
      }
      const j = judgeOverwrite(w, lrc);
      if (t.cls === 'workspace-build' || t.cls === 'temp') continue;
      const f: CommandRuleFinding = j
        ? { severity: j.severity, message: `Empties ${w.text} — ${j.why}.`, span: spanTo(cmd, w), target: `path ${j.path}` }
        : { severity: 'medium', message: `Empties ${w.text}; its contents are lost.`, span: spanTo(cmd, w), target: `path ${t.resolved ?? w.text}` };
      return remoteReach(cmd, rc, { ...f, suggestion: 'Copy it aside first (cp FILE FILE.bak).' });
    }
    return undefined;
  },
  examples: {
    match: [{ cmd: 'truncate -s 0 /var/log/syslog', exactly: 'high' }, { cmd: 'truncate -s 0 /dev/sdb', exactly: 'high' }, { cmd: 'truncate -s 0 ~/.bashrc', exactly: 'high' }, { cmd: 'truncate --size=0 .env', exactly: 'high' }, { cmd: 'truncate -s 0 notes.md', exactly: 'medium' }],
    nearMiss: ['truncate -s 10M disk.img', 'truncate -s 0 /tmp/app.log', 'truncate -s 0 dist/out.log', 'truncate -s +1G data.img'],
  },
};

const mvImportant: Rule = {
  id: 'fs.mv-important',
  description: 'mv onto a system or personal path (/etc, ~/.ssh, /dev/null), or moving such a path away.',
  severity: 'high',
  programs: ['mv', 'move-item'],
  check(cmd, rc) {
    const lrc = contextFor(cmd, rc);
    const args = positionals(cmd, ['-t', '--target-directory', '-S', '--suffix']);
    const tdir = flagValue(cmd, '-t', '--target-directory');
    const ti = cmd.args.findIndex((a) => a.text === '-t' || a.text === '--target-directory');
    const dest = tdir ? (ti >= 0 ? cmd.args[ti + 1] : undefined) : args[args.length - 1];
    const sources = tdir ? args : args.slice(0, -1);
    if (dest) {
      const t = pathTarget(dest, lrc);
      const p = t.resolved ?? t.display;
      let why: string | undefined;
      if (p === '/dev/null') why = 'files moved onto /dev/null are gone (and, as root, /dev/null itself is replaced)';
      else if (t.cls === 'root' || t.cls === 'system') why = 'it overwrites or reshuffles a system path';
      else if (t.cls === 'home-config' && /^(\.|Library$)/.test(homeSegment(t.resolved, lrc) ?? '')) why = 'it overwrites personal configuration or keys';
      else if (t.cls === 'home' && !dest.text.endsWith('/')) why = undefined;
      if (why && sources.length > 0) {
        return remoteReach(cmd, rc, { severity: 'high', message: `Moves ${sources.map((s) => s.text).join(' ')} onto ${dest.text} — ${why}.`, span: spanTo(cmd, dest), target: `path ${p}`, suggestion: 'Copy with a backup instead: cp --backup=numbered SRC DEST.' });
      }
    }
    for (const s of sources) {
      const t = pathTarget(s, lrc);
      const p = t.resolved ?? t.display;
      if (t.cls === 'root' || t.cls === 'home' || (t.cls === 'system' && pathDepth(p) <= 3) || (t.cls === 'home-config' && SECRET_HOME_DIRS.has(homeSegment(t.resolved, lrc) ?? ''))) {
        return remoteReach(cmd, rc, { severity: 'high', message: `Moves ${s.text} away — programs that need it stop working.`, span: spanTo(cmd, s), target: `path ${p}`, suggestion: 'Copy it instead (cp -a) and change the copy.' });
      }
    }
    return undefined;
  },
  examples: {
    match: [
      { cmd: 'mv ./nginx.conf /etc/nginx/nginx.conf', exactly: 'high' },
      'mv id_rsa ~/.ssh/id_rsa',
      'mv * /dev/null',
      'mv ~/.ssh /tmp/',
      'sudo mv /usr/bin/python3 /usr/bin/python3.bak',
      'mv -t /etc app.conf',
    ],
    nearMiss: ['mv src/old.ts src/new.ts', 'mv build.log /tmp/', 'mv README.md docs/', 'mv ~/Downloads/a.pdf ~/Documents/', 'mv .env.example .env.local'],
  },
};

// ---------------------------------------------------------------------------------------------
// Redirections and tee

const redirectTruncate: Rule = {
  id: 'fs.redirect-truncate',
  description: '`> file` (or tee without -a) emptying an existing config file, a dotfile or a system file.',
  severity: 'high',
  programs: '*',
  check(cmd, rc) {
    const lrc = contextFor(cmd, rc);
    const out: CommandRuleFinding[] = [];
    for (const r of cmd.redirects) {
      if (!r.target || (r.op !== '>' && r.op !== '>|' && r.op !== '&>')) continue;
      if (r.fd !== undefined && r.fd !== 1 && r.fd !== 2) continue;
      const j = judgeOverwrite(r.target, lrc);
      if (!j) continue;
      out.push(remoteReach(cmd, rc, { severity: j.severity, message: `Overwrites ${r.target.text} — ${j.why}; its old contents are lost.`, span: r.span, target: `path ${j.path}`, suggestion: `Append with >> or write to a new file and review it before replacing ${r.target.text}.` }));
    }
    if (cmd.program === 'tee' && !hasFlag(cmd, '-a', '--append')) {
      for (const w of positionals(cmd)) {
        const j = judgeOverwrite(w, lrc);
        if (!j) continue;
        out.push(remoteReach(cmd, rc, { severity: j.severity, message: `tee overwrites ${w.text} — ${j.why}; its old contents are lost.`, span: spanTo(cmd, w), target: `path ${j.path}`, suggestion: 'Use tee -a to append, or write to a new file first.' }));
      }
    }
    return out;
  },
  examples: {
    match: [
      { cmd: 'echo > .env', exactly: 'high' },
      { cmd: ': > config/app.conf', exactly: 'high' },
      "echo '' > ~/.bashrc",
      'cat /dev/null > /etc/hosts',
      "echo 'nameserver 1.1.1.1' > /etc/resolv.conf",
      'sudo tee /etc/hosts < hosts.new',
      { cmd: 'echo x > unknown.conf', ctx: { cwd: undefined, workspaceRoot: undefined }, exactly: 'medium' },
    ],
    nearMiss: ['echo "PORT=3000" >> .env', 'echo hi > out.txt', 'npm test > test.log 2>&1', 'echo x > /dev/null', 'echo X=1 > .env.local', 'tee -a /etc/hosts < extra', 'cat <<EOF > config.json\n{}\nEOF', 'echo ok > /tmp/x.conf'],
  },
};

const cpOverwrite: Rule = {
  id: 'fs.cp-overwrite-config',
  description: 'cp onto an existing config or key file (cp .env.example .env over a real .env, cp x /etc/…) without -n or a backup.',
  severity: 'high',
  programs: ['cp', 'copy-item', 'install'],
  check(cmd, rc) {
    if (hasFlag(cmd, '-n', '--no-clobber', '-i', '--interactive', '-b', '--backup', '--update', '-u')) return undefined;
    const lrc = contextFor(cmd, rc);
    const args = positionals(cmd, ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group']);
    if (flagValue(cmd, '-t', '--target-directory') || args.length < 2) return undefined;
    const dest = args[args.length - 1]!;
    const j = judgeOverwrite(dest, lrc);
    if (!j) return undefined;
    const src = args.slice(0, -1).map((a) => a.text).join(' ');
    return remoteReach(cmd, rc, { severity: j.severity, message: `Copies ${src} over ${dest.text} — ${j.why}; what it held is lost.`, span: spanTo(cmd, dest), target: `path ${j.path}`, suggestion: `Keep a backup (cp --backup=numbered) or use cp -n so ${dest.text} is not overwritten.` });
  },
  examples: {
    match: [{ cmd: 'cp .env.example .env', exactly: 'high', target: 'path', span: 'cp .env.example .env' }, 'sudo cp nginx.conf /etc/nginx/nginx.conf', 'cp bashrc ~/.bashrc', 'cp config/app.conf.dist config/app.conf'],
    nearMiss: ['cp .env.example .env.local', 'cp -n .env.example .env', 'cp --backup=numbered x.conf config/app.conf', 'cp .env .env.bak', 'cp README.md docs/', 'cp /etc/hosts /tmp/hosts.bak'],
  },
};

// ---------------------------------------------------------------------------------------------
// chmod / chown

function isOpenMode(m: string): boolean {
  return /^0?[0-7]?7[0-7]7$/.test(m) || /^0?[0-7]?[0-7][0-7][2367]$/.test(m) || /(^|,)[ugoa]*[ao][ugoa]*\+[rwxXst]*w/.test(m) || /^0*0{3}$/.test(m) || /(^|,)a?[=-]rwx/.test(m) || m === 'a=' || m === '=';
}

const chmodRecursive: Rule = {
  id: 'fs.chmod-recursive',
  description: 'chmod -R making a tree world-writable (777, o+w) or unreadable (000), judged by where.',
  severity: 'high',
  programs: ['chmod'],
  check(cmd, rc) {
    if (!hasFlag(cmd, '-R', '--recursive')) return undefined;
    const pos = positionals(cmd, ['--reference']);
    const mode = pos[0];
    if (!mode || !isOpenMode(mode.text)) return undefined;
    const lrc = contextFor(cmd, rc);
    let worst: CommandRuleFinding | undefined;
    for (const w of pos.slice(1)) {
      const t = pathTarget(w, lrc);
      let sev: Severity;
      switch (t.cls) {
        case 'root':
          sev = 'critical';
          break;
        case 'system':
        case 'home':
        case 'home-config':
        case 'workspace-parent':
        case 'outside':
          sev = 'high';
          break;
        case 'unknown':
          sev = t.ifEmpty ? 'high' : 'medium';
          break;
        case 'workspace-root':
        case 'workspace':
        case 'workspace-vcs':
          sev = 'medium';
          break;
        default:
          continue;
      }
      const f = { severity: sev, message: `Sets mode ${mode.text} on everything under ${w.text}${sev === 'critical' || t.cls === 'system' ? ' — the system stops trusting its own files' : ''}.`, span: spanTo(cmd, w), target: `path ${t.resolved ?? t.display}`, suggestion: 'Change only the files that need it, with the least mode that works (u+w, 755 for folders, 644 for files).' };
      if (!worst || compareSeverity(sev, worst.severity) > 0) worst = f;
    }
    return worst && remoteReach(cmd, rc, worst);
  },
  examples: {
    match: [{ cmd: 'chmod -R 777 /', exactly: 'critical' }, { cmd: 'chmod -R 777 ~', exactly: 'high' }, 'sudo chmod -R 777 /var/www', 'chmod -R 000 ~/.ssh', { cmd: 'chmod -R a+w .', exactly: 'medium' }],
    nearMiss: ['chmod +x scripts/deploy.sh', 'chmod -R u+w build', 'chmod 600 ~/.ssh/id_ed25519', 'chmod -R 755 dist', 'chmod -R 644 /tmp/site', 'chmod -R go-w ~/.ssh'],
  },
};

const chownRecursive: Rule = {
  id: 'fs.chown-recursive',
  description: 'chown -R / chgrp -R on system paths.',
  severity: 'high',
  programs: ['chown', 'chgrp'],
  check(cmd, rc) {
    if (!hasFlag(cmd, '-R', '--recursive')) return undefined;
    const pos = positionals(cmd, ['--reference', '--from']);
    const lrc = contextFor(cmd, rc);
    let worst: CommandRuleFinding | undefined;
    for (const w of pos.slice(flagValue(cmd, '--reference') ? 0 : 1)) {
      const t = pathTarget(w, lrc);
      const p = t.resolved ?? t.display;
      let sev: Severity | undefined;
      if (t.cls === 'root') sev = 'critical';
      else if (t.cls === 'system') sev = pathDepth(p) <= 1 ? 'critical' : 'high';
      else if (t.cls === 'home') sev = 'medium';
      else if (t.cls === 'unknown' && t.ifEmpty && (t.ifEmpty.assessment.cls === 'root' || t.ifEmpty.assessment.cls === 'system')) sev = 'high';
      if (!sev) continue;
      const f = { severity: sev, message: `Changes the owner of everything under ${w.text}${t.cls === 'home' ? '' : ' — system programs (sudo, ssh) refuse files with the wrong owner'}.`, span: spanTo(cmd, w), target: `path ${p}`, suggestion: 'Change the owner of the one folder that needs it, not a system tree.' };
      if (!worst || compareSeverity(sev, worst.severity) > 0) worst = f;
    }
    return worst && remoteReach(cmd, rc, worst);
  },
  examples: {
    match: [{ cmd: 'chown -R nobody:nogroup /etc', exactly: 'critical' }, { cmd: 'sudo chown -R $USER /usr/local', exactly: 'high' }, 'sudo chown -R dev:dev /var', { cmd: 'chgrp -R staff /', exactly: 'critical' }],
    nearMiss: ['chown -R dev:dev .', 'sudo chown -R $USER node_modules', 'chown dev /etc/app.conf', 'sudo chown -R dev /tmp/build'],
  },
};

export const filesystemPack: RulePack = {
  name: 'fs',
  description: 'Deleting, erasing, emptying, moving and opening up files and folders, judged by what they hit.',
  rules: [rmRecursive, rmEmptyVariable, rmSensitive, rmGit, findDelete, shred, truncate, mvImportant, redirectTruncate, cpOverwrite, chmodRecursive, chownRecursive],
  owns: ['rm', 'remove-item', 'unlink', 'find', 'shred', 'srm', 'wipe', 'truncate', 'mv', 'move-item', 'cp', 'copy-item', 'install', 'chmod', 'chown', 'chgrp'],
};
