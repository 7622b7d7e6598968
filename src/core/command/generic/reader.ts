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
 *
 * Where the path ends: at its verb (what follows is the verb's object and operands), at a
 * read-only or constructive verb (`list`, `get`, `create`, `run`: the command is quiet), at the
 * first word that is not command-like (a path, a URL, a number, a quoted phrase), or after six
 * words. Options before and between path words are skipped with their value when the program's
 * global options are known (../../shell/normalise.ts) or the next word is plainly a value.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import { valueOptions } from '../../shell/normalise';
import { readWord, tokensOf, verbOfToken, type Verb, type WordVerb } from './verbs';

const MAX_PATH = 6;

export interface VerbHit extends Verb {
  /** The word that carries the verb: a path word, the program's name, or a flag. */
  word: Word;
  source: 'path' | 'program' | 'flag';
  /** What the verb acts on, from the same word and the path words before it. */
  nouns: string[];
  /** The nouns of the verb's own word (`db`, `instance` in `delete-db-instance`). */
  wordNouns: string[];
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
}

/** Words that look like a subcommand: letters and digits, each part after a `-_:.` join starting with a letter. */
const COMMAND_WORD = /^[A-Za-z][A-Za-z0-9]*(?:[-_:.][A-Za-z][A-Za-z0-9]*)*$/;
const FILE_EXTENSION = /\.(?:py|js|mjs|cjs|ts|tsx|jsx|sh|bash|zsh|ps1|psm1|bat|cmd|exe|yml|yaml|json|toml|ini|cfg|conf|xml|csv|txt|md|sql|cql|rb|go|rs|java|kt|php|pl|lua|r|zip|gz|tgz|tar|bz2|xz|img|iso|qcow2|log|db|sqlite|lock|env|pem|key|crt|html|css)$/i;

export function isCommandWord(w: Word): boolean {
  const t = w.text;
  return !w.dynamic && !w.glob && t.length <= 48 && COMMAND_WORD.test(t) && !FILE_EXTENSION.test(t);
}

/** A switch word: `-x`, `--xx`, or on Windows `/x` (`/s`, `/q`, `/delete`, `/MIR`, `/r:1`). */
export function isSwitch(t: string, windows: boolean): boolean {
  if (t.length > 1 && t.charCodeAt(0) === 45) return true;
  return windows && t.length > 1 && t.charCodeAt(0) === 47 && /^\/[A-Za-z?][A-Za-z0-9?]*(?:[:=][^/\\]*)?$/.test(t);
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
  if (flag.startsWith('--') || (flag.length > 3 && !windows)) {
    if (isBooleanLong(flag, windows)) return false;
    return !isCommandWord(next) || readWord(next.text) === undefined;
  }
  if (pathClosed && /^-[A-Za-z]$/.test(flag)) return false;
  return !isCommandWord(next);
}

/** A verb in the program's own name: `lvremove`, `dropdb`, `kafka-delete-records.sh`, `sdelete`. */
function programVerb(cmd: SimpleCommand): WordVerb | undefined {
  if (NOT_A_VERB_NAME.has(cmd.program)) return undefined;
  const source = cmd.name?.text.replace(/^.*[\\/]/, '') ?? cmd.program;
  const r = readWord(source.replace(/\.(exe|sh|cmd|bat|ps1|py)$/i, ''));
  if (r === undefined || r === 'quiet') return undefined;
  // A name that is only a verb (`reset`, `clear`, `kill`) is a utility of its own; and a
  // program's name counts only for the verbs that destroy (pg_restore, reboot are other rules').
  if (r.cls !== 'destroy') return undefined;
  return r;
}

/** Program names that contain a verb but are not that action on data. */
const NOT_A_VERB_NAME = new Set(['rmdir', 'rd', 'del', 'erase', 'rm', 'unlink', 'clear', 'reset', 'format', 'shred', 'wipe', 'prune', 'flush', 'drop', 'purge']);

const FLAG_VERB_EXCLUDED = new Set(['rm', 'remove-orphans', 'delete-after-upload', 'drop-privileges', 'drop-caps', 'remove-on-exit', 'delete-on-exit']);

/** The verb of a long flag (`--delete-before` → delete, `--purge`, `/delete`, `-purge`), or undefined. */
export function flagVerb(t: string, windows: boolean): Verb | undefined {
  let body: string;
  if (t.startsWith('--')) body = t.slice(2);
  else if (t.charCodeAt(0) === 45 && t.length > 3) body = t.slice(1);
  else if (windows && t.charCodeAt(0) === 47) body = t.slice(1);
  else return undefined;
  const eq = body.search(/[=:]/);
  if (eq >= 0) {
    const v = body.slice(eq + 1).toLowerCase();
    if (v === 'false' || v === '0' || v === 'no' || v === 'off' || v === '$false') return undefined;
    body = body.slice(0, eq);
  }
  const lower = body.toLowerCase();
  if (FLAG_VERB_EXCLUDED.has(lower)) return undefined;
  const first = tokensOf(body)[0];
  if (!first) return undefined;
  if (first === 'zero' && lower.startsWith('zero-superblock')) return { verb: 'zero', cls: 'destroy' };
  // `journalctl --vacuum-time=2d`: deletes the archived files beyond a limit (as a subcommand,
  // `vacuum` compacts a database and loses nothing).
  if (first === 'vacuum') return { verb: 'vacuum', cls: 'destroy' };
  const v = verbOfToken(first);
  if (!v) return undefined;
  // Only the verbs that destroy or take away make a flag an action; `--stop-signal`, `--format`,
  // `--reset-timer`, `--clear-screen` and `--flush-interval` configure something else.
  if (v.cls === 'destroy' && !['format', 'reset', 'flush', 'prune', 'truncate', 'rm', 'rmdir', 'rb'].includes(first)) return v;
  if (v.cls === 'revoke' && (first === 'unregister' || first === 'deregister')) return v;
  return undefined;
}

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

  if (cmdlet) {
    const r = readWord(tool.name?.text ?? tool.program);
    if (r && r !== 'quiet' && tool.name) verb = { verb: r.verb, cls: r.cls, word: tool.name, source: 'program', nouns: r.nouns, wordNouns: r.nouns };
    else if (r === 'quiet') quiet = true;
  } else {
    const pv = programVerb(tool);
    if (pv && tool.name) {
      // A program named for its action (`lvremove`, `dropdb`) takes operands, not subcommands.
      verb = { verb: pv.verb, cls: pv.cls, word: tool.name, source: 'program', nouns: pv.nouns, wordNouns: pv.nouns };
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
      // An option after the first path word ends the path (`ansible web -m file`), unless it is
      // one of the program's known global options.
      if (path.length > 0 && !known.includes(t.replace(/=.*$/, ''))) pathOpen = false;
      if (cmdlet ? next !== undefined && !isSwitch(next.text, true) && !/^-[a-z]*:/i.test(t) && !SWITCH_PARAMS.has(t.slice(1).toLowerCase()) : takesValue(t, next, known, windows, !pathOpen)) {
        flags.push({ word: w, value: next });
        i++;
      } else flags.push({ word: w });
      continue;
    }
    if (pathOpen && isCommandWord(w) && path.length < MAX_PATH) {
      const r = readWord(t);
      path.push(w);
      if (r === 'quiet') {
        quiet = true;
        pathOpen = false;
      } else if (r) {
        const nouns = [...path.slice(0, -1).flatMap((p) => tokensOf(p.text)), ...r.nouns];
        verb = { verb: r.verb, cls: r.cls, word: w, source: 'path', nouns, wordNouns: r.nouns };
        pathOpen = false;
      }
      continue;
    }
    pathOpen = false;
    operands.push(w);
  }
  return { tool, path, verb, quiet, operands, flags, windows };
}

/** Common PowerShell switch parameters (they take no value). */
const SWITCH_PARAMS = new Set([
  'force', 'recurse', 'confirm', 'whatif', 'passthru', 'all', 'verbose', 'debug', 'asjob', 'noprofile', 'deletekey', 'removedata',
  'removeoem', 'recursive', 'inremovedstate', 'includeallsubfeature', 'restart', 'norestart', 'fo', 'r', 'rec', 'f',
]);

const HTTP_METHOD = /^(?:-X|--request|--method|-method)$/i;

/** The verb of a flag word, when one of the command's flags destroys (`--delete`, `--purge`, `/delete`). */
export function strongestFlagVerb(reading: CliReading): VerbHit | undefined {
  let best: VerbHit | undefined;
  for (const f of reading.flags) {
    // An HTTP method given as an option (`gh api -X DELETE …`, `--method DELETE`, `-Method Delete`).
    const method = HTTP_METHOD.test(f.word.text) ? f.value?.text : /^(?:--request|--method)=/.test(f.word.text) ? f.word.text.slice(f.word.text.indexOf('=') + 1) : undefined;
    if (method && /^(delete|purge)$/i.test(method) && (!best || best.cls !== 'destroy')) {
      best = { verb: 'delete', cls: 'destroy', word: f.value ?? f.word, source: 'flag', nouns: [], wordNouns: [] };
      continue;
    }
    const v = flagVerb(f.word.text, reading.windows);
    if (!v) continue;
    // The flag's other words are its object (`--remove-env-vars` → env, vars).
    if (!best || (best.cls !== 'destroy' && v.cls === 'destroy')) best = { ...v, word: f.word, source: 'flag', nouns: [], wordNouns: tokensOf(f.word.text.replace(/^(?:--?|\/)/, '').split(/[=:]/)[0]!).slice(1) };
  }
  return best;
}
