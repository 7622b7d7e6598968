/**
 * The generic reading of a command-line tool, known or not: program → subcommand path → flags →
 * operands, and the verb the command acts with.
 *
 *   vault kv destroy -versions=3 secret/app     path [kv, destroy], verb destroy, operands [secret/app]
 *   restic -r /srv/repo forget --prune          global flag with its value skipped, verb forget
 *   heroku apps:destroy -a shop                 colon form; `twilio api:core:numbers:remove` too
 *   aws rds delete-db-instance …                hyphen form: verb delete, nouns db, instance
 *   Remove-AzKeyVault -VaultName kv -Force      PowerShell Verb-Noun from the program name
 *   rsync -a --delete src/ dst/                 a flag that deletes: `--delete`, `--purge`, `/delete`
 *   lvremove vg0/data, kafka-delete-records     a verb in the program's own name
 *   rados rmpool scratch, dnscmd /zonedelete    a verb glued to a resource noun (./compounds.ts)
 *   ozone fs -rm -skipTrash, /deletecreds:T     single-dash long options, /switch:value
 *   psqldef --enable-drop-table                 a flag that accepts losing data
 *   ddev clean --all, … gc --older-than 0d      `clean`/`gc` destroy only with a stated reach
 *   bmaptool copy img /dev/mmcblk0              a disk written over (./device.ts)
 *
 * Where the path ends: at its verb (what follows is the verb's object and operands), at a
 * read-only or constructive verb (`list`, `get`, `create`, `run`: the command is quiet), at the
 * first word that is not command-like (a path, a URL, a number, a quoted phrase), or after six
 * words. Options before and between path words are skipped with their value when the program's
 * global options are known (../../shell/normalise.ts) or the next word is plainly a value.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import { valueOptions } from '../../shell/normalise';
import { CRITICAL_UNITS } from '../services';
import { deviceWrite, isDiskDevice } from './device';
import { isRemoteRef } from './weight';
import type { OptionHit } from './options';
import { compoundVerb, isReadOnlyWord, READ_ONLY, readWord, tokensOf, verbOfToken, type Verb, type WordVerb } from './verbs';

const MAX_PATH = 6;

export interface VerbHit extends Verb {
  /** The word that carries the verb: a path word, the program's name, or a flag. */
  word: Word;
  source: 'path' | 'program' | 'flag';
  /** What the verb acts on, from the same word and the path words before it. */
  nouns: string[];
  /** The nouns of the verb's own word (`db`, `instance` in `delete-db-instance`). */
  wordNouns: string[];
  /** `clean`, `gc`: a verb that destroys only with a stated reach (`--all`, `--older-than 0`). */
  needsReach?: boolean;
  /** What the verb acts on, when the reading knows it better than the first operand (a device written over). */
  target?: Word;
  /** The verb reaches everything it acts on, in these words (a whole chip, every disk found). */
  reachesAll?: string;
  /** It acts on its target alone: the command's other words (its inputs) are not its reach. */
  targetOnly?: true;
  /** The action a letter option names in the tool's manual (./options.ts). */
  option?: OptionHit;
  /** The installed manual page the action was read from (./manual.ts), e.g. `dmraid(8)`. */
  manual?: string;
}

export interface CliReading {
  /** The command read. */
  tool: SimpleCommand;
  /** The subcommand words, from the first up to the verb. */
  path: Word[];
  /** The strongest verb in the path, the program's name or the flags; undefined when none. */
  verb?: VerbHit;
  /** The path reached a read-only or constructive verb (`list`, `get`, `create`, `run`). */
  quiet: boolean;
  /** Positional words after the path (after `--` too). */
  operands: Word[];
  /** Option words before `--`, with the value each took (when it took one). */
  flags: { word: Word; value?: Word }[];
  /** `/x` words are switches (cmd.exe, Windows programs in PowerShell), not paths. */
  windows: boolean;
  /** The path ended at a verb that only reads (`diff`, `plan`, `list`): its flags do not act. */
  readOnly: boolean;
}

/** Words that look like a subcommand: letters and digits, each part after a `-_:.` join starting with a letter. */
const COMMAND_WORD = /^[A-Za-z][A-Za-z0-9]*(?:[-_:.][A-Za-z][A-Za-z0-9]*)*$/;
/** Files of data a rewrite can lose (pictures, sound, video, documents, archives, data sets), as opposed to source code a formatter rewrites under version control. */
export const DATA_FILE = /\.(?:jpe?g|png|gif|webp|tiff?|bmp|heic|heif|avif|jxl|raw|cr[23]|nef|arw|dng|orf|psd|xcf|ico|mp3|ogg|oga|opus|flac|wav|aiff?|m4a|aac|wma|ape|wv|mp4|m4v|mkv|webm|mov|avi|mpe?g|wmv|flv|3gp|pdf|ps|eps|djvu|epub|mobi|azw3?|docx?|odt|ods|odp|xlsx?|pptx?|rtf|zip|jar|7z|rar|tar|tgz|gz|bz2|xz|zst|iso|img|qcow2|vmdk|db|sqlite3?|h5|hdf5?|nc|shp|gpkg|fits?|fts|grib2?|grb|cdf|las|laz|parquet|feather|arrow|npy|npz|mat|sav|dta|rds|rda|avro|orc|mbox|eml|vcf|ics)$/i;
/** A word that names a file by its extension: code, configuration, logs, keys (data and archives are DATA_FILE's). */
const FILE_EXTENSION = /\.(?:py|js|mjs|cjs|ts|tsx|jsx|sh|bash|zsh|ps1|psm1|bat|cmd|exe|yml|yaml|json|toml|ini|cfg|conf|xml|csv|txt|md|sql|cql|rb|go|rs|java|kt|php|pl|lua|r|log|lock|env|pem|key|crt|html|css)$/i;

export function isCommandWord(w: Word): boolean {
  const t = w.text;
  // (two dots make a key or metric name, `backup.delete.status`, not a subcommand)
  return !w.dynamic && !w.glob && t.length <= 48 && COMMAND_WORD.test(t) && !FILE_EXTENSION.test(t) && !DATA_FILE.test(t) && t.indexOf('.') === t.lastIndexOf('.');
}

/** A word that names a file: a path or a name with a file extension (`empty.yml`, `./x`). */
export function isFileWord(w: Word | undefined): boolean {
  return w !== undefined && !w.dynamic && (FILE_EXTENSION.test(w.text) || DATA_FILE.test(w.text) || /^\.{0,2}\//.test(w.text));
}

/** A switch word: `-x`, `--xx`, or on Windows `/x` (`/s`, `/q`, `/delete`, `/MIR`, `/r:1`). */
export function isSwitch(t: string, windows: boolean): boolean {
  if (t.length > 1 && t.charCodeAt(0) === 45) return true;
  // The value after `:` may hold slashes and quoted spaces (`/delete:Domain:target=host`, `/deletecreds:"Windows Credentials"`).
  return windows && t.length > 1 && t.charCodeAt(0) === 47 && /^\/[A-Za-z?][A-Za-z0-9?]*(?:[:=][\s\S]*)?$/.test(t);
}

/** A PowerShell cmdlet name: `Verb-Noun`. */
export function isCmdletName(cmd: SimpleCommand): boolean {
  return /^[a-z]+-[a-z0-9]+$/.test(cmd.program) && cmd.alias === undefined && /^[A-Za-z]+-[A-Za-z0-9]+(\.exe)?$/.test(cmd.name?.text ?? '') === true;
}

/** Long options that never take a value (switches), by name or form. */
const BOOLEAN_LONG = new Set([
  'force', 'yes', 'confirm', 'wait', 'recursive', 'recurse', 'all', 'quiet', 'silent', 'verbose', 'debug', 'json', 'help', 'version',
  'interactive', 'non-interactive', 'noninteractive', 'dangerous', 'insecure', 'async', 'remote', 'local', 'hard', 'soft', 'cascade',
  'permanent', 'versions', 'rmdirs', 'batch', 'auto-approve', 'noconfirm', 'assume-yes', 'skip-final-snapshot', 'dry-run', 'dryrun',
]);

function isBooleanLong(flag: string, windows: boolean): boolean {
  const name = flag.replace(/^--?/, '').toLowerCase();
  return BOOLEAN_LONG.has(name) || name.startsWith('no-') || name.startsWith('all-') || flagVerb(flag, windows) !== undefined;
}

/**
 * Does the option take the next word as its value? Known global options do, switches never do.
 * Otherwise: a long option takes a next word that is not a verb (`--topic orders`, `--namespace
 * velero`); a one-letter option takes a next word that is plainly a value (`-r /srv/repo`), but
 * only before the path closes: after the verb `-r`, `-f`, `-y` are switches and what follows is
 * an operand (`zfs destroy -r tank/data`).
 */
function takesValue(flag: string, next: Word | undefined, known: readonly string[], windows: boolean, pathClosed: boolean): boolean {
  if (!next || isSwitch(next.text, windows)) return false;
  if (flag.includes('=') || (windows && flag.charCodeAt(0) === 47 && flag.includes(':'))) return false;
  if (known.includes(flag) || HTTP_METHOD.test(flag)) return true;
  // `--format /dev/sg2`, `--erase /dev/mtd0`: a device after a format or erase switch is its operand.
  if (DEVICE_SWITCH.test(flag) && isDiskDevice(next.text)) return false;
  if (flag.startsWith('--') || (flag.length > 3 && !windows)) {
    if (isBooleanLong(flag, windows)) return false;
    return !isCommandWord(next) || readWord(next.text) === undefined;
  }
  if (pathClosed && /^-[A-Za-z]$/.test(flag)) return false;
  return !isCommandWord(next);
}

/**
 * A program named for cancelling or killing batch jobs (`scancel`, `bkill`, `qdel`, `oardel`,
 * `condor_rm`): a short prefix and the verb. What it cancels is what its options select, or the
 * jobs it names by id (judge.ts, jobsCancelled).
 */
const JOB_CANCELLER = /^(?:[a-z]{1,4}[-_]?(?:cancel|kill|del)|[a-z]{2,8}_rm)$/;
/** Process killers with their own rules (system pack), and `xkill` (a window under the pointer). */
const NOT_JOB_CANCELLER = new Set(['pkill', 'skill', 'xkill', 'tkill', 'fkill']);

export function isJobCanceller(program: string): boolean {
  return JOB_CANCELLER.test(program) && !NOT_JOB_CANCELLER.has(program);
}

/** A verb in the program's own name: `lvremove`, `dropdb`, `kafka-delete-records.sh`, `sdelete`. */
function programVerb(cmd: SimpleCommand): WordVerb | undefined {
  if (NOT_A_VERB_NAME.has(cmd.program)) return undefined;
  const source = cmd.name?.text.replace(/^.*[\\/]/, '') ?? cmd.program;
  const r = readWord(source.replace(/\.(exe|sh|cmd|bat|ps1|py)$/i, ''));
  if (r === undefined || r === 'quiet') return undefined;
  // A name that is only a verb (`reset`, `clear`, `kill`) is a utility of its own; and a
  // program's name counts only for the verbs that destroy (pg_restore, reboot are other rules'),
  // or take away when the name joins a product to its verb (`k3s-uninstall.sh`, `nvidia-uninstall`).
  if (r.cls === 'destroy' || (r.cls === 'revoke' && r.nouns.length > 0)) return r;
  // A product's own restore or rollback (`ghe-restore`, `foo-rollback`) puts a saved state over the live one.
  if (r.cls === 'overwrite' && r.nouns.length > 0 && (r.verb === 'restore' || r.verb === 'roll back')) return r;
  // A product's own failover (`ghe-cluster-failover`, `repmgr-switchover`) moves its primary.
  if (r.cls === 'stop' && r.nouns.length > 0 && HANDS_OVER.has(r.verb)) return r;
  return undefined;
}

/** Stop verbs that hand a primary's role to a replica. */
export const HANDS_OVER: ReadonlySet<string> = new Set(['fail over', 'switch over']);

/** Program names that contain a verb but are not that action on data. */
const NOT_A_VERB_NAME = new Set(['rmdir', 'rd', 'del', 'erase', 'rm', 'unlink', 'clear', 'reset', 'format', 'shred', 'wipe', 'prune', 'flush', 'drop', 'purge']);

const FLAG_VERB_EXCLUDED = new Set(['rm', 'remove-orphans', 'delete-after-upload', 'drop-privileges', 'drop-caps', 'remove-on-exit', 'delete-on-exit']);

/** Destroy verbs that, as a flag, configure something else (`--format`, `--reset-timer`, `--flush-interval`, `--expire 7d`, `--absent-ok`). */
const FLAG_NOT_ACTION = new Set(['format', 'reset', 'flush', 'prune', 'truncate', 'rm', 'rmdir', 'rb', 'expire', 'empty', 'discard', 'cleanse', 'absent']);

/** Words after `allow-`/`accept-` that accept losing data (`--allow-unsafe`, `--accept-data-loss`, `--allow-destructive-changes`). */
const LOSS_WORDS = new Set(['unsafe', 'destructive', 'data', 'loss', 'drop', 'drops', 'deletes', 'deletion', 'deletions']);

/** The words of a flag's name besides its verb: its object (`--remove-env-vars` → env, vars; `--checkpoint-error-destroy` → checkpoint, error). */
function flagNouns(flag: string, v: Verb): string[] {
  const k = tokensOf(flag.replace(/^(?:--?|\/)/, '').split(/[=:]/)[0]!);
  return verbOfToken(k[0]!)?.verb === v.verb || k[k.length - 1] === 'destructive' ? k.slice(1).filter((x) => x !== 'destructive') : k.filter((x) => verbOfToken(x)?.verb !== v.verb);
}

/** A power tool's words that cut the power and restore it, or reset the machine: as a switch (`--cycle`) or an action's value (`-o reset`). */
const POWER_CYCLE = /^(?:cycle|power-?cycle|reset|hard-?reset|reboot)$/i;
/** A power tool's option that takes the action as its value (`-o off`, `--action=reset`). */
const ACTION_SWITCH = /^(?:-o|--(?:action|op|operation|state))(?:=|$)/;

/** Values that say power off (`POWER-DOWN`, `poweroff`, `power_off`). */
const POWER_DOWN = /^(?:power[-_]?(?:down|off)|hard[-_]?off)$/i;

/**
 * A machine powered off by a power or fencing tool: `off` as its action (`ipmipower --off`,
 * `fence_ipmilan -o off`, `rpower compute off`), or a power-down value anywhere
 * (`ipmi-chassis --chassis-control=POWER-DOWN`).
 */
function powerOff(r: CliReading): VerbHit | undefined {
  const powerTool = /power|fence|ipmi|bmc|pdu/i.test(r.tool.program);
  for (const f of r.flags) {
    const t = f.word.text;
    const value = f.value?.text ?? (t.includes('=') ? t.slice(t.indexOf('=') + 1) : undefined);
    if ((value !== undefined && POWER_DOWN.test(value)) || (powerTool && (t === '--off' || (ACTION_SWITCH.test(t) && value === 'off')))) {
      return { verb: 'power off', cls: 'stop', word: f.word, source: 'flag', nouns: ['machine'], wordNouns: [] };
    }
    // Power cut and restored, or a hard reset (`powerman --cycle node[01-32]`, `ipmipower --reset`,
    // `fence_ipmilan -o reboot`): what ran on the machine stops at once, unsaved work with it.
    const cycleSwitch = t.startsWith('--') && POWER_CYCLE.test(t.slice(2));
    if (powerTool && (cycleSwitch || (ACTION_SWITCH.test(t) && value !== undefined && POWER_CYCLE.test(value)))) {
      // (What it cycles: the switch's value when it took one, `--cycle node[01-32]`, else an operand.)
      const target = (cycleSwitch ? f.value : undefined) ?? r.operands.find((w) => !w.dynamic);
      return { verb: 'power-cycle', cls: 'stop', word: f.word, source: 'flag', nouns: ['machine'], wordNouns: [], ...(target ? { target } : {}) };
    }
  }
  const words = [...r.path, ...r.operands];
  const off = powerTool ? words.find((w) => w.text === 'off' || POWER_DOWN.test(w.text)) : undefined;
  if (off) {
    const target = r.operands.find((w) => w !== off && w.span[0] < off.span[0]);
    return { verb: 'power off', cls: 'stop', word: off, source: 'flag', nouns: ['machine'], wordNouns: [], ...(target ? { target } : {}) };
  }
  return undefined;
}

/** Words before `destructive` in a switch that turns a destructive mode on (`--run-destructive`, `--enable-destructive`). */
const DESTRUCTIVE_MODE: ReadonlySet<string> = new Set(['run', 'enable', 'do', 'mode', 'force', 'allow', 'use']);

/** The option's name without its dashes and value, and its value (`--overwrite-destination=true`). */
function flagBody(t: string, windows: boolean): { body: string; value?: string } | undefined {
  let body: string;
  if (t.startsWith('--')) body = t.slice(2);
  // Single-dash long options (Go, Java, Hadoop: `-purge`, `-delete`, `-skipTrash`, `-delstore`),
  // and Hadoop's own `-rm`, `-rmr`.
  else if (t.charCodeAt(0) === 45 && (t.length > 3 || t === '-rm')) body = t.slice(1);
  else if (windows && t.charCodeAt(0) === 47) body = t.slice(1);
  else return undefined;
  const eq = body.search(/[=:]/);
  // (`-deprovision+user`: Azure's agent joins a switch's variants with `+`.)
  if (eq < 0) return { body: body.replace(/\+(?=[a-z])/gi, '-') };
  return { body: body.slice(0, eq).replace(/\+(?=[a-z])/gi, '-'), value: body.slice(eq + 1).toLowerCase() };
}

/** `allow-unsafe`, `accept-data-loss`, `enable-drop-table`, `allow-destructive-changes` (tokens of the option's name). */
function acceptsLoss(k: readonly string[]): boolean {
  const [a, b] = [k[0], k[1]];
  if (b === undefined || !LOSS_WORDS.has(b) || (b === 'data' && k[2] !== 'loss')) return false;
  // `--enable-unsafe-webgpu`-style feature switches are not about data: enable/permit only for drops.
  return a === 'allow' || a === 'accept' || ((a === 'enable' || a === 'permit') && b !== 'unsafe');
}

function isOff(value: string | undefined): boolean {
  return value === 'false' || value === '0' || value === 'no' || value === 'off' || value === '$false';
}

/**
 * A flag that removes a safety net or accepts the loss the tool would otherwise refuse: `-skipTrash`
 * (Hadoop), `--skip-trash`, `--no-backup`, `--overwrite-destination=true`, `--allow-unsafe`.
 * The generic judgement counts it as a skipped confirmation.
 */
export function skipsSafetyNet(t: string): boolean {
  const f = flagBody(t, true);
  if (!f) return false;
  const k = tokensOf(f.body);
  // `--drive-use-trash=false`, `--use-trash=false`: deleted files skip the trash.
  if (k[k.length - 1] === 'trash' && k.length > 1 && f.value === 'false') return true;
  if (isOff(f.value)) return false;
  const [a, b] = [k[0], k[1]];
  if (b === 'trash' && (a === 'skip' || a === 'no' || a === 'bypass')) return true;
  if ((b === 'backup' || b === 'backups' || b === 'snapshot' || b === 'snapshots') && (a === 'no' || a === 'skip' || a === 'without')) return true;
  if (acceptsLoss(k)) return true;
  return a === 'overwrite' && (k.length > 1 || f.value === 'true');
}

/** The verb of a long flag (`--delete-before` → delete, `--purge`, `/delete`, `-purge`, `-delstore`), or undefined. */
export function flagVerb(t: string, windows: boolean): Verb | undefined {
  const f = flagBody(t, windows);
  if (!f || isOff(f.value)) return undefined;
  const body = f.body;
  const lower = body.toLowerCase();
  if (FLAG_VERB_EXCLUDED.has(lower) && t !== '-rm') return undefined;
  const k = tokensOf(body);
  // `--delete1`, `--delete2` (imapsync: the first or second side): a side's number after the verb.
  const first = k[0]?.replace(/(?<=[a-z]{4})[0-9]$/, '');
  if (!first) return undefined;
  if (first === 'zero' && lower.startsWith('zero-superblock')) return { verb: 'zero', cls: 'destroy' };
  // `journalctl --vacuum-time=2d`: deletes the archived files beyond a limit (as a subcommand,
  // `vacuum` compacts a database and loses nothing).
  if (first === 'vacuum') return { verb: 'vacuum', cls: 'destroy' };
  // Flags that accept losing data: `--allow-unsafe` (schema tools drop what the file lacks),
  // `--accept-data-loss`, `--force-drop`, `--force-remove-essential`, `--overwrite-destination`.
  if (acceptsLoss(k)) return { verb: 'accept data loss', cls: 'destroy' };
  // A bare `--overwrite` replaces one named object (an upload, a key); naming what it overwrites
  // (`--overwrite-destination`, `--overwrite-existing`) or forcing it is the tool's refusal waived.
  if ((first === 'overwrite' && (k.length > 1 || f.value === 'true')) || (first === 'force' && k[1] === 'overwrite')) return { verb: 'overwrite', cls: 'overwrite' };
  const second = first === 'force' && k[1] !== undefined ? verbOfToken(k[1]) : undefined;
  if (second?.cls === 'destroy') return second;
  // `--checkpoint-error-destroy=all`, `--destructive`: a name that ends with its verb, given
  // everything; a switch that says it destroys (`f3probe --destructive`; not `--non-destructive`).
  const last = k[k.length - 1]!;
  if (k.length > 1 && f.value === 'all') {
    const end = verbOfToken(last);
    if (end?.cls === 'destroy' && !FLAG_NOT_ACTION.has(last)) return end;
  }
  if (last === 'destructive' && (k.length === 1 || DESTRUCTIVE_MODE.has(first))) return { verb: 'overwrite destructively', cls: 'destroy' };
  const v = verbOfToken(first) ?? compoundVerb(first);
  if (!v) return undefined;
  // Only the verbs that destroy or take away make a flag an action; `--stop-signal`, `--format`,
  // `--reset-timer`, `--clear-screen` and `--flush-interval` configure something else (and
  // `/flushdns` empties a cache).
  if (v.cls === 'destroy' && ((!FLAG_NOT_ACTION.has(first) && !FLAG_NOT_ACTION.has(v.verb)) || t === '-rm')) return v;
  if (v.cls === 'revoke' && (first === 'unregister' || first === 'deregister' || first === 'revoke')) return v;
  // `--reinit`, `--reinitialize`: set up again over what exists; `--down N|all`: migrations rolled back.
  if (v.cls === 'overwrite' && v.verb === 'reinitialize') return v;
  if (first === 'down' && k.length === 1) return ROLL_BACK;
  return undefined;
}

/** Words that name a program for reading when they are part of its name (`debconf-show`, `dpkg-query`). */
const READS_BY_NAME: ReadonlySet<string> = new Set(['show', 'list', 'ls', 'query', 'info', 'status', 'view', 'describe', 'inspect', 'search', 'lookup']);

/** Reads a command the generic way. Cheap: one pass over the words. */
export function readCli(cmd: SimpleCommand, windows: boolean): CliReading {
  const tool = cmd;
  const a = tool.args;
  const known = valueOptions(tool.program);
  const cmdlet = windows && isCmdletName(tool);
  const path: Word[] = [];
  const operands: Word[] = [];
  const flags: { word: Word; value?: Word }[] = [];
  let verb: VerbHit | undefined;
  let quiet = false;
  let pathOpen = !cmdlet;
  let afterDashes = false;
  let describes = false;
  /** Words right after a one-letter option that took no value: the option's value if the real subcommand comes later. */
  const maybeValue = new Map<Word, Word>();

  if (cmdlet) {
    const r = readWord(tool.name?.text ?? tool.program);
    if (r && r !== 'quiet' && tool.name) verb = { verb: r.verb, cls: r.cls, word: tool.name, source: 'program', nouns: r.nouns, wordNouns: r.nouns };
    else if (r === 'quiet') {
      quiet = true;
      // A cmdlet that makes, reads or tests something: its parameters describe that thing
      // (`New-TransportRule -RemoveHeader X` makes a rule that will remove a header).
      describes = DESCRIBING_CMDLET.test(tool.name?.text ?? '');
    }
  } else {
    const pv = programVerb(tool);
    if (pv && tool.name) {
      // A program named for its action (`lvremove`, `dropdb`) takes operands, not subcommands.
      verb = { verb: pv.verb, cls: pv.cls, word: tool.name, source: 'program', nouns: pv.nouns, wordNouns: pv.nouns };
      if (pv.needsReach) verb.needsReach = true;
      pathOpen = false;
    }
  }

  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (afterDashes) {
      operands.push(w);
      continue;
    }
    if (t === '--' && !w.dynamic) {
      afterDashes = true;
      pathOpen = false;
      continue;
    }
    if (!w.dynamic && isSwitch(t, windows)) {
      const next = a[i + 1];
      // Global options before the subcommand (`bosh -e prod -d cf delete-deployment`): words that
      // each followed a one-letter option and carry no verb were those options' values.
      if (pathOpen && !verb && !quiet && path.length > 0 && path.every((p) => maybeValue.has(p))) {
        for (const f of flags) if (!f.value && maybeValue.get(path[0]!) === f.word) f.value = path.shift();
        if (path.length === 0) maybeValue.clear();
      }
      // An option after the first path word ends the path (`ansible web -m file`), unless it is
      // one of the program's known global options.
      if (path.length > 0 && !known.includes(t.replace(/=.*$/, ''))) pathOpen = false;
      if (cmdlet ? next !== undefined && !isSwitch(next.text, true) && !/^-[a-z]*:/i.test(t) && !SWITCH_PARAMS.has(t.slice(1).toLowerCase()) : takesValue(t, next, known, windows, !pathOpen)) {
        flags.push({ word: w, value: next });
        i++;
      } else {
        flags.push({ word: w });
        if (pathOpen && next && /^-[A-Za-z]$/.test(t)) maybeValue.set(next, w);
      }
      continue;
    }
    if (pathOpen && isCommandWord(w) && path.length < MAX_PATH) {
      const r = readWord(t);
      path.push(w);
      if (r === 'quiet' && (groupNoun(tool.program, t, a[i + 1]) || serviceBeforeVerb(t, a[i + 1]))) {
        // `dagster run wipe`, `gh run delete 42`, `symfony console doctrine:database:drop`:
        // here the quiet word names a group of commands and the next word is the action.
        // (`rc-service ssh stop`: the service's name, not the quiet verb `ssh`.)
        continue;
      } else if (r === 'quiet') {
        quiet = true;
        pathOpen = false;
      } else if (r && readsNext(a[i + 1])) {
        // `akamai purge list`, `tool backup delete status`: a verb that names a group of commands,
        // followed by a reading one, is that group's listing.
        continue;
      } else if (r) {
        const nouns = [...path.slice(0, -1).flatMap((p) => (GROUP_ONLY.has(p.text) ? [] : tokensOf(p.text))), ...r.nouns];
        verb = { verb: r.verb, cls: r.cls, word: w, source: 'path', nouns, wordNouns: r.nouns };
        if (r.needsReach) verb.needsReach = true;
        pathOpen = false;
      }
      continue;
    }
    pathOpen = false;
    operands.push(w);
  }
  if (!verb && !quiet) {
    // The verb after the IDs or paths the path stopped on, or a method path's last part.
    const late = operandVerb(operands);
    if (late) {
      verb = { verb: late.r.verb, cls: late.r.cls, word: late.word, source: 'path', nouns: late.r.nouns, wordNouns: late.r.nouns };
      if (late.target) verb.target = late.target;
    }
  }
  // `ostree prune --no-prune`: the option that says not to do the verb.
  if (verb?.source === 'path' && flags.some((f) => negates(f.word.text, verb!.word.text))) {
    verb = undefined;
    quiet = true;
  }
  let readOnlyProgram = false;
  // A program named for reading (`debconf-show`, `dpkg-query`, `foo-list`): its words name what
  // it shows (`debconf-show localepurge` shows the package localepurge's settings).
  if (verb && verb.source !== 'program' && /[-_.]/.test(tool.program)) {
    const parts = tokensOf(tool.program.replace(/\.(?:sh|py|pl|rb)$/i, ''));
    if (parts.length > 1 && parts.some((t) => READS_BY_NAME.has(t)) && !parts.some((t) => verbOfToken(t) !== undefined)) {
      verb = undefined;
      quiet = true;
      readOnlyProgram = true;
    }
  }
  if (verb?.source === 'program') {
    // A tool named for its action that is asked to list or inspect (`cloud-nuke inspect-aws`,
    // `aws-nuke resource-types`, `nwipe --list`) only shows what it would act on; its own word
    // for acting (`aws-nuke run`) is not what it acts on.
    const first = operands[0];
    if ((first && isCommandWord(first) && isReadOnlyWord(first.text)) || flags.some((f) => !f.value && listingFlag(f.word.text))) {
      verb = undefined;
      quiet = true;
      readOnlyProgram = true;
    } else if (first && isCommandWord(first) && ACT_WORDS.has(first.text.toLowerCase())) operands.shift();
  }
  if (verb?.source === 'path' && /[-_.]/.test(tool.program)) {
    // A program named for what it manages says what its verbs act on (`cert-tool disable`
    // disables a certificate); its generic parts (`tool`, `ctl`, `cli`) do not, nor a one-word name
    // (`vault auth disable` disables an auth method, not a vault).
    const parts = tokensOf(tool.program.replace(/\.(?:sh|py|exe|cmd|bat|ps1)$/i, ''));
    if (parts.length > 1) {
      for (const t of parts) if (!PROGRAM_PARTS.has(t) && !verb.nouns.includes(t) && verbOfToken(t) === undefined) verb.nouns = [...verb.nouns, t];
    }
  }
  if (verb?.needsReach && !reachStated(tool.program, path, flags, operands, verb.wordNouns)) {
    // `cargo clean`, `dnf clean all`, `docker-gc`: tidying without a stated reach is quiet.
    verb = undefined;
    quiet = true;
  }
  if (!verb || verb.cls !== 'destroy') {
    const d = deviceWrite(tool.program, a, path, flags);
    if (d) verb = { verb: 'overwrite', cls: 'destroy', word: d.device, source: 'program', nouns: ['disk'], wordNouns: [], target: d.device };
  }
  const end = quiet ? path[path.length - 1]?.text.toLowerCase() : undefined;
  return { tool, path, verb, quiet, operands, flags, windows, readOnly: readOnlyProgram || describes || reportAction(tool.args) || (end !== undefined && READ_ONLY.has(end)) };
}

/** `/Action:DeployReport`, `--mode report`, `-a script`: an action option whose value only reports or writes a script. */
const ACTION_VALUE = /^(?:--?|\/)(?:action|a|mode|operation|op|verb)[:=]([A-Za-z][\w,-]*)$/i;

/**
 * The command's action option asks for a report, a listing or a script instead of the change
 * (sqlpackage `/Action:DeployReport` and `/Action:Script` beside `/Action:Publish`): its other
 * options describe what would change.
 */
function reportAction(args: readonly Word[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    const c = t.charCodeAt(0);
    if ((c !== 45 && c !== 47) || t.length < 3) continue;
    const value = ACTION_VALUE.exec(t)?.[1] ?? (ACTION_OPTION.test(t) ? args[i + 1]?.text : undefined);
    if (value !== undefined && tokensOf(value).some((k) => READ_ONLY.has(k) || k === 'script')) return true;
  }
  return false;
}

/**
 * Cmdlets whose parameters describe rather than act: read-only verbs (`Get-`, `Test-`, `Measure-`),
 * and `New-`/`Add-` of something that acts later, by its own conditions (a transport rule, a
 * policy, a filter, a template). `New-ComplianceSearchAction -Purge` makes an action that runs now.
 */
const DESCRIBING_CMDLET = /^(?:(?:get|test|show|measure|compare|select|resolve|read)-|(?:new|add)-\w*(?:rule|policy|filter|template|config|configuration|setting|settings|label|trigger|condition|definition)$)/i;

/** `--no-prune` against the verb `prune`. */
function negates(flag: string, verbWord: string): boolean {
  return flag.length > 5 && flag.startsWith('--no-') && flag.slice(5).toLowerCase() === verbWord.toLowerCase();
}

/**
 * `vmsvc/destroy`, `vmsvc/snapshot.removeall`, `google.pubsub.v1.Publisher/DeleteTopic` (also at
 * the end of a URL): a service and its method, in lowercase words joined by dots, or CamelCase
 * after a dotted service name (a branch such as `fix/delete-button` joins its words with `-` or `_`).
 */
const METHOD_PATH = /^(?:[A-Za-z][\w.-]*\/([a-z]+(?:\.[a-z]+)*)|(?:[A-Za-z][\w-]*:\/\/[^\s]*\/)?(?:[A-Za-z][\w-]*\.)+[A-Z]\w*\/([A-Z][A-Za-z0-9]+))$/;
/** An ID, a number, a device or resource path, a host, a data file: what a tool's subcommand may follow (not a phrase). */
const ID_LIKE = /^[^\s'"`]+$/;
/** A script or program a runner is given: the words after it are its own arguments. */
const SCRIPT = /\.(?:py|js|mjs|cjs|ts|tsx|jsx|sh|bash|zsh|ps1|psm1|bat|cmd|exe|rb|pl|php|lua|r|jar|go|java|kt|rs|groovy|scala|swift|dll)$/i;

/**
 * The verb among the first operands, after the IDs or paths the subcommand path stopped on
 * (`sas2ircu 0 DELETE noprompt`, `tw_cli /c0/u1 del quiet`, `huggingface-cli repo-files
 * acme/model delete "*"`), or the last part of a method path (`vim-cmd vmsvc/destroy 12`,
 * `grpcurl … host:443 pkg.Publisher/DeleteTopic`), also after nouns that each name the ID after
 * them (`ssacli ctrl slot=0 ld 2 delete forced`). A command-like word that is neither a verb nor such a
 * noun, a script, a phrase or a sixth word ends the search.
 */
function operandVerb(operands: readonly Word[]): { word: Word; r: WordVerb; target?: Word } | undefined {
  for (let k = 0; k < Math.min(6, operands.length); k++) {
    const w = operands[k]!;
    if (w.dynamic) return undefined;
    const method = METHOD_PATH.exec(w.text);
    const text = isCommandWord(w) ? (k === 0 ? undefined : w.text) : (method?.[1] ?? method?.[2]);
    if (text !== undefined) {
      const r = readWord(text);
      // A noun before an ID goes on (`ctrl slot=0 ld 2 delete`: each noun names the next ID).
      const next = operands[k + 1];
      if (r === undefined && !method && next && !next.dynamic && !isCommandWord(next) && ID_LIKE.test(next.text) && !SCRIPT.test(next.text)) {
        k++;
        continue;
      }
      if (r === undefined || r === 'quiet' || r.needsReach) return undefined;
      const target = method ? operands[k + 1] : operands[0];
      return target ? { word: w, r, target } : { word: w, r };
    }
    if (isCommandWord(w) || !ID_LIKE.test(w.text) || SCRIPT.test(w.text) || /^\.\.?\//.test(w.text)) return undefined;
  }
  return undefined;
}

/**
 * Flags that make a tool named for its action list, scan or show instead of acting: `--list`,
 * `--list-resource-types`, `--print`, `--show`, `--scan`, `--showEraseSupport`, `-list-devices`;
 * not a progress or detail display beside the action (`--show-progress`, `--print-stats`), nor one
 * given a value (a `--query FILTER` or `--list FILE` says what to act on).
 */
const LISTING_FLAG = /^--?(?:list|print|show|scan|display|info)(?:[-_]?[A-Za-z][\w-]*)?$/i;
const BESIDE_ACTION = /progress|stat|output|detail|verbose|error|warn|time|log|summary|result/i;

function listingFlag(t: string): boolean {
  return LISTING_FLAG.test(t) && !BESIDE_ACTION.test(t);
}
/** A tool's own word for acting (`aws-nuke run`, `cloud-nuke aws` is its target): not the object of its verb. */
const ACT_WORDS = new Set(['run', 'exec', 'execute', 'start', 'go', 'apply']);

/** Quiet words that are also the name of a group of commands (`dagster run …`, `symfony console …`, `bookkeeper shell deleteledger`). */
const GROUP_NOUNS = new Set(['run', 'runs', 'console', 'job', 'config', 'debug', 'shell', 'log', 'logs', 'cache', 'version', 'tree']);
/** Group words that never name what the action acts on (`bookkeeper shell nukeexistingcluster` nukes a cluster, not a shell). */
const GROUP_ONLY = new Set(['console', 'debug', 'shell']);
/** Programs whose `run`/`console` runs what follows (a script, a task, another program): never a group name. */
const RUNNERS = new Set([
  'npm', 'yarn', 'pnpm', 'bun', 'deno', 'cargo', 'go', 'poetry', 'uv', 'pipenv', 'pdm', 'hatch', 'rye', 'pixi', 'conda', 'mamba', 'micromamba',
  'dotnet', 'mix', 'nix', 'docker', 'podman', 'nerdctl', 'flatpak', 'snap', 'toolbox', 'distrobox', 'devbox', 'flox', 'systemd-run', 'doppler',
  'op', 'infisical', 'dotenv', 'firebase', 'supabase', 'heroku', 'fly', 'flyctl', 'railway', 'vercel', 'netlify', 'wrangler', 'gcloud', 'az',
  'aws', 'kubectl', 'oc', 'stack', 'cabal', 'dune', 'lein', 'clojure', 'sbt', 'swift', 'dart', 'flutter', 'composer', 'bundle', 'rails', 'rake',
]);

/**
 * A quiet word followed by an action is a group name (`dagster run wipe`): only for `run`,
 * `console`, `job`, `config` outside the runners, and only when the next word is itself a verb
 * word or a namespaced command ending in one (`doctrine:database:drop`), not a task's name
 * (`reset-db`).
 */
function groupNoun(program: string, word: string, next: Word | undefined): boolean {
  if (!next || next.dynamic || !GROUP_NOUNS.has(word.toLowerCase()) || RUNNERS.has(program)) return false;
  const t = next.text;
  // After `run`, a hyphenated word is a task's name (`run reset-db`); elsewhere a command (`debug unsafe-remove-dead-replicas`).
  if (!COMMAND_WORD.test(t) || (t.includes('-') && !t.includes(':') && word.toLowerCase().startsWith('run'))) return false;
  const r = readWord(t);
  return r !== undefined && r !== 'quiet' && !r.needsReach;
}

/**
 * The next word is a reading verb and nothing else (`list`, `status`, `show`): what came before it
 * names a group of commands. (Not a reading word that is also what a verb acts on: `purge logs`.)
 */
const READING_VERBS: ReadonlySet<string> = new Set(['list', 'ls', 'show', 'get', 'describe', 'view', 'inspect', 'status']);
function readsNext(next: Word | undefined): boolean {
  return next !== undefined && !next.dynamic && READING_VERBS.has(next.text.toLowerCase());
}

/** A vital service's name that reads as a quiet verb (`ssh`), followed by the action on it. */
function serviceBeforeVerb(word: string, next: Word | undefined): boolean {
  if (!next || next.dynamic || !CRITICAL_UNITS.test(word)) return false;
  const r = readWord(next.text);
  return r !== undefined && r !== 'quiet';
}

/** Parts of program names that name the kind of program, not what it acts on. */
const PROGRAM_PARTS = new Set(['tool', 'tools', 'ctl', 'cli', 'admin', 'util', 'utils', 'shell', 'client', 'cmd', 'manager', 'mgr', 'console', 'local', 'node', 'bin', 'run', 'runner']);

/** Package and build tools whose `clean` and `gc` empty a download or build cache. */
const CACHE_CLEANERS = new Set([
  'apt', 'apt-get', 'yum', 'dnf', 'zypper', 'pacman', 'apk', 'conda', 'mamba', 'micromamba', 'pixi', 'brew', 'npm', 'yarn', 'pnpm', 'bun',
  'pip', 'pip3', 'uv', 'poetry', 'pdm', 'gem', 'cargo', 'go', 'dotnet', 'nuget', 'composer', 'choco', 'scoop', 'flatpak', 'snap', 'pod',
  'mvn', 'gradle', 'flutter', 'dart', 'swift', 'stack', 'cabal', 'opam', 'nix', 'nix-store', 'spack', 'vcpkg', 'conan', 'pub', 'deno',
  // build tools whose clean empties their own output
  'colcon', 'catkin', 'bundle', 'mix', 'rebar3', 'dune', 'zig', 'lake', 'nimble', 'shards', 'elm', 'ccache', 'sccache', 'rush', 'nx', 'ng', 'expo',
  'react-native', 'ionic', 'cordova', 'jekyll', 'hugo', 'hexo', 'gatsby', 'docusaurus', 'platformio', 'pio', 'west', 'idf.py', 'pipenv',
]);

/** What a `clean` acts on when it deletes data or access rather than build output. */
const CLEANED_OBJECTS: ReadonlySet<string> = new Set([
  'node', 'nodes', 'namespace', 'namespaces', 'ca', 'cert', 'certs', 'certificate', 'certificates', 'index', 'indexes', 'indices', 'database',
  'databases', 'db', 'volume', 'volumes', 'bucket', 'buckets', 'queue', 'queues', 'topic', 'topics', 'user', 'users', 'account',
  'accounts', 'host', 'hosts', 'machine', 'machines', 'server', 'servers', 'instance', 'instances', 'secret', 'secrets', 'key', 'keys',
  'backup', 'backups', 'snapshot', 'snapshots', 'data', 'version', 'versions', 'revision', 'revisions',
]);

const RETENTION_OPTION = /^--?(?:older-than|keep(?:-[a-z]+)?|retain(?:-[a-z]+)?|retention(?:-[a-z]+)?|max-age|age|before|prune|expire|days)$/;

/**
 * Did the command state a reach that makes `clean` or `gc` destroy? `--all`, `--everything`, `--data`,
 * `--type all`, an operand `all`, or a retention of nothing (`--older-than 0d`, `--keep 0`,
 * `--prune=now`). Never for a cache (`pod cache clean --all`, `conda clean --all`).
 */
const REMOTE_GC = /^--(?:cloud|remotes?|all-remotes|remote-storage)$/;

/** A garbage collection's option that reaches the remote storage (`--cloud`, dvc's `-c`). */
export function remoteGc(program: string, option: string): boolean {
  return REMOTE_GC.test(option) || (program === 'dvc' && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(option));
}

function reachStated(program: string, path: readonly Word[], flags: readonly { word: Word; value?: Word }[], operands: readonly Word[], own: readonly string[]): boolean {
  if (CACHE_CLEANERS.has(program) || path.some((w) => /cache/i.test(w.text))) return false;
  // A clean of a named thing that holds data or access (`puppet node clean web01`, `puppetserver
  // ca clean`, `splunk clean eventdata`, `garden cleanup namespace`), or one whose tool asks
  // first and is told not to (`zenml clean --yes`): not a build's output.
  const object = [...path.slice(0, -1), ...operands.slice(0, 1)].map((w) => w.text.toLowerCase()).concat(own);
  if (object.some((o) => CLEANED_OBJECTS.has(o) || (o.length > 4 && o.endsWith('data')))) return true;
  if (flags.some((f) => SKIP_FLAG.test(f.word.text) && !/^-f$/.test(f.word.text))) return true;
  for (const o of operands) if (o.text === 'all' || o.text === 'everything') return true;
  // A clean of data in a registry or a bucket (`cosign clean ghcr.io/acme/web@sha256:…`): what others pull is deleted.
  if (operands.some((o) => !o.dynamic && isRemoteRef(o.text))) return true;
  for (const f of flags) {
    const t = f.word.text;
    const eq = t.indexOf('=');
    const name = eq > 0 ? t.slice(0, eq) : t;
    const value = (eq > 0 ? t.slice(eq + 1) : f.value?.text)?.replace(/^['"]|['"]$/g, '').trim();
    // (`--all-users`: a clean of everyone's; a collection's `--all-commits` keeps more, not less.)
    if (name === '--all' || name === '--everything' || name === '--data' || (/^--all-[a-z]+s$/.test(name) && !/commits|branches|tags|refs/.test(name))) return true;
    // Collecting in the remote storage too (`dvc gc --cloud`, `-c`): what the workspace does not
    // use is deleted from the copy others share, not only from a local cache.
    if (remoteGc(program, name)) return true;
    if (name === '--type' && value === 'all') return true;
    // `--amount 100%`, `--percent=100`: all of it.
    if (value !== undefined && /^100(?:\.0+)?%$/.test(value)) return true;
    if (value !== undefined && RETENTION_OPTION.test(name) && /^(?:-?0+(?:\.0+)?\s*[a-z]*|now)$/i.test(value)) return true;
  }
  return false;
}

/** Common PowerShell switch parameters (they take no value). */
const SWITCH_PARAMS = new Set([
  'force', 'recurse', 'confirm', 'whatif', 'passthru', 'all', 'verbose', 'debug', 'asjob', 'noprofile', 'deletekey', 'removedata',
  'removeoem', 'recursive', 'inremovedstate', 'includeallsubfeature', 'restart', 'norestart', 'fo', 'r', 'rec', 'f',
]);

const HTTP_METHOD = /^(?:-X|--request|--method|-method)$/i;

/** Options that skip the tool's own confirmation (`--yes`, `-f`, `--no-prompt`, `-noprompt`, `/q`). */
export const SKIP_FLAG = /^(?:--?(?:force|yes|y|f|ff|confirm|auto-approve|no-?prompts?|no-?confirm(?:ation)?|noconfirm|non-?interactive|no-?interactive|assume-?yes|silent|batch|dangerous|skip-final-snapshot|skip-confirm\w*|unsafe(?:-[\w-]+)?|yes-[\w-]+|force-[\w-]+|i-know-[\w-]+|bypass-confirm\w*)|\/(?:q|quiet|y|f|force))$/i;

/**
 * Operands that skip a confirmation where a tool takes its answers as words (`sas2ircu 0 DELETE
 * noprompt`, `tw_cli /c0/u1 del quiet`), or as a setting (`force=yes`, `confirm=true`).
 */
export function skipWord(t: string): boolean {
  const eq = t.indexOf('=');
  if (eq < 0) return /^(?:noprompt|noconfirm|quiet|force|yes)$/i.test(t);
  return /^(?:force|confirm|yes|noprompt|noconfirm|assume_?yes)$/i.test(t.slice(0, eq)) && TRUE_VALUE.test(t.slice(eq + 1));
}

const TRUE_VALUE = /^['"]?(?:true|yes|1|on|y)['"]?$/i;

/** Switches that format or erase the device given as an operand. */
const DEVICE_SWITCH = /^--(?:format|erase|wipe|secure-erase|zap)$/;
const FORMAT: Verb = { verb: 'format', cls: 'destroy' };
const ROLL_BACK: Verb = { verb: 'roll back', cls: 'overwrite' };

/**
 * Options whose value is the action to take (`disko --mode destroy,format,mount`, `--action delete`):
 * a destroy verb in the value, or in one item of a comma list, is the command's.
 */
const ACTION_OPTION = /^--?(?:mode|action|operation|op|command|cmd|task|do|verb)$/i;
/** Build and flash tools name what to do as a target (`pio run -t erase`, `--target erase`): read for a destroy verb only, never as a report. */
const TARGET_OPTION = /^--?(?:target|targets|t)$/;
const ACTION_KEY = /^(?:action|operation|op|command|cmd|task|do|mode|tool)$/i;

/** A setting that names what a command acts on (`map=roads`, `table=parcels`, `name=web`). */
const NAME_SETTING = /^(map|table|name|id|index|collection|database|db|bucket|layer|input|dataset|vector|raster)=([^=\s]+)$/i;

/** What a setting other than `except` names as the object (`v.edit map=roads tool=delete` → `map roads`). */
function namedBySetting(operands: readonly Word[], except: Word): Word | undefined {
  for (const o of operands) {
    const m = o === except ? null : NAME_SETTING.exec(o.text);
    if (m) return { ...o, text: `${m[1]} ${m[2]}` };
  }
  return undefined;
}

/** `erase=true`, `removekeys=True`, `"destroy": true`: a setting that switches a verb on. */
const SETTING = /^([A-Za-z][\w.-]*)=(.+)$/;
/** A server a request is sent to (HTTP, WebSocket, gRPC, TCP). */
const SERVER_URL = /^(?:https?|wss?|grpcs?|tcp):\/\/[\w.-]/i;
const JSON_TRUE = /"([A-Za-z][\w-]*)"\s*:\s*true\b/g;

/** A property given through a switch: `/p:DropObjectsNotInSource=True` (sqlpackage, msbuild), `-p:Key=Value`, `/property:Key=Value`. */
const PROPERTY = /^(?:\/|--?)(?:p|property):(.+)$/i;

/** The verb a `key=value` operand, a property switch or a JSON object operand switches on (`secure_erase=true`, `{"destroy": true}`). */
function settingVerb(w: Word): Verb | undefined {
  // Cheap first: a setting has `=` (or is a JSON object).
  if (w.dynamic || (!w.text.includes('=') && w.text.charCodeAt(0) !== 123 && w.text.charCodeAt(0) !== 91)) return undefined;
  const t = PROPERTY.exec(w.text)?.[1] ?? w.text;
  const m = SETTING.exec(t);
  if (m && ACTION_KEY.test(m[1]!)) {
    // `action=deletevdisk`, `operation=delete`: the value is the action.
    const r = isCommandWord({ ...w, text: m[2]! }) ? readWord(m[2]!) : undefined;
    return r && r !== 'quiet' && r.cls === 'destroy' && !r.needsReach ? { verb: r.verb, cls: r.cls } : undefined;
  }
  if (m) return TRUE_VALUE.test(m[2]!) ? keyVerb(m[1]!) : undefined;
  // A JSON object, or an array of them (a batch of requests: OVSDB `transact '["db",{"op":"delete",…}]'`, JSON-RPC).
  if (t.charCodeAt(0) !== 123 /* { */ && !(t.charCodeAt(0) === 91 /* [ */ && t.includes('{'))) return undefined;
  return jsonVerb(t);
}

/** Keys of a JSON request that name what it acts on. */
const REQUEST_OBJECT = /"(table|collection|index|bucket|queue|topic|stream|database|db|key|namespace|name|id)"\s*:\s*"([^"]{1,60})"/i;

/** What a JSON request acts on, in words: `from the table Bridge, through the request's "op": "delete"`. */
function requestObject(t: string): string {
  JSON_ACTION.lastIndex = 0;
  const action = JSON_ACTION.exec(t);
  JSON_ACTION.lastIndex = 0;
  const object = REQUEST_OBJECT.exec(t);
  const through = action ? `through the request's "${action[0].slice(1, action[0].indexOf('"', 1))}": "${action[1]}"` : 'through the request it sends';
  return object ? `from the ${object[1]!.toLowerCase()} ${object[2]}, ${through}` : through;
}

/** An action key with a string value in a JSON request (`{"op":"purge_queue"}`, `{"action": "deleteTenant"}`). */
const JSON_ACTION = /"(?:action|operation|op|command|cmd|task|method|type)"\s*:\s*"([A-Za-z][\w.:-]{2,60})"/gi;

/**
 * The destroying verb a JSON request states: a key that switches it on (`{"destroy": true}`) or
 * an action key naming it (`{"op":"purge_queue","queue":"x"}`, `{"method":"deleteUser"}` as a
 * WebSocket or JSON-RPC console takes it).
 */
function jsonVerb(t: string): (Verb & { nouns?: string[] }) | undefined {
  for (const j of t.matchAll(JSON_TRUE)) {
    const v = keyVerb(j[1]!);
    if (v) return v;
  }
  for (const j of t.matchAll(JSON_ACTION)) {
    const r = readWord(j[1]!.replace(/[.:]/g, '_'));
    if (r && r !== 'quiet' && r.cls === 'destroy' && !r.needsReach) return { verb: r.verb, cls: r.cls, nouns: r.nouns };
  }
  return undefined;
}

/**
 * Words that make a setting a safeguard or a permission, not an action: `security.protection.delete=true`
 * (lxc), `prevent_destroy=true`, `deletion_protection=true`, `allow_delete=true`, `soft_delete=true`.
 */
const SAFEGUARD = new Set(['skip', 'disable', 'disabled', 'without', 'dry', 'noop', 'protection', 'protect', 'protected', 'prevent', 'when', 'if', 'days', 'age', 'ttl', 'interval', 'retention', 'deny', 'lock', 'locked', 'guard', 'safe', 'safety', 'allow', 'allowed', 'enable', 'enabled', 'permit', 'require', 'confirm', 'soft', 'retain', 'keep', 'trash', 'recycle', 'on', 'before', 'after', 'policy', 'notify', 'log', 'audit', 'hook', 'acl', 'permission', 'permissions']);

const LEADING_SETTING_VERB = /^(delete|remove|drop|erase|wipe|destroy|purge|shred)[a-z]{3,}$/;

/** A setting's name read as an option (`removekeys` → remove) or with a destroy verb among its words (`secure_erase`). */
function keyVerb(key: string): Verb | undefined {
  const tokens = tokensOf(key);
  if (tokens.some((k) => SAFEGUARD.has(k))) return undefined;
  const v = flagVerb(`--${key}`, false);
  if (v?.cls === 'destroy') return v;
  // Written in one case (`DROPOBJECTSNOTINSOURCE`, `deleteexistingfiles`): a leading verb is the action.
  if (tokens.length === 1) {
    const lead = LEADING_SETTING_VERB.exec(tokens[0]!)?.[1];
    // (`deleteditems`, `removedusers`: a past participle names what was, not an action.)
    if (lead && !/^(?:delete|remove|drop|erase|wipe|destroy|purge|shred)p?ed/.test(tokens[0]!)) return verbOfToken(lead);
  }
  for (const k of tokens) {
    const d = verbOfToken(k);
    if (d?.cls === 'destroy' && !FLAG_NOT_ACTION.has(k)) return d;
  }
  return undefined;
}

/** The word after an option (its value when the reading took it for a subcommand: `pio run -t erase`). */
function nextWord(reading: CliReading, flag: Word): Word | undefined {
  const a = reading.tool.args;
  const next = a[a.indexOf(flag) + 1];
  return next && !next.text.startsWith('-') ? next : undefined;
}

/** `-deleteduplicates false`, `--destroy-data 0`: the word after a switch turns it off. */
function offAfter(reading: CliReading, flag: Word): boolean {
  const a = reading.tool.args;
  const next = a[a.indexOf(flag) + 1];
  return next !== undefined && isOff(next.text.toLowerCase());
}

/** Version-control references whose `-d`/`-D` deletes them (`branch -d`, `tag -D`, `bookmark -d`). */
const REF_NOUNS = new Set(['branch', 'branches', 'tag', 'tags', 'bookmark', 'bookmarks', 'ref', 'refs']);

/** The verb of a flag word, when one of the command's flags destroys (`--delete`, `--purge`, `/delete`). */
export function strongestFlagVerb(reading: CliReading): VerbHit | undefined {
  if (reading.readOnly) return undefined;
  let best: VerbHit | undefined;
  // A variable set for the command that switches a verb on (`DROP_DATABASE=true seed ./data`).
  for (const a of reading.tool.assignments) {
    if (!a.value || a.value.dynamic || !TRUE_VALUE.test(a.value.text)) continue;
    const v = keyVerb(a.name);
    if (v) return { ...v, word: { ...a.value, text: `${a.name}=${a.value.text}`, span: a.span }, source: 'flag', nouns: [], wordNouns: [] };
  }
  if (!reading.quiet) {
    for (const w of reading.operands) {
      const v = settingVerb(w);
      if (!v) continue;
      // What it acts on: what a JSON request names (`{"op":"delete","table":"Bridge"}`), or the last
      // plain operand before the setting (`release 4y3h7n erase=true`).
      const json = w.text.charCodeAt(0) === 123 || w.text.charCodeAt(0) === 91;
      const target = json ? { ...w, text: requestObject(w.text) } : (reading.operands.filter((o) => o.span[0] < w.span[0] && !SETTING.test(o.text)).pop() ?? namedBySetting(reading.operands, w));
      return { ...v, word: w, source: 'flag', nouns: [], wordNouns: [], ...(target ? { target } : {}) };
    }
    // A JSON request given as an option's value or on the input, sent to a server the command
    // names (`wscat -c wss://… -x '{"op":"drop_tenant"}'`, `websocat URL <<< '{"op":"purge_queue"}'`).
    const server = reading.tool.args.find((w) => !w.dynamic && SERVER_URL.test(w.text.replace(/^[^=]*=(?=[a-z]+:\/\/)/i, '')));
    if (server) {
      const input = reading.tool.stdin;
      const payloads: Word[] = [...reading.flags.flatMap((f) => (f.value ? [f.value] : [])), ...(input && !input.dynamic ? [{ ...server, text: input.text.trim() }] : [])];
      for (const w of payloads) {
        const v = !w.dynamic && w.text.charCodeAt(0) === 123 ? jsonVerb(w.text) : undefined;
        if (v) return { verb: v.verb, cls: v.cls, word: w, source: 'flag', nouns: [], wordNouns: v.nouns ?? [], target: { ...server, text: `through ${server.text}` } };
      }
    }
  }
  // `nessie branch -d etl`, `dolt tag -D v1`, `hg bookmark -d x`: after a version-control
  // reference noun, `-d`/`-D` is its delete (as in git branch and tag). The commits stay until
  // garbage collection and the name can be set again from one: shown, not held (medium).
  const ref = reading.path.length > 0 ? reading.path[reading.path.length - 1]!.text.toLowerCase() : undefined;
  if (ref !== undefined && REF_NOUNS.has(ref)) {
    const d = reading.flags.find((f) => f.word.text === '-d' || f.word.text === '-D');
    if (d) return { verb: 'delete', cls: 'revoke', word: d.word, source: 'flag', nouns: [ref], wordNouns: [], ...(d.value ? { target: d.value } : {}) };
  }
  // `oxen push origin old-branch -d`, `dolt push origin -d x`: a version-control push told to
  // delete deletes the branch it names on the remote, for everyone who uses it.
  if (ref === 'push' && reading.operands.length >= 2) {
    const d = reading.flags.find((f) => f.word.text === '-d' && !f.value);
    if (d) return { verb: 'delete', cls: 'destroy', word: d.word, source: 'flag', nouns: ['branch'], wordNouns: ['branch'], target: { ...reading.operands[1]!, text: `${reading.operands[1]!.text} on ${reading.operands[0]!.text}` } };
  }
  // A power tool told off (`ipmipower --off`, `fence_ipmilan -o off`, `--chassis-control=POWER-DOWN`).
  const power = powerOff(reading);
  if (power) return power;
  for (const f of reading.flags) {
    const property = PROPERTY.test(f.word.text) ? settingVerb(f.word) : undefined;
    if (property) return { ...property, word: f.word, source: 'flag', nouns: [], wordNouns: [] };
    // `--mode destroy,format`, `--action=delete`, `/Action:Delete`.
    const actions = ACTION_OPTION.test(f.word.text) || TARGET_OPTION.test(f.word.text) ? (f.value ?? nextWord(reading, f.word)) : ACTION_VALUE.test(f.word.text) ? { ...f.word, text: f.word.text.replace(/^[^:=]*[:=]/, '') } : undefined;
    if (actions && !actions.dynamic) {
      // (`format`, `reset`, `flush` name a formatter's or a cache's mode as often as a wipe.)
      const v = actions.text.split(',').map((x) => x.trim().toLowerCase()).filter((x) => /^[a-z]+$/.test(x) && !FLAG_NOT_ACTION.has(x)).map(verbOfToken).find((x) => x?.cls === 'destroy');
      // (The option's own name is what the verb's object is read from, not the path: `pio run -t erase` is no light `run`.)
      if (v) return { ...v, word: actions, source: 'flag', nouns: [], wordNouns: tokensOf(f.word.text.replace(/^[-/]+/, '').replace(/[:=].*$/, '')) };
    }
    // An HTTP method given as an option (`gh api -X DELETE …`, `--method DELETE`, `-Method Delete`).
    const method = HTTP_METHOD.test(f.word.text) ? f.value?.text : /^(?:--request|--method)=/.test(f.word.text) ? f.word.text.slice(f.word.text.indexOf('=') + 1) : undefined;
    if (method && /^(delete|purge)$/i.test(method) && (!best || best.cls !== 'destroy')) {
      best = { verb: 'delete', cls: 'destroy', word: f.value ?? f.word, source: 'flag', nouns: [], wordNouns: [] };
      continue;
    }
    // `--format` without a value, given a device: the device is formatted (`--format json` is an output format).
    const v = flagVerb(f.word.text, reading.windows) ?? (DEVICE_SWITCH.test(f.word.text) && !f.value && reading.operands.some((w) => isDiskDevice(w.text)) ? FORMAT : undefined);
    if (!v || (!f.value && offAfter(reading, f.word))) continue;
    // The flag's other words are its object (`--remove-env-vars` → env, vars).
    if (!best || (best.cls !== 'destroy' && v.cls === 'destroy')) best = { ...v, word: f.word, source: 'flag', nouns: [], wordNouns: flagNouns(f.word.text, v) };
  }
  return best;
}
