/**
 * Rehearsal and help forms of a command: `--dry-run` in its spellings, `-WhatIf`, `--help`,
 * `/?`, and the per-tool short flags that mean "only show what would happen" (`git push -n`,
 * `rsync -n`, `make -n`, `lvremove -t`). Such a command changes nothing, so the analyzer does not
 * hold it for what it would otherwise do (the engine's own findings — unknown or dynamic input,
 * guard tampering — still stand).
 *
 * A rehearsal flag counts only when it belongs to the command itself: before `--`, not the
 * value of another option, and never on a command that runs inline code (`python -c '…' --help`
 * still runs the code) or whose arguments come from its input.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { isOptionWord } from '../shell/normalise';
import { own } from '../own';
import { previewOnly } from './generic/preview';

export interface Rehearsal {
  /** `preview`: the tool only previews unless given its confirm option, or an option makes it list (./generic/preview.ts). */
  kind: 'dry-run' | 'what-if' | 'help' | 'preview';
  /** Lifts only the generic layer's findings (a generic preview option such as `--preview`, which a tool a pack knows may ignore). */
  genericOnly?: boolean;
  /** The word that makes it one. */
  word: Word;
}

/** `--dry-run=<mode>` values that mean "really do it". */
const REAL_MODES = new Set(['none', 'false', '0', 'no', 'off']);

/** Long rehearsal flags, lowercase, without their leading dashes. */
const DRY_RUN_NAMES = new Set(['dry-run', 'dryrun', 'dry_run', 'simulate', 'no-act', 'just-print', 'recon', 'what-if', 'whatif']);

/**
 * Long options that, in the tools that document them, print what the command would change instead
 * of changing it: `--no-action` (mkntfs: "display what it would do"), `--print-diff` and
 * `--print-xml` (virt-xml: "only print … don't apply"), `--dump-sql` (Doctrine's schema tools:
 * "instead of applying … output them"), `--dry` (imapsync: "doing nothing for real"), `--no-run` (dirvish-expire: "show what
 * would be expired"), `--doNotDelete` (storeBackupDel: "test only, do not delete any backup").
 * Elsewhere a tool may ignore them, so they lift only the
 * generic layer's findings: a command a pack knows is not quieted by appending one.
 */
const GENERIC_PREVIEW_NAMES = new Set(['no-action', 'print-diff', 'print-xml', 'dump-sql', 'dry', 'no-run', 'donotdelete', 'do-not-delete']);

/**
 * Tools named for the retention sweep they run (`zfs-prune-snapshots`, `dirvish-expire`,
 * `docker-cleanup`): their `-n` is the conventional "show what would go" (as in `git prune -n`,
 * `brew cleanup -n`, `pg_archivecleanup -n`). Lifts only the generic layer's findings.
 */
const RETENTION_TOOL = /(?:^|[-_])(?:prune|expire|cleanup|clean|reap|reaper|purge|gc)(?:$|[-_])/;

/**
 * Short or tool-specific rehearsal flags, by program (and by subcommand where the same letter
 * means something else elsewhere: `git commit -n` skips hooks, `git push -n` is a dry run). From
 * each tool's manual.
 */
const TOOL_FLAGS: Readonly<Record<string, readonly string[] | Readonly<Record<string, readonly string[]>>>> = {
  git: { push: ['-n'], clean: ['-n'], rm: ['-n'], add: ['-n'], mv: ['-n'], prune: ['-n'], 'remote prune': ['-n'] },
  rsync: ['-n', '--list-only'],
  rclone: ['-n'],
  make: ['-n'],
  gmake: ['-n'],
  restic: ['-n'],
  borg: ['-n'],
  gsutil: ['-n'],
  'apt-get': ['-s', '--no-act', '--just-print', '--recon'],
  apt: ['-s'],
  ansible: ['--check', '-C'],
  'ansible-playbook': ['--check', '-C'],
  puppet: ['--noop'],
  chef: ['--why-run', '-W'],
  'chef-client': ['--why-run', '-W'],
  robocopy: ['/l'],
  ...Object.fromEntries(['lvremove', 'vgremove', 'pvremove', 'lvreduce', 'lvresize', 'vgreduce', 'lvcreate', 'pvcreate', 'vgcreate'].map((p) => [p, ['-t', '--test']])),
  // Package managers: emerge -p (--pretend), pacman -p (--print), rpm --test, and the
  // cleaners' listing forms (gem cleanup -d, brew cleanup -n, conda clean -d).
  emerge: ['-p', '--pretend'],
  pacman: ['-p', '--print'],
  dnf: ['--assumeno'],
  yum: ['--assumeno'],
  'nix-store': ['--print-dead'],
  rpm: ['--test'],
  gem: { cleanup: ['-d', '--dryrun'] },
  brew: { cleanup: ['-n'], autoremove: ['-n'] },
  ...Object.fromEntries(['conda', 'mamba', 'micromamba'].map((p) => [p, { clean: ['-d'] }])),
  // Disks and file systems: -n is "no action" for these (mke2fs shows what it would create,
  // e2fsck answers no to every repair, wipefs and sfdisk write nothing); sgdisk -P pretends.
  ...Object.fromEntries(['mke2fs', 'mkfs.ext2', 'mkfs.ext3', 'mkfs.ext4', 'e2fsck', 'fsck.ext2', 'fsck.ext3', 'fsck.ext4', 'wipefs', 'sfdisk', 'xfs_repair', 'zpool'].map((p) => [p, ['-n']])),
  fsck: ['-N', '-n'],
  sgdisk: ['-P'],
  // libguestfs: virt-customize(1) and virt-sysprep(1) -n, --dry-run ("open the disk read-only, make no changes").
  'virt-customize': ['-n'],
  'virt-sysprep': ['-n'],
  // Cleaners that only list with a flag: logrotate -d (debug: nothing rotated), pg_archivecleanup -n,
  // tmpwatch and tmpreaper -t (--test), paccache -d (--dryrun), xcopy /l (list only).
  logrotate: ['-d'],
  // Perforce previews with -n (clean, revert, delete, sync, integrate); hg purge lists with -p.
  p4: ['-n'],
  hg: { purge: ['-p', '--print'] },
  pg_archivecleanup: ['-n'],
  tmpwatch: ['-t', '--test'],
  tmpreaper: ['-t', '--test'],
  paccache: ['-d', '--dryrun'],
  xcopy: ['/l'],
};

/** Programs where `help` as the last word asks for help (`aws s3 rb help`). */
const TRAILING_HELP = new Set(['aws']);

/** Programs whose words are files or processes, so a word `help` is a name, and where `-h` is not help. */
const OPERAND_PROGRAMS = new Set(['rm', 'unlink', 'shred', 'srm', 'remove-item', 'rd', 'rmdir', 'del', 'erase', 'truncate', 'mv', 'cp', 'dd', 'kill', 'shutdown', 'halt', 'poweroff', 'reboot']);

/**
 * Programs where a trailing `-h` is an ordinary option, not help: GNU tools permute their
 * options, so `chown -R app /srv -h` (no-dereference) and `rsync -a src dst -h` (human-readable)
 * still run.
 */
const H_NOT_HELP = new Set(['chown', 'chgrp', 'chmod', 'rsync', 'tar', 'sort', 'du', 'df', 'ls', 'grep', 'cp', 'ln', 'free', 'sudo', 'doas', 'ssh', 'scp', 'sftp', 'mysql', 'mysqladmin', 'psql', 'pg_dump', 'dropdb', 'redis-cli', 'mongo', 'mongosh', 'nc', 'ncat']);

/** The lowercase name of a `-x`/`--x` option without dashes and value. */
function optionName(t: string): { name: string; value?: string } {
  const body = t.replace(/^--?/, '');
  const eq = body.search(/[=:]/);
  return eq < 0 ? { name: body.toLowerCase() } : { name: body.slice(0, eq).toLowerCase(), value: body.slice(eq + 1).toLowerCase() };
}

/**
 * The rehearsal or help form of `cmd`, or undefined. `windows` says whether `/x` switches are
 * switches (cmd.exe and PowerShell) rather than paths.
 */
export function rehearsalOf(cmd: SimpleCommand, windows: boolean): Rehearsal | undefined {
  if (cmd.inline || cmd.argsFromInput || cmd.dynamicName) return undefined;
  const a = cmd.args;
  let end = a.length;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.text === '--' && !a[i]!.dynamic) {
      end = i;
      break;
    }
  }
  if (end === 0) return undefined;
  const tool = toolFlags(cmd, end);
  let firstPositional: Word | undefined;
  let lastPositional: Word | undefined;
  let optionBefore = false;
  let genericPreview: Word | undefined;
  for (let i = 0; i < end; i++) {
    const w = a[i]!;
    if (w.dynamic) continue;
    const t = w.text;
    if (isOptionWord(t)) {
      const { name, value } = optionName(t);
      if (name === 'help' || name === '?' || (name === 'h' && end === 1 && !OPERAND_PROGRAMS.has(cmd.program))) return { kind: 'help', word: w };
      // `mdb_drop -V`, `tool --version`: the only word asks for the version. Only the generic
      // layer's reading of the tool's name is lifted (a tool named for its action is not run).
      if (end === 1 && (name === 'version' || t === '-V')) return { kind: 'help', word: w, genericOnly: true };
      // `rpk group delete -h`, `consul acl token delete -h`: a bare `-h` after nothing but the
      // subcommand path asks for that subcommand's help (cobra, click, the Go flag package).
      if (t === '-h' && i === end - 1 && !optionBefore && firstPositional && !OPERAND_PROGRAMS.has(cmd.program) && !H_NOT_HELP.has(cmd.program)) return { kind: 'help', word: w };
      optionBefore = true;
      if (DRY_RUN_NAMES.has(name)) {
        if (value !== undefined && (REAL_MODES.has(value) || value === '$false')) continue;
        if (a[i + 1]?.text.toLowerCase() === '$false') continue;
        return { kind: name === 'whatif' || name === 'what-if' ? 'what-if' : 'dry-run', word: w };
      }
      if (tool && matchesToolFlag(t, tool)) return { kind: 'dry-run', word: w };
      if (GENERIC_PREVIEW_NAMES.has(name) && value === undefined) genericPreview ??= w;
      // (Not before a number: `-n 5` is a count to keep or to act on, not a rehearsal.)
      else if (t === '-n' && RETENTION_TOOL.test(cmd.program) && !/^\d/.test(a[i + 1]?.text ?? '')) genericPreview ??= w;
      continue;
    }
    if (windows && t.charCodeAt(0) === 47 /* / */) {
      const s = t.toLowerCase();
      if (s === '/?' || (s.startsWith('/') && s.endsWith('/?'))) return { kind: 'help', word: w };
      if (tool?.includes(s)) return { kind: 'dry-run', word: w };
      continue;
    }
    firstPositional ??= w;
    lastPositional = w;
  }
  if (firstPositional?.text === 'help' && !OPERAND_PROGRAMS.has(cmd.program)) return { kind: 'help', word: firstPositional };
  if (lastPositional?.text === 'help' && TRAILING_HELP.has(cmd.program)) return { kind: 'help', word: lastPositional };
  if (genericPreview) return { kind: 'dry-run', word: genericPreview, genericOnly: true };
  const preview = previewOnly(cmd);
  if (!preview) return undefined;
  return preview.genericOption ? { kind: 'preview', word: { ...preview.word, text: preview.text }, genericOnly: true } : { kind: 'preview', word: { ...preview.word, text: preview.text } };
}

function matchesToolFlag(t: string, flags: readonly string[]): boolean {
  for (const f of flags) {
    if (t === f) return true;
    // short flags also inside a cluster: `rsync -avn`
    if (f.length === 2 && f[0] === '-' && t.length > 2 && t[1] !== '-' && /^-[A-Za-z]+$/.test(t) && t.includes(f[1]!, 1)) return true;
  }
  return false;
}

/** The tool-specific rehearsal flags that apply to this command (per subcommand for git). */
function toolFlags(cmd: SimpleCommand, end: number): readonly string[] | undefined {
  const spec = own(TOOL_FLAGS, cmd.program);
  if (!spec) return undefined;
  if (Array.isArray(spec)) return spec as readonly string[];
  const bySub = spec as Readonly<Record<string, readonly string[]>>;
  const words: string[] = [];
  for (let i = 0; i < end && words.length < 2; i++) {
    const t = cmd.args[i]!.text;
    if (isOptionWord(t)) {
      if (cmd.program === 'git' && (t === '-C' || t === '-c')) i++;
      continue;
    }
    words.push(t);
  }
  return bySub[words.join(' ')] ?? bySub[words[0] ?? ''];
}
