/**
 * The verbs of command-line tools, by what they do to their target: the lexicon the generic
 * reading of a command (./reader.ts) looks up its subcommand words, compound words
 * (`delete-db-instance`, `apps:destroy`, `delete_queue`, `luksErase`, `Remove-AzVM`) and long
 * flags (`--delete-before`, `--purge`) in.
 *
 * Classes, from most to least harmful:
 * - destroy: data or a resource is gone (delete, destroy, purge, drop, wipe, erase, forget, …);
 * - revoke: access, configuration or software is taken away, usually re-creatable (revoke,
 *   disable, detach, unset, uninstall, deregister, …);
 * - overwrite: the current state is replaced by another (rollback, rebuild, restore, …);
 * - stop: something stops running and can be started again (stop, halt, restart, kill, …).
 * Read-only and constructive verbs (list, get, show, create, deploy, …) end a subcommand path
 * quietly: whatever follows them is an operand.
 */

import { own } from '../../own';
import { affixedVerb, gluedCompound } from './compounds';
import { boundedMemo } from '../memo';

export type VerbClass = 'destroy' | 'revoke' | 'overwrite' | 'stop';

export interface Verb {
  /** The verb as a person reads it (`delete`, `remove`, `purge`). */
  verb: string;
  cls: VerbClass;
}

const DESTROY: Readonly<Record<string, string>> = {
  delete: 'delete', del: 'delete', destroy: 'destroy', remove: 'remove', rm: 'remove', rmi: 'remove', rmp: 'remove', rmr: 'remove',
  rmdir: 'remove', rb: 'remove', purge: 'purge', drop: 'drop', truncate: 'truncate', wipe: 'wipe', erase: 'erase', shred: 'shred',
  zap: 'zap', nuke: 'nuke', obliterate: 'obliterate', expunge: 'expunge', flush: 'flush', flushall: 'flush', flushdb: 'flush',
  forget: 'forget', prune: 'prune', terminate: 'terminate', deprovision: 'deprovision', format: 'format', reset: 'reset',
  unpublish: 'unpublish', deletefile: 'delete', rrdelete: 'delete', autoremove: 'remove', eradicate: 'eradicate',
  // Backup and retention tools delete what expires (`dsmc expire`, a silence expires);
  // queues, trash and sites are emptied (`<queue tool> empty`, `gio-trash-empty`).
  expire: 'expire', empty: 'empty', factoryreset: 'factory reset', implode: 'implode',
  // `gitlab-ctl cleanse` removes every piece of the service's data; `blkdiscard` discards a device's blocks.
  cleanse: 'cleanse', discard: 'discard',
  // A cluster or group dissolved is gone with its membership (`dba.dissolve`, `… cluster dissolve`).
  dissolve: 'dissolve', demolish: 'demolish', annihilate: 'annihilate',
  // `tootctl self-destruct`: the server deletes itself from the network it belongs to.
  destruct: 'destruct',
  // A device or appliance put back to its factory state loses every setting and the data on it
  // (`ilorest factorydefaults`, Junos `request system zeroize`, `jffs2reset`).
  factorydefaults: 'reset to factory defaults', zeroize: 'zeroize',
  // Desired-state functions that remove what they name (Salt `user.absent`, `file.absent`).
  absent: 'remove',
  // A drive or card sanitized has every block erased, by the device itself (`mmc sanitize`,
  // `nvme sanitize`, `camcontrol sanitize`, SCSI SANITIZE).
  sanitize: 'sanitize',
};

const REVOKE: Readonly<Record<string, string>> = {
  revoke: 'revoke', disable: 'disable', detach: 'detach', unset: 'unset', deregister: 'deregister', unregister: 'unregister', yank: 'yank',
  uninstall: 'uninstall', un: 'uninstall', dissociate: 'dissociate', disassociate: 'disassociate', deactivate: 'deactivate',
  unassign: 'unassign', unshare: 'unshare', undefine: 'undefine', decommission: 'decommission', clear: 'clear', evict: 'evict',
  leave: 'leave', unbind: 'unbind', untrust: 'untrust',
  // Teardown words: what a tool set up is taken down (`pulumi down`, `terraspace down`, `tilt down`,
  // `nmcli connection down`, `aa-teardown`); a server retired or demoted leaves its role
  // (`samba-tool domain demote`); a database isolated is cut off before deletion (`IsolateDBInstance`).
  down: 'tear down', teardown: 'tear down', retire: 'retire', demote: 'demote', isolate: 'isolate', unprotect: 'unprotect',
  // A deployed application taken off its platform (`zappa undeploy`, `werf dismiss`: the release
  // and its resources go; the code deploys again).
  undeploy: 'undeploy', dismiss: 'dismiss',
};

const OVERWRITE: Readonly<Record<string, string>> = {
  rollback: 'roll back', rebuild: 'rebuild', reimage: 'reimage', reinstall: 'reinstall', restore: 'restore', recreate: 'recreate',
  overwrite: 'overwrite', downgrade: 'downgrade', rewrite: 'rewrite', reinitialize: 'reinitialize', reinit: 'reinitialize',
  // Version control that discards: `hg strip` (changesets, a backup bundle kept), `svn|hg|p4 revert`
  // (local changes), `bzr uncommit`, `darcs|pijul unrecord`, `jj abandon` (revisions, in the op log).
  strip: 'strip', revert: 'revert', uncommit: 'uncommit', unrecord: 'unrecord', abandon: 'abandon',
  // Migrations undone (`db:migrate:undo:all`), a document store's content replaced (`policy replace`).
  undo: 'undo', replace: 'replace',
};

const STOP: Readonly<Record<string, string>> = {
  stop: 'stop', halt: 'halt', shutdown: 'shut down', poweroff: 'power off', reboot: 'reboot', restart: 'restart', kill: 'kill',
  pause: 'pause', suspend: 'suspend', hibernate: 'hibernate', cordon: 'cordon', drain: 'drain', dismount: 'dismount',
  unmount: 'unmount', umount: 'unmount', seal: 'seal',
  // launchd's `bootout` unloads a service (it stops and does not start again until bootstrapped).
  bootout: 'boot out',
  // A cluster's primary handed to a replica (`ghe-cluster-failover`, `… switchover`): clients are
  // cut off while it moves, and what the old primary had not yet replicated is lost.
  failover: 'fail over', switchover: 'switch over',
};

/**
 * Verbs only as a whole subcommand word, never inside a compound or a flag (`--lost-found` is
 * fsck's folder, `--exit-code` how a program ends): a node or OSD declared lost is removed with
 * what only it held (`ceph osd lost`, `linstor node lost`); a supervisor told to exit stops.
 */
const WHOLE_WORD: Readonly<Record<string, Verb>> = {
  lost: { verb: 'remove as lost', cls: 'destroy' },
  // A supervisor told to exit takes its service down with it (runit's `sv exit sshd`); as a flag
  // (`--exit-code`, `--exit-on-error`) it says how the program ends.
  exit: { verb: 'stop', cls: 'stop' },
};

/**
 * Verbs that read, create or run: a subcommand path that reaches one of them is quiet, and the
 * words after it are operands (`gh issue create --title "delete"`, `npm run reset-db`).
 */
const QUIET = new Set([
  'list', 'ls', 'get', 'describe', 'show', 'status', 'info', 'inspect', 'view', 'cat', 'read', 'logs', 'log', 'tail', 'watch',
  'help', 'version', 'search', 'find', 'query', 'check', 'verify', 'validate', 'lint', 'test', 'diff', 'plan', 'preview',
  'explain', 'whoami', 'print', 'top', 'ps', 'stats', 'count', 'create', 'add', 'new', 'set', 'put', 'update', 'install',
  'init', 'run', 'exec', 'dlx', 'start', 'deploy', 'apply', 'push', 'pull', 'fetch', 'login', 'open', 'edit', 'build', 'serve',
  'export', 'scan', 'copy', 'cp', 'enable', 'upload', 'download', 'send', 'render', 'generate', 'compile', 'wait', 'ping',
  'echo', 'dump', 'select', 'tree', 'du', 'df', 'usage', 'config', 'completion', 'doctor', 'audit', 'outdated', 'why',
  'lookup', 'resolve', 'trace', 'debug', 'measure', 'where', 'which', 'can-i', 'cancel', 'undelete', 'unarchive', 'recover',
  'connect', 'attach', 'port-forward', 'proxy', 'ssh', 'shell', 'console', 'browse', 'sign', 'encrypt', 'decrypt',
  'save', 'annotate', 'register', 'assign', 'grant', 'invite', 'mount', 'resume', 'unpause', 'report', 'estimate', 'analyze', 'analyse', 'simulate',
  'scale', 'sync', 'reconcile', 'refresh', 'reload', 'promote', 'merge', 'commit', 'clone', 'checkout', 'import', 'load',
]);

/** The quiet verbs that only read: a flag cannot make them destroy (`diff --allow-unsafe`, `terraform plan -destroy`). */
export const READ_ONLY: ReadonlySet<string> = new Set([
  'list', 'ls', 'get', 'describe', 'show', 'status', 'info', 'inspect', 'view', 'cat', 'read', 'logs', 'log', 'tail', 'watch', 'help',
  'version', 'search', 'find', 'query', 'check', 'verify', 'validate', 'lint', 'test', 'diff', 'plan', 'preview', 'explain', 'whoami',
  'print', 'top', 'ps', 'stats', 'count', 'tree', 'du', 'df', 'usage', 'completion', 'doctor', 'audit', 'outdated', 'why', 'lookup',
  'resolve', 'trace', 'measure', 'where', 'which', 'can-i', 'report', 'estimate', 'analyze', 'analyse', 'simulate',
]);

/** Read-only or constructive verbs that start a verb-noun compound (`list-buckets`, `get-role`, `cancel-key-deletion`). */
const QUIET_PREFIX = new Set([
  'list', 'ls', 'get', 'describe', 'show', 'view', 'read', 'create', 'add', 'new', 'put', 'set', 'update', 'cancel', 'start', 'run',
  'search', 'find', 'query', 'check', 'validate', 'test', 'export', 'import', 'enable', 'register', 'assign', 'grant', 'attach',
  'wait', 'lookup', 'inspect', 'print', 'count', 'undelete', 'recover', 'copy', 'upload', 'download', 'generate', 'preview', 'plan',
  'report', 'estimate', 'analyze', 'analyse', 'simulate', 'verify', 'audit', 'diff', 'status', 'info',
]);

/**
 * A subcommand word that only reads: a read-only verb (`list`, `inspect`, `report`) or a compound
 * that starts with one (`inspect-aws`, `list-resource-types`, `print-plan`). Such a word makes a
 * tool named for its action (`cloud-nuke`, `aws-nuke`) only show what it would act on.
 */
export function isReadOnlyWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (READ_ONLY.has(lower)) return true;
  const first = tokensOf(word)[0];
  return first !== undefined && first !== lower && READ_ONLY.has(first);
}

/** Tokens of a word: split at `-`, `_`, `:`, `.`, `/` and at lower→upper case changes; lowercase. */
export function tokensOf(word: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    const code = word.charCodeAt(i);
    if (ch === '-' || ch === '_' || ch === ':' || ch === '.' || ch === '/') {
      if (cur) out.push(cur.toLowerCase());
      cur = '';
      continue;
    }
    const upper = code >= 65 && code <= 90;
    const prev = i > 0 ? word.charCodeAt(i - 1) : 0;
    const prevLower = (prev >= 97 && prev <= 122) || (prev >= 48 && prev <= 57);
    if (upper && prevLower && cur) {
      out.push(cur.toLowerCase());
      cur = '';
    }
    cur += ch;
  }
  if (cur) out.push(cur.toLowerCase());
  return out;
}

/** One token as a verb, or undefined. */
export function verbOfToken(t: string): Verb | undefined {
  const d = own(DESTROY, t);
  if (d !== undefined) return { verb: d, cls: 'destroy' };
  const r = own(REVOKE, t);
  if (r !== undefined) return { verb: r, cls: 'revoke' };
  const o = own(OVERWRITE, t);
  if (o !== undefined) return { verb: o, cls: 'overwrite' };
  const s = own(STOP, t);
  if (s !== undefined) return { verb: s, cls: 'stop' };
  return undefined;
}

/**
 * A token that is a verb glued to its object: `lvremove` → remove, `dropdb` → drop,
 * `deletelocalsnapshots` → delete, `delkey` → delete, `userdel` → delete, `clearrange` → clear
 * (a compound names data it clears, so it destroys); a long verb glued to any rest
 * (`batchdelete`, `removematched`: ./compounds.ts `affixedVerb`); any verb of the lexicon after a
 * product's numbered name (`jffs2reset`, `db2idrop`: a prefix with a digit is no English word).
 */
export function compoundVerb(t: string): (Verb & { nouns: string[] }) | undefined {
  if (t.length < 4) return undefined;
  const g = gluedCompound(t);
  if (g) {
    const v = g.verb === 'clear' || g.verb === 'empty' ? { verb: g.verb, cls: 'destroy' as const } : verbOfToken(g.verb);
    return v ? { ...v, nouns: g.nouns } : undefined;
  }
  const a = affixedVerb(t);
  if (a) {
    const v = verbOfToken(a.verb);
    return v ? { ...v, nouns: [] } : undefined;
  }
  return numberedProductVerb(t);
}

/**
 * `jffs2reset` → reset, `db2idrop` → drop, `s3del` → delete: a verb after a name that holds a
 * digit (and maybe one letter more); `s3qlrm` → remove: a name with a digit and two or three
 * letters more (S3QL), then `rm` or `del`.
 */
function numberedProductVerb(t: string): (Verb & { nouns: string[] }) | undefined {
  const m = /^[a-z]+[0-9]+([a-z]?)([a-z]{2,})$/.exec(t);
  // (`e2undel`: a recovery tool's `un`.)
  if (!m || /^un/.test(m[1]! + m[2]!)) return undefined;
  const v = verbOfToken(m[1]! + m[2]!) ?? (m[1] ? verbOfToken(m[2]!) : undefined);
  if (v) return v.cls !== 'stop' ? { ...v, nouns: [] } : undefined;
  const tail = /^[a-z]{2,3}(rm|del)$/.exec(m[1]! + m[2]!);
  return tail ? { verb: tail[1] === 'rm' ? 'remove' : 'delete', cls: 'destroy', nouns: [] } : undefined;
}

/**
 * Nouns that name a destroy action (`Request-KMSKeyDeletion`, `schedule-key-deletion`,
 * `ds_removal`): the verb they are made from.
 */
const NOMINALS: readonly (readonly [string, string])[] = [['deletion', 'delete'], ['removal', 'remove'], ['destruction', 'destroy'], ['erasure', 'erase']];
/** Verbs that set a nominalised action going: `Request-…Deletion`, `schedule-…-deletion`, `initiate-…-removal`. */
const REQUEST_VERBS: ReadonlySet<string> = new Set(['request', 'schedule', 'initiate', 'submit', 'invoke', 'begin', 'perform', 'execute', 'trigger', 'confirm', 'approve']);
/** Short words before a nominal that make it a setting or a hook, not a product's command (`on-deletion`, `no-removal`). */
const NOT_NOMINAL_PREFIX: ReadonlySet<string> = new Set(['on', 'no', 'to', 'at', 'by', 'of', 'in', 'for', 'pre', 'post', 'non', 'un', 're', 'up', 'auto', 'soft', 'safe', 'log', 'age']);

/** The verb a nominal ends `t` with (`kmskeydeletion` → delete), or undefined. */
function nominalVerb(t: string): string | undefined {
  for (const [n, v] of NOMINALS) if (t.endsWith(n)) return v;
  return undefined;
}

/**
 * A word whose action is named by a noun: a request verb and a nominal (`request-kmskeydeletion`,
 * `schedule-key-deletion`), or a product's short prefix and a nominal alone (`ds_removal`).
 * `cancel-key-deletion`, `get-deletion-status` start with a quiet verb and never get here;
 * `deletion-protection` and `removal-policy` end in what a setting protects.
 */
function nominalAction(tokens: readonly string[]): WordVerb | undefined {
  // The nominal ends the word: `schedule-deletion-report` reports on a schedule.
  if (REQUEST_VERBS.has(tokens[0]!)) {
    const v = nominalVerb(tokens[tokens.length - 1]!);
    return v ? { verb: v, cls: 'destroy', nouns: tokens.slice(1, -1) } : undefined;
  }
  if (tokens.length !== 2 || tokens[0]!.length > 3 || NOT_NOMINAL_PREFIX.has(tokens[0]!) || !/^[a-z]+$/.test(tokens[0]!)) return undefined;
  const v = NOMINALS.find(([n]) => n === tokens[1]);
  return v ? { verb: v[1], cls: 'destroy', nouns: [] } : undefined;
}

/**
 * Verbs that destroy only when the command says how far (`ddev clean --all`, `clean
 * --type all`, `gc --older-than 0d`); without that reach they tidy caches and build
 * output (`cargo clean`, `dnf clean all` is a cache) and the path is quiet.
 */
const REACH_VERBS: Readonly<Record<string, string>> = { clean: 'clean', cleanup: 'clean up', gc: 'garbage-collect' };

export interface WordVerb extends Verb {
  /** The word's other tokens: what the verb acts on (`db`, `instance` in `delete-db-instance`). */
  nouns: string[];
  /** A verb that destroys only with a reach the command states (`clean --all`, `gc --older-than 0`). */
  needsReach?: boolean;
}

/**
 * What one word of a subcommand path says: a verb (with the word's other tokens as nouns),
 * `'quiet'` for a read-only or constructive verb, or undefined for a noun. A compound's first
 * token decides when it is quiet (`list-deleted-secrets`, `cancel-key-deletion`); otherwise
 * any destructive token counts (`service-instance-delete`, `apps:destroy`).
 */
export function readWord(word: string): WordVerb | 'quiet' | undefined {
  return readWords.get(word);
}

/** How many words' readings are kept (least recently used out): each command's words are read by several rules. */
export const READ_WORDS = 4096;
const readWords = boundedMemo(READ_WORDS, (word: string): WordVerb | 'quiet' | undefined => {
  const r = readWordNow(word);
  if (r === undefined || r === 'quiet') return r;
  Object.freeze(r.nouns);
  return Object.freeze(r);
});

function readWordNow(word: string): WordVerb | 'quiet' | undefined {
  const colon = word.lastIndexOf(':');
  if (colon > 0 && colon < word.length - 1) {
    // `apps:destroy`, `config:unset`, `pg:backups:delete`: the last segment is the action; after
    // it may come its reach (`db:migrate:undo:all`).
    const tail = word.slice(colon + 1).toLowerCase();
    if (tail === 'all' || tail === 'everything') {
      const head = readWord(word.slice(0, colon));
      return head === undefined || head === 'quiet' ? head : { ...head, nouns: [...head.nouns, 'all'] };
    }
    const last = readWord(word.slice(colon + 1));
    if (last === undefined || last === 'quiet') {
      // `delete:version`, `destroy:app` (verb first, then what it acts on): a destroy verb alone before the colon.
      const head = word.indexOf(':') === colon ? readWord(word.slice(0, colon)) : undefined;
      return head !== undefined && head !== 'quiet' && head.cls === 'destroy' && head.nouns.length === 0 && !head.needsReach ? { ...head, nouns: tokensOf(word.slice(colon + 1)) } : last;
    }
    return { ...last, nouns: [...tokensOf(word.slice(0, colon)), ...last.nouns] };
  }
  const lower = word.toLowerCase();
  if (QUIET.has(lower)) return 'quiet';
  const whole = verbOfToken(lower) ?? own(WHOLE_WORD, lower);
  if (whole) return { ...whole, nouns: [] };
  // `sqlflush`, `sqlmigrate`, `sqlsequencereset`: the SQL a verb would run, printed (Django's
  // manage.py), not run.
  if (SQL_PRINT.test(lower) && readWord(lower.slice(3)) !== undefined) return 'quiet';
  const reach = own(REACH_VERBS, lower);
  if (reach !== undefined) return { verb: reach, cls: 'destroy', nouns: [], needsReach: true };
  const tokens = tokensOf(word);
  // One token: a glued compound (`deletelocalsnapshots`, `lvremove`) or a noun.
  if (tokens.length < 2) return compoundVerb(lower);
  // OVN's `ls-del`, `lsp-del`: a logical switch (`ls`), not the list verb, before a destroy verb.
  const lsObject = tokens[0] === 'ls' && tokens.length === 2 && own(DESTROY, tokens[1]!) !== undefined;
  if (QUIET_PREFIX.has(tokens[0]!) && !lsObject) return 'quiet';
  const nominal = nominalAction(tokens);
  if (nominal) return nominal;
  let best: { v: Verb; at: number; glued: string[]; needsReach?: boolean } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const tk = tokens[i]!;
    const c = verbOfToken(tk) ? undefined : compoundVerb(tk);
    const v = verbOfToken(tk) ?? c;
    if (v && (!best || best.needsReach || rankOf(v.cls) > rankOf(best.v.cls))) best = { v: { verb: v.verb, cls: v.cls }, at: i, glued: c?.nouns ?? [] };
    const r = v ? undefined : own(REACH_VERBS, tk);
    if (r !== undefined && !best) best = { v: { verb: r, cls: 'destroy' }, at: i, glued: [], needsReach: true };
  }
  // A subcommand its tool names unsafe (`elasticsearch-node unsafe-bootstrap`, `tendermint
  // unsafe-reset-all`, `cockroach debug unsafe-remove-dead-replicas`) can lose data by its own account.
  if (!best && tokens[0] === 'unsafe') return { verb: 'run unsafe', cls: 'destroy', nouns: tokens.slice(1) };
  if (!best) return undefined;
  const nouns = [...tokens.filter((_, i) => i !== best.at), ...best.glued];
  // Killing stored history is deleting it (monotone's `db kill_rev_locally`, `kill_branch_certs_locally`).
  if (best.v.verb === 'kill' && nouns.some((n) => KILLED_DATA.has(n))) return { verb: 'kill', cls: 'destroy', nouns };
  if (best.needsReach && !nouns.some((n) => n === 'all' || n === 'everything')) return { ...best.v, nouns, needsReach: true };
  return { ...best.v, nouns };
}

const SQL_PRINT = /^sql[a-z]{3,}$/;

/** What `kill` deletes rather than stops: stored revisions, branches, tags, certificates, keys. */
const KILLED_DATA: ReadonlySet<string> = new Set([
  'rev', 'revs', 'revision', 'revisions', 'commit', 'commits', 'branch', 'branches', 'tag', 'tags', 'cert', 'certs', 'key', 'keys',
  'snapshot', 'snapshots', 'file', 'files', 'data', 'db', 'database', 'table', 'tables', 'record', 'records',
]);

const CLASS_RANK: Readonly<Record<VerbClass, number>> = { destroy: 4, overwrite: 3, revoke: 2, stop: 1 };

export function rankOf(c: VerbClass): number {
  return CLASS_RANK[c];
}

/** The third person of a verb phrase: `delete` → `deletes`, `roll back` → `rolls back`, `flush` → `flushes`. */
export function thirdPerson(verb: string): string {
  const sp = verb.indexOf(' ');
  const head = sp < 0 ? verb : verb.slice(0, sp);
  const tail = sp < 0 ? '' : verb.slice(sp);
  let h: string;
  if (/(s|sh|ch|x|z|[^aeiou]o|do)$/.test(head)) h = `${head}es`;
  else if (/[^aeiou]y$/.test(head)) h = `${head.slice(0, -1)}ies`;
  else h = `${head}s`;
  return h + tail;
}

// ---------------------------------------------------------------------------------------------
// Nouns that change the weight of a verb

/** What is cheap to lose or session-scoped: a verb on it is one step lighter. */
export const LIGHT_NOUNS: ReadonlySet<string> = new Set([
  'cache', 'caches', 'tmp', 'temp', 'log', 'logs', 'label', 'labels', 'comment', 'comments', 'reaction',
  'reactions', 'notification', 'notifications', 'alias', 'aliases', 'session', 'sessions', 'draft', 'drafts', 'history',
  'screen', 'host', 'console', 'dnsclientcache', 'artifact', 'artifacts', 'preview', 'previews', 'run', 'runs',
  // A pin only keeps content from garbage collection (`ipfs pin rm`): the content stays until then.
  'pin', 'pins',
  // A tag in a registry or a CI variable is not cheap: deleting it is the same delete of remote data
  // with no undo as any other (generic/weight.ts); a shell's own variables are SESSION_NOUNS.
  // An expired silence lets its alerts through again; old generations of a configuration, a lock
  // and what was already put in the trash are the leftovers of something else.
  'silence', 'silences', 'generation', 'generations', 'lock', 'locks', 'trash', 'recyclebin', 'trashbin',
]);

/** PowerShell nouns that live only in the current session: removing them changes nothing on disk. */
export const SESSION_NOUNS: ReadonlySet<string> = new Set([
  'variable', 'alias', 'module', 'job', 'psdrive', 'pssession', 'psbreakpoint', 'event', 'typedata', 'cimsession', 'host',
  'history', 'psreadlinekeyhandler', 'formatdata', 'pssnapin', 'runspace', 'dnsclientcache',
]);

/** What holds data or access that is hard to get back: revoking or disabling it weighs more. */
export const PRECIOUS_NOUNS: ReadonlySet<string> = new Set([
  'key', 'keys', 'kms', 'secret', 'secrets', 'vault', 'token', 'tokens', 'cert', 'certs', 'certificate', 'certificates', 'ca',
  'credential', 'credentials', 'password', 'lease', 'leases', 'database', 'databases', 'db', 'bucket', 'buckets', 'volume',
  'volumes', 'disk', 'disks', 'backup', 'backups', 'snapshot', 'snapshots', 'engine', 'user', 'users', 'account', 'accounts',
]);

/**
 * What holds everything else of its owner: a project or organisation, an account, tenant or
 * subscription, a realm, a data centre, an environment, a web site, a workspace, a repository, a
 * vault. Deleting one reaches every item inside it (critical, like `--all`).
 */
export const CONTAINER_NOUNS: ReadonlySet<string> = new Set([
  'project', 'organization', 'organisation', 'org', 'account', 'tenant', 'subscription', 'realm', 'datacenter', 'environment', 'site',
  'workspace', 'repository', 'repo', 'vault', 'keyvault',
]);

/**
 * Stores of many data sets: a database, a cluster, a namespace or keyspace. Deleting one reaches
 * widely (critical when the tool's confirmation is skipped too, as for a forced recursive delete).
 */
export const STORE_NOUNS: ReadonlySet<string> = new Set(['database', 'db', 'cluster', 'namespace', 'keyspace']);

/** A whole hosted service or deployment: stopping or shutting it down takes everything it serves offline (held). */
export const SERVICE_NOUNS: ReadonlySet<string> = new Set([...CONTAINER_NOUNS, ...STORE_NOUNS, 'deployment']);

/** Nouns of access and configuration: removing them is a revoke, not a destroy (`remove-iam-policy-binding`). */
export const ACCESS_NOUNS: ReadonlySet<string> = new Set([
  'binding', 'bindings', 'permission', 'permissions', 'role', 'roles', 'policy', 'policies', 'grant',
  'grants', 'acl', 'acls', 'assignment', 'assignments', 'access', 'owner', 'owners', 'collaborator', 'collaborators',
  'package', 'packages', 'feature', 'features', 'capability', 'plugin', 'plugins', 'extension', 'extensions', 'dependency',
]);

/** What holds shared data: clearing it deletes its contents (`clear-backlog`, `clear-index`); a job queue or a framework's caches are left to `clear`'s own weight. */
export const DATA_NOUNS: ReadonlySet<string> = new Set([
  'backlog', 'backlogs', 'messages', 'index', 'indices', 'indexes', 'documents', 'records', 'stream', 'streams', 'events', 'topic',
  'topics', 'offsets',
]);

/**
 * Stores of keys and machine secrets: clearing one deletes every secret in it (`tpm2_clear`,
 * `Clear-Tpm`, `security … clear-keychain`): a destroy that reaches everything.
 */
export const SECRET_STORE_NOUNS: ReadonlySet<string> = new Set(['tpm', 'tpm2', 'nvram', 'cmos', 'keychain', 'keychains', 'keyring', 'keyrings', 'keystore', 'credentials', 'passwords', 'secrets', 'keys', 'vault']);

/** Nouns a `format` verb must act on to mean wiping rather than code formatting (`Format-Table`, `dart format`). */
export const FORMAT_NOUNS: ReadonlySet<string> = new Set(['disk', 'drive', 'volume', 'partition', 'device', 'fs', 'filesystem', 'namespace', 'card', 'virt']);
