/**
 * Backup and sync: deleting snapshots, archives and whole backup repositories (restic, borg,
 * kopia, velero, tarsnap, duplicity, rdiff-backup), and sync tools told to delete what the
 * source lacks (rsync --delete, rclone sync/delete/purge, gsutil rsync -d, gcloud storage rsync
 * --delete-unmatched-destination-objects, s3cmd, b2, azcopy, robocopy /MIR /PURGE, unison -force).
 *
 * Rehearsals stay quiet: `--dry-run` and the tool's own spellings (`-n`, `/L`, duplicity
 * without `--force`). A production-looking destination, bucket or repository makes a finding
 * critical. Written from each tool's own reference (man pages and CLI docs).
 */
import type { Severity } from '../../severity';
import { deleteSeverity, NO_UNDO, SHARED_DELETE } from '../generic/weight';
import type { Word } from '../../shell/model';
import { withReach } from '../context';
import { isQuiet, operandWords, type OpMatch, operationsRule } from '../operations';
import { pathDepth, pathTarget } from '../paths';
import { hasFlag, programsOf, type CommandRuleFinding, type Rule, type RuleContext, type RulePack } from '../rule';
import { optionValues, spanTo } from '../words';

/** `host:path` or `user@host:path` (rsync, scp style), not `C:\…` or `./x:y`. */
function isRemoteSpec(t: string): boolean {
  return /^[^/\s:]+:/.test(t) && !/^[a-zA-Z]:[\\/]/.test(t);
}

/** The last word of a list, or undefined. */
function lastOf(words: readonly Word[]): Word | undefined {
  return words[words.length - 1];
}

// ---------------------------------------------------------------------------------------------
// restic

const RESTIC_VALUED = [
  '-r', '--repo', '--repository-file', '-p', '--password-file', '--password-command', '--cacert', '--cache-dir', '--key-hint',
  '--tls-client-cert', '-o', '--option', '--limit-upload', '--limit-download', '--pack-size', '--compression',
  '--keep-last', '--keep-hourly', '--keep-daily', '--keep-weekly', '--keep-monthly', '--keep-yearly', '--keep-within',
  '--keep-within-hourly', '--keep-within-daily', '--keep-within-weekly', '--keep-within-monthly', '--keep-within-yearly',
  '--keep-tag', '--host', '--tag', '--path', '--group-by', '-g', '--max-unused', '--max-repack-size', '-e', '--exclude',
  '--iexclude', '--exclude-file', '--iexclude-file', '--new-host', '--new-password-file', '--new-insecure-no-password',
];

const restic = operationsRule({
  id: 'backup.restic',
  description: 'restic forget (with --prune), prune, rewrite --forget, key remove: snapshots and the keys to the repository deleted.',
  programs: ['restic', 'rustic'],
  valued: RESTIC_VALUED,
  quiet: ['-n'],
  scope: ['-r', '--repo'],
  scopeEnv: ['RESTIC_REPOSITORY'],
  scopeLabel: 'repository',
  suggestion: 'Run it with --dry-run first and read the list of snapshots it removes.',
  ops: [
    {
      path: 'forget',
      severity: 'high',
      what: (m) => (m.operands.length ? `removes the snapshots ${m.operands.map((w) => w.text).join(', ')} from the repository` : 'removes every snapshot the --keep policy does not keep'),
      raise: [{ flags: ['--prune'], severity: 'high', why: 'and deletes their data at once (--prune)' }],
    },
    { path: 'prune', severity: 'medium', what: 'deletes the data no snapshot references any more, so forgotten snapshots can no longer be recovered' },
    { path: 'rewrite', severity: 'high', when: ['--forget'], what: 'rewrites the snapshots {*?it selects} without the excluded files and forgets the originals' },
    { path: 'repair snapshots', severity: 'high', when: ['--forget'], what: 'repairs damaged snapshots and forgets the originals' },
    { path: 'key remove|rm', severity: 'high', what: 'removes the repository key {0}: a password that only opened that key no longer opens the backups' },
    { path: 'key passwd', severity: 'medium', what: 'changes the repository password; the old one stops working' },
  ],
  examples: {
    match: [
      { cmd: 'restic -r /srv/restic forget --keep-last 3 --prune', exactly: 'high', span: 'restic -r /srv/restic forget --keep-last 3 --prune' },
      { cmd: 'restic forget 4bba301e', exactly: 'high' },
      { cmd: 'restic prune', exactly: 'medium' },
      { cmd: 'restic rewrite --exclude "*.log" --forget latest', exactly: 'high' },
      { cmd: 'restic key remove 3d2b5f', exactly: 'high' },
      { cmd: 'restic -r s3:s3.amazonaws.com/acme-prod-backups forget --keep-daily 7', exactly: 'critical', target: 'acme-prod-backups' },
    ],
    nearMiss: ['restic snapshots', 'restic backup ~/work', 'restic forget --dry-run --keep-last 3', 'restic forget -n --keep-daily 7', 'restic rewrite --exclude "*.log" latest', 'restic key list', 'restic check'],
  },
});

// ---------------------------------------------------------------------------------------------
// borg

const BORG_VALUED = [
  '--rsh', '--remote-path', '--lock-wait', '-a', '--glob-archives', '--match-archives', '-P', '--prefix', '--sort-by', '--first',
  '--last', '--keep-within', '--keep-last', '--keep-secondly', '--keep-minutely', '-H', '--keep-hourly', '-d', '--keep-daily',
  '-w', '--keep-weekly', '-m', '--keep-monthly', '-y', '--keep-yearly', '-e', '--exclude', '--exclude-from', '--pattern',
  '--patterns-from', '--comment', '--timestamp', '-C', '--compression', '--chunker-params', '-r', '--repo', '--umask',
  '--upload-ratelimit', '--upload-buffer', '--debug-topic', '--checkpoint-interval', '--recompress', '--target', '--keep-exclude-tags',
];

const ARCHIVE_FILTERS = ['-a', '--glob-archives', '--match-archives', '-P', '--prefix', '--first', '--last', '--older', '--newer', '--oldest', '--newest'];

function borgDelete(m: OpMatch): string | undefined {
  if (hasFlag(m.cmd, '--cache-only')) return undefined;
  const ops = m.operands.map((w) => w.text);
  const archive = ops.find((t) => t.includes('::'));
  if (archive) return `deletes the archive ${archive.slice(archive.indexOf('::') + 2)} from ${archive.slice(0, archive.indexOf('::')) || 'the repository'}${ops.length > 1 ? ` and ${ops.length - 1} more` : ''}`;
  const filter = optionValues(m.cmd, ...ARCHIVE_FILTERS)[0];
  if (filter) return `deletes every archive matching ${filter.text}${ops[0] ? ` in ${ops[0]}` : ''}`;
  const repoLike = ops[0] !== undefined && (/[/:]/.test(ops[0]) || ops[0].startsWith('~'));
  if (repoLike || ops.length === 0) return `deletes the whole repository ${ops[0] ?? m.rc.env('BORG_REPO') ?? '(BORG_REPO)'} and every archive in it`;
  return `deletes the archives ${ops.join(', ')}`;
}

const borg = operationsRule({
  id: 'backup.borg',
  description: 'borg delete (an archive or the whole repository), rdelete/repo-delete, prune, compact, recreate: archives deleted or rewritten.',
  programs: ['borg', 'borg2', 'borgbackup'],
  valued: BORG_VALUED,
  quiet: ['-n'],
  scope: ['-r', '--repo'],
  scopeEnv: ['BORG_REPO'],
  scopeLabel: 'repository',
  suggestion: 'Run it with --dry-run --list first and read what it removes.',
  ops: [
    {
      path: 'delete',
      severity: 'high',
      what: borgDelete,
      raise: [{ flags: ['--force'], severity: 'high', why: 'even when damaged (--force)' }],
    },
    { path: 'rdelete|repo-delete', severity: 'critical', what: 'deletes the whole repository and every archive in it' },
    { path: 'prune', severity: 'high', what: (m) => `deletes every archive${m.operands[0] ? ` in ${m.operands[0].text}` : ''} that the --keep rules do not keep` },
    { path: 'compact', severity: 'medium', what: 'frees the space of deleted archives for good, so they can no longer be recovered' },
    {
      path: 'recreate',
      severity: 'high',
      what: (m) => (hasFlag(m.cmd, '-e', '--exclude', '--exclude-from', '--pattern', '--patterns-from', '--exclude-caches', '--exclude-if-present', '--target') ? `rewrites the archives${m.operands[0] ? ` of ${m.operands[0].text}` : ''}, dropping the excluded files from them for good` : undefined),
    },
    { path: 'key change-passphrase', severity: 'medium', what: 'changes the repository passphrase; the old one stops working' },
  ],
  examples: {
    match: [
      { cmd: 'borg delete /mnt/backup::web-2024-06-01', exactly: 'high', span: 'borg delete /mnt/backup::web-2024-06-01' },
      { cmd: 'borg delete /mnt/backup', exactly: 'high' },
      { cmd: 'borg delete --glob-archives "db-*" /mnt/backup', exactly: 'high' },
      { cmd: 'borg prune --keep-daily=7 /mnt/backup', exactly: 'high' },
      { cmd: 'BORG_REPO=ssh://nas/./borg borg prune --keep-last 1', exactly: 'high' },
      { cmd: 'borg rdelete', exactly: 'critical' },
      { cmd: 'borg compact /mnt/backup', exactly: 'medium' },
      { cmd: "borg recreate --exclude '*.iso' /mnt/backup", exactly: 'high' },
      { cmd: 'borg delete ssh://backup@prod-nas/./borg', exactly: 'critical' },
    ],
    nearMiss: ['borg list /mnt/backup', 'borg create /mnt/backup::{now} ~/work', 'borg prune --dry-run --list --keep-daily=7 /mnt/backup', 'borg delete -n /mnt/backup::x', 'borg delete --cache-only /mnt/backup', 'borg recreate /mnt/backup --recompress if-different', 'borg info /mnt/backup'],
  },
});

// ---------------------------------------------------------------------------------------------
// kopia

const kopia = operationsRule({
  id: 'backup.kopia',
  description: 'kopia snapshot delete/expire --delete, blob and content delete, maintenance with safety off: snapshots and repository data deleted.',
  programs: ['kopia'],
  valued: ['--config-file', '--password', '--log-level', '--file-log-level', '--log-dir', '--cache-directory', '--safety', '--override-username', '--override-hostname', '--max-age', '--min-size', '--prefix'],
  suggestion: 'Run it without --delete first: kopia then only lists what it would delete.',
  ops: [
    { path: 'snapshot|snap delete|rm', severity: 'high', when: ['--delete'], what: 'deletes the snapshots {*?it selects} from the repository' },
    { path: 'snapshot|snap expire', severity: 'high', when: ['--delete'], what: 'deletes every snapshot{ of {*}} that the retention policy no longer keeps' },
    { path: 'snapshot|snap gc', severity: 'high', when: ['--delete'], what: 'deletes repository contents no snapshot references' },
    { path: 'blob delete|rm', severity: 'high', what: 'deletes the raw repository blobs {*}: snapshots that use them become unreadable' },
    { path: 'content delete|rm', severity: 'high', what: 'deletes the repository contents {*}: snapshots that use them become unreadable' },
    {
      path: 'maintenance run',
      severity: 'high',
      what: (m) => (m.cmd.args.some((a) => a.text === '--safety=none') || optionValues(m.cmd, '--safety')[0]?.text === 'none' ? 'runs maintenance with its safety margins off: data a running snapshot still needs can be deleted' : undefined),
    },
    { path: 'repository|repo change-password', severity: 'medium', what: 'changes the repository password; the old one stops working' },
  ],
  examples: {
    match: [{ cmd: 'kopia snapshot delete k1a2b3 --delete', exactly: 'high' }, 'kopia snapshot expire --all --delete', 'kopia blob delete p0123abc', 'kopia maintenance run --full --safety=none'],
    nearMiss: ['kopia snapshot delete k1a2b3', 'kopia snapshot list', 'kopia snapshot create ~/work', 'kopia maintenance run --full', 'kopia repository status'],
  },
});

// ---------------------------------------------------------------------------------------------
// velero

function selectorText(m: OpMatch, noun: string): string {
  const ops = m.operands.map((w) => w.text);
  if (hasFlag(m.cmd, '--all')) return `every ${noun}`;
  const sel = optionValues(m.cmd, '--selector', '-l')[0];
  if (ops.length) return `the ${noun}${ops.length > 1 ? 's' : ''} ${ops.join(', ')}`;
  return sel ? `every ${noun} matching ${sel.text}` : `the ${noun}`;
}

const velero = operationsRule({
  id: 'backup.velero',
  description: 'velero backup/schedule/restore/backup-location delete and uninstall: cluster backups and their schedules deleted.',
  programs: ['velero'],
  valued: ['-n', '--namespace', '--kubeconfig', '--kubecontext', '-l', '--selector', '--features', '--colorized'],
  scope: ['--kubecontext'],
  scopeLabel: 'kube context',
  suggestion: 'List what it deletes first (velero backup get) and keep at least one recent backup.',
  ops: [
    { path: 'delete backup', severity: 'high', what: (m) => `deletes ${selectorText(m, 'backup')} and its data in object storage`, raise: [{ flags: ['--all'], severity: 'critical' }] },
    { path: 'delete schedule', severity: 'high', what: (m) => `deletes ${selectorText(m, 'backup schedule')}: no more backups are taken`, raise: [{ flags: ['--all'], severity: 'critical' }] },
    { path: 'delete restore', severity: 'medium', what: (m) => `deletes ${selectorText(m, 'restore')} record` },
    { path: 'backup delete', severity: 'high', what: (m) => `deletes ${selectorText(m, 'backup')} and its data in object storage`, raise: [{ flags: ['--all'], severity: 'critical' }] },
    { path: 'schedule delete', severity: 'high', what: (m) => `deletes ${selectorText(m, 'backup schedule')}: no more backups are taken`, raise: [{ flags: ['--all'], severity: 'critical' }] },
    { path: 'backup-location delete', severity: 'high', what: (m) => `deletes ${selectorText(m, 'backup storage location')} and the backups Velero knows there` },
    { path: 'snapshot-location delete', severity: 'high', what: (m) => `deletes ${selectorText(m, 'volume snapshot location')}` },
    { path: 'restore delete', severity: 'medium', what: (m) => `deletes ${selectorText(m, 'restore')} record` },
    { path: 'uninstall', severity: 'high', what: 'removes Velero, its schedules and backup records from the cluster' },
  ],
  examples: {
    match: [{ cmd: 'velero backup delete nightly-20240601 --confirm', exactly: 'high' }, { cmd: 'velero backup delete --all --confirm', exactly: 'critical' }, 'velero schedule delete daily', 'velero backup-location delete default --confirm', { cmd: 'velero restore delete r1', exactly: 'medium' }],
    nearMiss: ['velero backup get', 'velero backup create pre-upgrade', 'velero schedule describe daily', 'velero backup delete --help'],
  },
});

// ---------------------------------------------------------------------------------------------
// tarsnap, duplicity, rdiff-backup, bup

const tarsnap: Rule = {
  id: 'backup.tarsnap',
  description: 'tarsnap -d deletes archives; --nuke deletes every archive.',
  severity: 'high',
  programs: ['tarsnap'],
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    const nuke = cmd.args.find((a) => a.text === '--nuke');
    const del = cmd.args.find((a) => a.text === '-d' || /^-[a-zA-Z]*d[a-zA-Z]*$/.test(a.text));
    if (!nuke && !del) return undefined;
    const names = optionValues(cmd, '-f').map((w) => w.text);
    const w = nuke ?? del!;
    const f: CommandRuleFinding = nuke
      ? { severity: 'critical', message: 'Deletes every archive in the tarsnap account (tarsnap --nuke).', span: spanTo(cmd, lastOf(cmd.args) ?? w), suggestion: 'Delete the archives you mean by name (tarsnap -d -f NAME).' }
      : { severity: 'high', message: `Deletes the archive${names.length > 1 ? 's' : ''} ${names.join(', ') || '(named by -f)'} (tarsnap -d).`, span: spanTo(cmd, lastOf(cmd.args) ?? w), suggestion: 'List the archives first (tarsnap --list-archives).' };
    return withReach(f, [], cmd, rc, optionValues(cmd, '-f'));
  },
  examples: { match: [{ cmd: 'tarsnap -d -f web-2024-05-31', exactly: 'high' }, { cmd: 'tarsnap --nuke', exactly: 'critical' }], nearMiss: ['tarsnap --list-archives', 'tarsnap -c -f web-2024 /srv/www', 'tarsnap -d --dry-run -f x'] },
};

const duplicity = operationsRule({
  id: 'backup.duplicity',
  description: 'duplicity remove-older-than / remove-all-but-n-full / remove-all-inc-of-but-n-full / cleanup with --force: backup sets deleted.',
  programs: ['duplicity'],
  valued: ['--name', '--archive-dir', '--encrypt-key', '--sign-key', '--gpg-options', '--ssh-options', '--log-file', '--tempdir', '-t', '--time', '--file-to-restore', '--exclude', '--include', '--exclude-filelist', '--include-filelist', '-v', '--verbosity', '--volsize'],
  suggestion: 'Run it without --force first: duplicity then only lists what it would delete.',
  ops: [
    { path: 'remove-older-than', severity: 'high', when: ['--force'], what: 'deletes every backup set older than {0} at {1}' },
    { path: 'remove-all-but-n-full', severity: 'high', when: ['--force'], what: 'deletes every backup chain but the last {0} full ones at {1}' },
    { path: 'remove-all-inc-of-but-n-full', severity: 'high', when: ['--force'], what: 'deletes the incremental backups of every chain but the last {0} at {1}' },
    { path: 'cleanup', severity: 'medium', when: ['--force'], what: 'deletes the leftovers of failed backups at {0}' },
  ],
  examples: {
    match: [{ cmd: 'duplicity remove-older-than 1D --force sftp://backup@nas//srv/dup', exactly: 'high' }, 'duplicity remove-all-but-n-full 1 --force file:///mnt/dup'],
    nearMiss: ['duplicity remove-older-than 1D sftp://backup@nas//srv/dup', 'duplicity collection-status file:///mnt/dup', 'duplicity /home/dev file:///mnt/dup'],
  },
});

const rdiffBackup: Rule = {
  id: 'backup.rdiff-backup',
  description: 'rdiff-backup --remove-older-than / remove increments: old versions of the backed-up files deleted.',
  severity: 'high',
  programs: ['rdiff-backup'],
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    const pos = operandWords(cmd, ['--remove-older-than', '--older-than', '--api-version', '--terminal-verbosity', '-v', '--verbosity', '--include', '--exclude', '--remote-schema']);
    const old = optionValues(cmd, '--remove-older-than', '--older-than')[0];
    const newForm = pos[0]?.text === 'remove' && pos[1]?.text === 'increments';
    if (!cmd.args.some((a) => a.text.startsWith('--remove-older-than')) && !newForm) return undefined;
    const repo = lastOf(pos.filter((p) => p.text !== 'remove' && p.text !== 'increments'));
    const f: CommandRuleFinding = {
      severity: 'high',
      message: `Deletes every increment older than ${old?.text ?? 'the given time'} from ${repo?.text ?? 'the backup'}: earlier versions of the files can no longer be restored (rdiff-backup).`,
      span: spanTo(cmd, lastOf(cmd.args)!),
      suggestion: 'List the increments first (rdiff-backup --list-increments) and keep a safe margin.',
    };
    return withReach(f, [], cmd, rc, repo ? [repo] : []);
  },
  examples: { match: ['rdiff-backup --force --remove-older-than 1D /mnt/backup/home', 'rdiff-backup remove increments --older-than 2W /mnt/backup/home'], nearMiss: ['rdiff-backup --list-increments /mnt/backup/home', 'rdiff-backup /home/dev /mnt/backup/home'] },
};

// ---------------------------------------------------------------------------------------------
// rsync

const RSYNC_VALUED = [
  '-e', '--rsh', '--rsync-path', '--exclude', '--include', '--exclude-from', '--include-from', '--files-from', '-f', '--filter',
  '--backup-dir', '--suffix', '--chmod', '--chown', '--log-file', '--log-file-format', '--partial-dir', '-T', '--temp-dir',
  '--compare-dest', '--copy-dest', '--link-dest', '--bwlimit', '--timeout', '--port', '--password-file', '--max-size',
  '--min-size', '--max-delete', '--modify-window', '-M', '--remote-option', '--out-format', '--info', '--debug', '--usermap',
  '--groupmap', '--iconv', '--sockopts', '--contimeout', '--address', '--checksum-choice', '--cc', '--compress-choice', '--zc',
  '--compress-level', '--zl', '--skip-compress', '--stop-after', '--stop-at', '-B', '--block-size', '--outbuf', '--write-batch',
  '--only-write-batch', '--read-batch', '--protocol', '--checksum-seed', '--early-input', '--max-alloc',
];
const RSYNC_DELETE = ['--delete', '--del', '--delete-before', '--delete-during', '--delete-delay', '--delete-after', '--delete-excluded', '--delete-missing-args'];

/** How bad losing files in `dest` is, from where it points. */
function destinationSeverity(dest: Word, rc: RuleContext): { severity: Severity; where: string } {
  if (isRemoteSpec(dest.text) || /^[a-z][a-z0-9+.-]*:\/\//i.test(dest.text)) return { severity: 'high', where: dest.text };
  const t = pathTarget(dest, rc);
  const where = t.resolved ?? t.display;
  switch (t.cls) {
    case 'root':
    case 'home':
      return { severity: 'critical', where };
    case 'system':
      return { severity: pathDepth(t.resolved) <= 1 ? 'critical' : 'high', where };
    case 'workspace-build':
    case 'temp':
      return { severity: 'low', where };
    default:
      return { severity: 'high', where };
  }
}

const rsync: Rule = {
  id: 'backup.rsync-delete',
  description: 'rsync --delete (every spelling) deletes files in the destination that the source lacks; --remove-source-files deletes the source.',
  severity: 'high',
  programs: ['rsync'],
  check(cmd, rc) {
    if (hasFlag(cmd, '-n', '--dry-run', '--list-only', '--help', '--version')) return undefined;
    const del = cmd.args.find((a) => RSYNC_DELETE.some((d) => a.text === d || a.text.startsWith(`${d}=`)));
    const removeSource = cmd.args.find((a) => a.text === '--remove-source-files');
    if (!del && !removeSource) return undefined;
    const pos = operandWords(cmd, RSYNC_VALUED);
    if (pos.length < 2 && !cmd.argsFromInput) return undefined;
    const dest = lastOf(pos);
    const sources = pos.slice(0, -1);
    const out: CommandRuleFinding[] = [];
    if (del && dest) {
      const d = destinationSeverity(dest, rc);
      const where = d.where;
      const severity: Severity = hasFlag(cmd, '-b', '--backup', '--backup-dir') && d.severity !== 'low' ? 'medium' : d.severity;
      const excluded = del.text.startsWith('--delete-excluded') ? ', and the files it excludes' : '';
      const f: CommandRuleFinding = {
        severity,
        message: `Deletes every file in ${where} that is not in ${sources.map((s) => s.text).join(' ') || 'the source'}${excluded} (rsync ${del.text}).`,
        span: spanTo(cmd, dest),
        suggestion: 'Run it with --dry-run (-n) first and read the "deleting" lines, or add --backup-dir to keep what it deletes.',
        target: `destination ${where}`,
      };
      out.push(withReach(f, [], cmd, rc, [dest]));
    }
    if (removeSource) {
      out.push({
        severity: 'medium',
        message: `Deletes the source files ${sources.map((s) => s.text).join(' ')} once they are copied to ${dest?.text ?? 'the destination'} (rsync --remove-source-files).`,
        span: spanTo(cmd, dest ?? removeSource),
        suggestion: 'Copy first, check the copy, then delete the source.',
      });
    }
    return out;
  },
  examples: {
    match: [
      { cmd: 'rsync -a --delete ./public/ deploy@web-1:/var/www/html/', exactly: 'high', target: 'web-1' },
      { cmd: 'rsync -a --delete /tmp/empty/ /home/dev/', exactly: 'critical' },
      { cmd: 'rsync -aHAX --del /mnt/old/ /mnt/data/', exactly: 'high' },
      { cmd: 'rsync --recursive --delete-during src/ /opt/app/src/', exactly: 'high' },
      { cmd: 'rsync -a --delete ./site/ deploy@web-prod-1:/srv/www/', exactly: 'critical' },
      { cmd: 'rsync -av --remove-source-files /var/backups/ archive:/backups/', exactly: 'medium' },
      { cmd: 'rsync -a --delete src/ dist/', exactly: 'low' },
    ],
    nearMiss: ['rsync -av src/ backup/src/', 'rsync -a --delete --dry-run build/ /srv/app/', 'rsync -an --delete build/ /srv/app/', 'rsync -avzP ./dist/ staging:/srv/app/', 'rsync --version'],
  },
};

// ---------------------------------------------------------------------------------------------
// rclone

const RCLONE_VALUED = [
  '--config', '--transfers', '--checkers', '--min-age', '--max-age', '--include', '--exclude', '--filter', '--filter-from',
  '--include-from', '--exclude-from', '--files-from', '--files-from-raw', '--bwlimit', '--log-file', '--log-level', '--backup-dir',
  '--suffix', '--max-depth', '--dedupe-mode', '--order-by', '--max-size', '--min-size', '--max-transfer', '--max-delete',
  '--max-delete-size', '--compare-dest', '--copy-dest', '--retries', '--low-level-retries', '--timeout', '--contimeout',
  '--stats', '-s', '--user-agent', '--header', '--track-renames-strategy', '--tpslimit', '--cache-dir', '--temp-dir',
  '--drive-shared-with-me', '--password-command', '--rc-addr', '--multi-thread-streams', '--buffer-size', '--check-first',
];

const rclone = operationsRule({
  id: 'backup.rclone',
  description: 'rclone sync (deletes what the source lacks), delete, deletefile, purge, dedupe, cleanup, move, rmdirs: remote files deleted.',
  programs: ['rclone'],
  valued: RCLONE_VALUED,
  quiet: ['-n', '-i', '--interactive'],
  scopeLabel: 'remote',
  suggestion: 'Run it with --dry-run (or --interactive) first and read what it deletes.',
  ops: [
    { path: 'sync', severity: 'high', what: 'makes {1} an exact copy of {0}: files in {1} that are not in the source are deleted' },
    { path: 'bisync', severity: 'medium', what: 'syncs {0} and {1} both ways: deletions on one side delete files on the other', raise: [{ flags: ['--resync', '--force'], severity: 'high', why: 'overriding its safety checks' }] },
    { path: 'delete', severity: 'high', what: 'deletes every file under {0} that its filters select', raise: [{ flags: ['--rmdirs'], severity: 'high', why: 'and the emptied folders' }] },
    { path: 'deletefile', severity: 'high', what: 'deletes the file {0}' },
    { path: 'purge', severity: 'high', what: 'deletes {0} and everything in it, ignoring any filters' },
    { path: 'rmdirs', severity: 'medium', what: 'removes every empty folder under {0}' },
    { path: 'cleanup', severity: 'medium', what: 'empties the trash and deletes old file versions under {0} for good' },
    {
      path: 'dedupe',
      severity: 'high',
      what: (m) => {
        const mode = optionValues(m.cmd, '--dedupe-mode')[0]?.text ?? (/^(skip|first|newest|oldest|largest|smallest|rename|interactive|list)$/.test(m.operands[0]?.text ?? '') ? m.operands[0]!.text : 'interactive');
        if (!/^(first|newest|oldest|largest|smallest)$/.test(mode)) return undefined;
        const where = m.operands[m.operands.length - 1]?.text ?? 'the remote';
        return `deletes every duplicate file under ${where} but the ${mode} one, without asking`;
      },
    },
    { path: 'move|moveto', severity: 'medium', what: 'moves {0} to {1}: the source copies are deleted' },
  ],
  examples: {
    match: [
      { cmd: 'rclone sync ./site remote:www', exactly: 'high' },
      { cmd: 'rclone sync ./site remote:www-prod', exactly: 'critical' },
      { cmd: 'rclone delete s3:acme-archive --min-age 30d --rmdirs', exactly: 'high' },
      'rclone deletefile b2:acme-backups/db/latest.dump',
      'rclone purge gdrive:Old',
      { cmd: 'rclone dedupe --dedupe-mode newest gdrive:Photos', exactly: 'high' },
      'rclone dedupe oldest gdrive:Photos',
      { cmd: 'rclone move ./out s3:acme-inbox', exactly: 'medium' },
    ],
    nearMiss: ['rclone ls s3:acme-archive --max-depth 1', 'rclone sync ./site remote:www --dry-run', 'rclone sync -n ./site remote:www', 'rclone copy ./site remote:www', 'rclone dedupe gdrive:Photos', 'rclone size gdrive:Backups', 'rclone lsd gdrive:'],
  },
});

// ---------------------------------------------------------------------------------------------
// Object storage sync and delete: gsutil rsync -d, gcloud storage rsync, s3cmd, b2, azcopy

const gsutilRsync: Rule = {
  id: 'backup.gsutil-rsync-delete',
  description: 'gsutil rsync -d and gcloud storage rsync --delete-unmatched-destination-objects delete destination objects the source lacks.',
  severity: 'high',
  programs: ['gsutil', 'gcloud'],
  check(cmd, rc) {
    if (isQuiet(cmd, ['-n'])) return undefined;
    const pos = operandWords(cmd, ['-x', '--exclude', '-c', '-o', '-h', '-p', '-u', '--project', '--account', '--configuration', '--format', '--verbosity', '--impersonate-service-account', '--billing-project', '--flags-file', '--exclude-managed-folders']);
    let flag: Word | undefined;
    let rest: readonly Word[];
    if (cmd.program === 'gsutil') {
      const i = pos.findIndex((p) => p.text === 'rsync');
      if (i < 0) return undefined;
      flag = cmd.args.find((a) => a.span[0] > pos[i]!.span[0] && /^-[a-zA-Z]*d[a-zA-Z]*$/.test(a.text));
      rest = pos.slice(i + 1);
    } else {
      if (pos[0]?.text !== 'storage' || pos[1]?.text !== 'rsync') return undefined;
      flag = cmd.args.find((a) => a.text === '--delete-unmatched-destination-objects');
      rest = pos.slice(2);
    }
    if (!flag) return undefined;
    const dest = lastOf(rest);
    const f: CommandRuleFinding = {
      severity: 'high',
      message: `Deletes every object under ${dest?.text ?? 'the destination'} that is not in ${rest[0]?.text ?? 'the source'} (${cmd.program === 'gsutil' ? 'gsutil rsync -d' : 'gcloud storage rsync --delete-unmatched-destination-objects'}).`,
      span: spanTo(cmd, dest ?? flag),
      suggestion: 'Run it with -n (gsutil) or --dry-run (gcloud) first, and keep object versioning on the bucket.',
    };
    return withReach(f, optionValues(cmd, '--project').map((w) => ({ name: w.text, label: `project ${w.text}` })), cmd, rc, dest ? [dest] : []);
  },
  examples: {
    match: [{ cmd: 'gsutil rsync -d -r ./site gs://acme-www', exactly: 'high' }, 'gsutil -m rsync -rd ./site gs://acme-www', 'gcloud storage rsync ./site gs://acme-www --recursive --delete-unmatched-destination-objects', { cmd: 'gsutil rsync -d -r ./site gs://acme-prod-www', exactly: 'critical' }],
    nearMiss: ['gsutil rsync -r ./site gs://acme-www', 'gsutil rsync -n -d -r ./site gs://acme-www', 'gcloud storage rsync ./site gs://acme-www --recursive', 'gcloud storage rsync ./site gs://w --delete-unmatched-destination-objects --dry-run'],
  },
};

const s3cmd = operationsRule({
  id: 'backup.s3cmd',
  description: 's3cmd del/rm --recursive, rb, sync --delete-removed: objects and buckets deleted.',
  programs: ['s3cmd'],
  valued: ['-c', '--config', '--exclude', '--include', '--exclude-from', '--include-from', '--rexclude', '--rinclude', '--region', '--host', '--host-bucket', '--access_key', '--secret_key', '--storage-class', '--acl-grant', '--mime-type', '--add-header', '--expiry-days', '--expiry-date', '--expiry-prefix'],
  quiet: ['-n'],
  scopeLabel: 'bucket',
  suggestion: 'Run it with --dry-run first and keep versioning on the bucket.',
  ops: [
    { path: 'del|rm', severity: SHARED_DELETE, what: `deletes the object {*}; there is ${NO_UNDO} unless the bucket keeps versions`, raise: [{ flags: ['-r', '--recursive'], severity: 'high', why: 'with everything under it (--recursive)' }] },
    { path: 'rb', severity: 'medium', what: 'deletes the bucket {*}', raise: [{ flags: ['-r', '--recursive', '-f', '--force'], severity: 'high', why: 'with every object in it' }] },
    { path: 'sync', severity: 'high', when: ['--delete-removed'], what: 'syncs {0} to {1} and deletes what {0} lacks from {1}' },
    { path: 'expire', severity: 'medium', what: 'sets objects in {0} to expire and be deleted' },
  ],
  examples: {
    match: [{ cmd: 's3cmd del --recursive --force s3://acme-archive/2022/', exactly: 'high' }, { cmd: 's3cmd rb --recursive --force s3://acme-prod-media', exactly: 'critical' }, 's3cmd sync --delete-removed ./site/ s3://acme-www/', { cmd: 's3cmd rm s3://acme/a.txt', exactly: 'high' }, { cmd: 's3cmd rb s3://acme-empty', exactly: 'medium' }],
    nearMiss: ['s3cmd ls s3://acme-archive/', 's3cmd sync ./site/ s3://acme-www/', 's3cmd del --dry-run --recursive s3://acme/x', 's3cmd put a.txt s3://acme/'],
  },
});

const b2 = operationsRule({
  id: 'backup.b2',
  description: 'Backblaze b2 rm (--recursive, --versions), bucket delete / delete-bucket, delete-file-version, sync --delete.',
  programs: ['b2'],
  valued: ['--threads', '--exclude-regex', '--include-regex', '--exclude-dir-regex', '--compare-versions', '--keep-days', '--profile', '--lifecycle-rule'],
  scopeLabel: 'bucket',
  suggestion: 'Check the bucket and path first (b2 ls), and keep file versions (lifecycle rules) on.',
  ops: [
    // Without --versions only the newest version goes; older versions of the file stay.
    { path: 'rm', severity: deleteSeverity({ target: 'kept' }), what: 'deletes the newest version of {*}', raise: [{ flags: ['--recursive', '-r'], severity: 'high', why: 'with everything under it' }, { flags: ['--versions'], severity: 'high', why: 'including every old version' }] },
    { path: 'bucket delete', severity: 'high', what: 'deletes the bucket {0}' },
    { path: 'delete-bucket', severity: 'high', what: 'deletes the bucket {0}' },
    { path: 'delete-file-version', severity: 'high', what: 'deletes a file version for good' },
    { path: 'file hide|unhide', severity: 'low', what: 'hides {*}' },
    { path: 'sync', severity: 'high', when: ['--delete'], what: 'syncs {0} to {1} and deletes what {0} lacks from {1}' },
    { path: 'key delete', severity: SHARED_DELETE, what: `deletes the application key {0}: whatever uses it loses access; there is ${NO_UNDO}` },
    { path: 'delete-key', severity: SHARED_DELETE, what: `deletes the application key {0}: whatever uses it loses access; there is ${NO_UNDO}` },
  ],
  examples: {
    match: [{ cmd: 'b2 rm --recursive --versions b2://acme-backups/db', exactly: 'high' }, { cmd: 'b2 bucket delete acme-old-backups', exactly: 'high' }, 'b2 delete-bucket acme-old', 'b2 sync --delete ./out b2://acme-www', { cmd: 'b2 key delete 0012345', exactly: 'high' }],
    nearMiss: ['b2 ls b2://acme-backups', 'b2 sync ./out b2://acme-www', 'b2 bucket list', 'b2 file upload acme ./a a'],
  },
});

const azcopy: Rule = {
  id: 'backup.azcopy',
  description: 'azcopy remove and azcopy sync --delete-destination=true: Azure Storage blobs and files deleted.',
  severity: 'high',
  programs: ['azcopy'],
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    const pos = operandWords(cmd, ['--include-pattern', '--exclude-pattern', '--include-path', '--exclude-path', '--list-of-files', '--log-level', '--cap-mbps', '--from-to', '--output-type', '--include-before', '--include-after']);
    const verb = pos[0];
    if (!verb) return undefined;
    let f: CommandRuleFinding | undefined;
    const dest = lastOf(pos.slice(1));
    if (verb.text === 'remove' || verb.text === 'rm') {
      const recursive = cmd.args.some((a) => a.text === '--recursive' || a.text === '--recursive=true') || /\*/.test(pos[1]?.text ?? '');
      f = { severity: deleteSeverity({ target: 'shared', reach: recursive ? 'wide' : 'one' }), message: `Deletes ${pos[1]?.text ?? 'the target'}${recursive ? ' and everything under it' : ''} (azcopy ${verb.text}; ${NO_UNDO} without soft delete).`, span: spanTo(cmd, lastOf(cmd.args)!), suggestion: 'Run it with --dry-run first; turn on soft delete for the storage account.' };
    } else if (verb.text === 'sync') {
      const d = cmd.args.find((a) => /^--delete-destination(=.*)?$/i.test(a.text));
      const value = d ? (d.text.includes('=') ? d.text.slice(d.text.indexOf('=') + 1) : cmd.args[cmd.args.indexOf(d) + 1]?.text ?? '') : 'false';
      if (!/^(true|prompt)$/i.test(value)) return undefined;
      f = { severity: /^true$/i.test(value) ? 'high' : 'medium', message: `Deletes every file in ${dest?.text ?? 'the destination'} that is not in ${pos[1]?.text ?? 'the source'}${/^prompt$/i.test(value) ? ', after asking' : ''} (azcopy sync --delete-destination).`, span: spanTo(cmd, lastOf(cmd.args)!), suggestion: 'Run it with --dry-run first; turn on soft delete for the storage account.' };
    }
    if (!f) return undefined;
    return withReach(f, [], cmd, rc, pos.slice(1));
  },
  examples: {
    match: [{ cmd: "azcopy remove 'https://acme.blob.core.windows.net/backups/db' --recursive", exactly: 'high' }, { cmd: "azcopy sync ./site 'https://acme.blob.core.windows.net/$web' --delete-destination=true", exactly: 'high' }],
    nearMiss: ["azcopy sync ./site 'https://acme.blob.core.windows.net/$web'", "azcopy copy ./a 'https://acme.blob.core.windows.net/c/a'", "azcopy remove 'https://acme.blob.core.windows.net/c/d' --recursive --dry-run", 'azcopy list https://acme.blob.core.windows.net/c'],
  },
};

// ---------------------------------------------------------------------------------------------
// robocopy, unison

const robocopy: Rule = {
  id: 'backup.robocopy-mirror',
  description: 'robocopy /MIR and /PURGE delete destination files the source lacks; /MOV and /MOVE delete the source.',
  severity: 'high',
  programs: ['robocopy'],
  check(cmd, rc) {
    const flags = cmd.args.map((a) => a.text.toLowerCase());
    if (flags.includes('/l') || flags.includes('/?')) return undefined;
    const pos = cmd.args.filter((a) => !a.text.startsWith('/') && !a.text.startsWith('-'));
    const [src, dest] = pos;
    const mirror = cmd.args.find((a) => /^\/(mir|purge)$/i.test(a.text));
    const move = cmd.args.find((a) => /^\/(mov|move)$/i.test(a.text));
    if (!mirror && !move) return undefined;
    const f: CommandRuleFinding = mirror
      ? { severity: 'high', message: `Deletes every file in ${dest?.text ?? 'the destination'} that is not in ${src?.text ?? 'the source'} (robocopy ${mirror.text}).`, span: spanTo(cmd, lastOf(cmd.args)!), suggestion: 'Run it with /L first to list what it would copy and delete.' }
      : { severity: 'medium', message: `Moves ${src?.text ?? 'the source'} to ${dest?.text ?? 'the destination'}: the source files are deleted once copied (robocopy ${move!.text}).`, span: spanTo(cmd, lastOf(cmd.args)!), suggestion: 'Copy first, check the copy, then delete the source.' };
    return withReach(f, [], cmd, rc, dest ? [dest] : []);
  },
  examples: {
    match: [{ cmd: 'robocopy C:\\src\\site \\\\web01\\wwwroot /MIR', ctx: { shell: 'pwsh' }, exactly: 'high' }, { cmd: 'robocopy.exe C:\\build \\\\fs\\releases /mir /r:1', ctx: { shell: 'pwsh' } }, { cmd: 'robocopy C:\\a D:\\b /PURGE', ctx: { shell: 'pwsh' } }, { cmd: 'robocopy C:\\a \\\\nas\\b /MOVE /E', ctx: { shell: 'pwsh' }, exactly: 'medium' }],
    nearMiss: [{ cmd: 'robocopy C:\\src\\site \\\\web01\\wwwroot /MIR /L', ctx: { shell: 'pwsh' } }, { cmd: 'robocopy .\\dist \\\\staging\\wwwroot *.* /E /NP', ctx: { shell: 'pwsh' } }],
  },
};

const unison: Rule = {
  id: 'backup.unison-force',
  description: 'unison -force ROOT (with -batch) makes one replica overwrite the other: changes and files only on the other side are lost.',
  severity: 'high',
  programs: ['unison'],
  check(cmd, rc) {
    const force = cmd.args.findIndex((a) => /^-(force|forcepartial)$/.test(a.text));
    if (force < 0) return undefined;
    const winner = cmd.args[force + 1];
    const roots = cmd.args.filter((a, i) => !a.text.startsWith('-') && i !== force + 1 && (a.text.includes('/') || a.text.includes('://')));
    const loser = roots.find((r) => r.text !== winner?.text);
    const f: CommandRuleFinding = {
      severity: hasFlag(cmd, '-batch', '-auto') ? 'high' : 'medium',
      message: `Makes ${winner?.text ?? 'one replica'} win every difference: changes and files that exist only in ${loser?.text ?? 'the other replica'} are overwritten or deleted (unison ${cmd.args[force]!.text}).`,
      span: spanTo(cmd, lastOf(cmd.args)!),
      suggestion: 'Run it interactively first and check the planned changes.',
    };
    return withReach(f, [], cmd, rc, loser ? [loser] : []);
  },
  examples: { match: [{ cmd: 'unison /home/dev/work ssh://nas//srv/work -batch -force /home/dev/work', exactly: 'high' }], nearMiss: ['unison /home/dev/work ssh://nas//srv/work -batch', 'unison default'] },
};

// ---------------------------------------------------------------------------------------------
// More object-storage and snapshot tools: MinIO mc, s5cmd, Timeshift, Snapper, borgmatic, duplicacy, bup

const mc = operationsRule({
  id: 'backup.minio-mc',
  description: 'MinIO mc rm (--recursive --force), rb (--force), mirror --remove: objects and buckets deleted.',
  programs: ['mc', 'mcli'],
  valued: ['--config-dir', '-C', '--older-than', '--newer-than', '--rewind', '--version-id', '--exclude', '--include', '--storage-class', '--encrypt-key'],
  scopeLabel: 'bucket',
  suggestion: 'Run it with --dry-run first, and keep versioning on the bucket.',
  ops: [
    { path: 'rm', severity: SHARED_DELETE, what: `deletes the object {*}; there is ${NO_UNDO} unless the bucket keeps versions`, raise: [{ flags: ['-r', '--recursive'], severity: 'high', why: 'and everything under it' }, { flags: ['--versions'], severity: 'high', why: 'including every old version' }] },
    { path: 'rb', severity: 'medium', what: 'deletes the bucket {*}', raise: [{ flags: ['--force'], severity: 'high', why: 'with every object in it' }] },
    { path: 'mirror', severity: 'high', when: ['--remove'], what: 'mirrors {0} to {1} and deletes what {0} lacks from {1}' },
  ],
  examples: { match: [{ cmd: 'mc rm --recursive --force minio/backups/db', exactly: 'high' }, { cmd: 'mc rb --force minio/old-logs', exactly: 'high' }, 'mc mirror --remove ./site minio/www', { cmd: 'mc rm minio/assets/report.pdf', exactly: 'high' }], nearMiss: ['mc ls minio/backups', 'mc cp report.csv minio/reports/', 'mc mirror ./site minio/www', 'mc rm --recursive --force --dry-run minio/x'] },
});

const s5cmd = operationsRule({
  id: 'backup.s5cmd',
  description: 's5cmd rm, rb and sync --delete: S3 objects and buckets deleted.',
  programs: ['s5cmd'],
  valued: ['--endpoint-url', '--profile', '--credentials-file', '--numworkers', '--retry-count', '--log', '--request-payer'],
  scopeLabel: 'bucket',
  suggestion: 'Run it with --dry-run first, and keep versioning on the bucket.',
  ops: [
    { path: 'rm', severity: 'high', what: (m) => `deletes ${m.operands.map((w) => w.text).join(' ')}${m.operands.some((w) => w.text.includes('*')) ? ' (every object the wildcard matches)' : ''}` },
    { path: 'rb', severity: 'high', what: 'deletes the bucket {*}' },
    { path: 'sync', severity: 'high', when: ['--delete'], what: 'syncs {0} to {1} and deletes what {0} lacks from {1}' },
  ],
  examples: { match: ["s5cmd rm 's3://acme-logs/2023/*'", 's5cmd sync --delete ./site/ s3://acme-www/'], nearMiss: ['s5cmd ls s3://acme-logs/', 's5cmd cp ./a s3://acme/a', 's5cmd sync ./site/ s3://acme-www/', "s5cmd --dry-run rm 's3://acme/*'"] },
});

const snapshotsTools: Rule = {
  id: 'backup.system-snapshots',
  description: 'timeshift --delete / --delete-all / --restore, snapper delete / rollback / undochange: system snapshots deleted or the system rolled back.',
  severity: 'high',
  programs: ['timeshift', 'snapper'],
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    let f: CommandRuleFinding | undefined;
    const last = cmd.args[cmd.args.length - 1];
    if (!last) return undefined;
    if (cmd.program === 'timeshift') {
      if (hasFlag(cmd, '--delete-all')) f = { severity: 'critical', message: 'Deletes every Timeshift snapshot (timeshift --delete-all).', span: spanTo(cmd, last), suggestion: 'Delete the snapshots you mean by name (--delete --snapshot NAME).' };
      else if (hasFlag(cmd, '--delete')) f = { severity: 'high', message: `Deletes the Timeshift snapshot ${optionValues(cmd, '--snapshot')[0]?.text ?? '(chosen interactively)'} (timeshift --delete).`, span: spanTo(cmd, last), suggestion: 'List the snapshots first (timeshift --list).' };
      else if (hasFlag(cmd, '--restore')) f = { severity: 'high', message: `Restores the system to the snapshot ${optionValues(cmd, '--snapshot')[0]?.text ?? '(chosen interactively)'}: system files changed since then are overwritten (timeshift --restore).`, span: spanTo(cmd, last), suggestion: 'Take a fresh snapshot first (timeshift --create).' };
    } else {
      const pos = operandWords(cmd, ['-c', '--config', '-t', '--type', '--cleanup-algorithm', '-d', '--description', '--userdata']);
      const verb = pos[0]?.text;
      if (verb === 'delete' || verb === 'remove' || verb === 'rm') f = { severity: deleteSeverity({ target: 'shared', reach: pos.length > 2 || /-/.test(pos[1]?.text ?? '') ? 'wide' : 'one' }), message: `Deletes the snapshot${pos.length > 2 ? 's' : ''} ${pos.slice(1).map((w) => w.text).join(', ')}: a snapshot is the backup (snapper ${verb}; ${NO_UNDO}).`, span: spanTo(cmd, last), suggestion: 'List the snapshots first (snapper list).' };
      else if (verb === 'rollback') f = { severity: 'high', message: `Rolls the root file system back to ${pos[1]?.text ?? 'the default snapshot'}: changes since then are lost after the reboot (snapper rollback).`, span: spanTo(cmd, last), suggestion: 'Take a fresh snapshot first (snapper create).' };
      else if (verb === 'undochange') f = { severity: 'high', message: `Reverts the files changed between snapshots ${pos[1]?.text ?? ''} (snapper undochange).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'Check the changes first (snapper status N..M).' };
    }
    return f && withReach(f, [], cmd, rc);
  },
  examples: { match: [{ cmd: 'sudo timeshift --delete-all', exactly: 'critical' }, 'timeshift --delete --snapshot "2024-06-01_10-00-01"', 'snapper rollback 42', { cmd: 'snapper -c home delete 17', exactly: 'high' }], nearMiss: ['timeshift --list', 'timeshift --create --comments "before upgrade"', 'snapper list', 'snapper create -d before'] },
};

const backupFrontEnds = operationsRule({
  id: 'backup.front-ends',
  description: 'borgmatic delete/prune/compact/repo-delete, duplicacy prune, bup rm/gc --unsafe: archives and snapshots deleted through backup front ends.',
  programs: ['borgmatic', 'duplicacy', 'bup'],
  valued: ['-c', '--config', '--repository', '--archive', '-storage', '-id', '-r', '-keep', '--verbosity', '-v'],
  quiet: ['-n', '-dry-run'],
  suggestion: 'Run it with --dry-run first and read what it removes.',
  ops: [
    { path: 'repo-delete|rdelete', severity: 'critical', what: 'deletes the whole repository and every archive in it' },
    { path: 'delete', severity: 'high', what: (m) => `deletes ${optionValues(m.cmd, '--archive')[0] ? `the archive ${optionValues(m.cmd, '--archive')[0]!.text}` : 'the archives it selects'}` },
    { path: 'prune', severity: 'high', what: (m) => (m.cmd.program === 'duplicacy' ? `deletes snapshot revisions${hasFlag(m.cmd, '-exclusive') ? ' and their chunks at once (-exclusive)' : ''} that the -keep rules do not keep` : 'deletes every archive the retention rules do not keep') },
    { path: 'compact', severity: 'medium', what: 'frees the space of deleted archives for good' },
    { path: 'rm', severity: 'high', when: ['--unsafe'], what: 'deletes the saves {*} from the bup repository' },
    { path: 'gc', severity: 'medium', when: ['--unsafe'], what: 'deletes data no save references any more' },
  ],
  examples: { match: ['borgmatic prune', 'borgmatic delete --archive host-2024-06-01', 'duplicacy prune -keep 0:30 -exclusive', 'bup rm --unsafe web-2024'], nearMiss: ['borgmatic create', 'borgmatic prune --dry-run', 'duplicacy backup', 'bup save -n web /srv'] },
});

const backupRules = [restic, borg, kopia, velero, tarsnap, duplicity, rdiffBackup, rsync, rclone, gsutilRsync, s3cmd, b2, azcopy, robocopy, unison, mc, s5cmd, snapshotsTools, backupFrontEnds];

export const backupPack: RulePack = {
  name: 'backup',
  description: 'Backup and sync tools that delete snapshots, archives, repositories or the files a sync does not find in its source.',
  rules: backupRules,
  // Packs own what they speak for: the generic layer stays silent on these programs (gcloud only for storage rsync).
  owns: [...programsOf(backupRules).filter((p) => p !== 'gcloud'), 'gcloud storage rsync'],
};
