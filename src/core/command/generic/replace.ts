/**
 * What a command puts in place of what is there, for any tool: a restore, import, load, clone or
 * sync that replaces live data and was told not to ask, an import told to replace what already
 * exists, and a device or system sent back to its factory state.
 *
 *   ghe-restore -f 10.0.0.5                           the tool's name restores; -f skips its prompt
 *   gitlab-backup restore BACKUP=… force=yes          a `force=yes` argument (rake-style)
 *   repmgr -f repmgr.conf standby clone … --force     a subcommand clones over the data directory
 *   mariadb-backup --copy-back --force-non-empty-directories   the option restores, another forces
 *   pt-table-sync --execute …, octodns-sync --doit    a sync told to act instead of printing
 *   impdp … TABLE_EXISTS_ACTION=REPLACE               what to do when the target exists: replace it
 *   ilorest factorydefaults, request system zeroize   a device reset to its factory state
 *
 * Restoring, importing, loading or cloning is constructive when the target is empty, so these
 * verbs are quiet in the generic reading (../generic/verbs.ts); what makes them replace is the
 * force the command gives them or the replace it asks for. Held (high), critical onto a
 * production-looking target. Read-only subcommands (`restore list`, `import status`) stay quiet,
 * and rehearsals (`--dry-run`) are lifted by the analyzer for every rule.
 *
 * Cheap: a look at each word's first characters; the token split runs only on the program name
 * and the first few subcommand-like words.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import type { OptionAction, OptionHit } from './options';
import { isReadOnlyWord, tokensOf } from './verbs';

/** Verbs that put a copy in place of the target: quiet on their own, replacing when forced. */
const LOAD_WORDS: ReadonlySet<string> = new Set(['restore', 'import', 'load', 'clone', 'sync', 'copyback', 'moveback', 'rewind']);
/** A cheap first look before a word is split into tokens. */
const LOAD_HINT = /restore|import|load|clone|sync|back|rewind/i;
/** Names with the verb glued at the end after a product name (`arangorestore`, `cbrestore`, `mongoimport`, `ldapsync`). */
const GLUED_LOAD = /^(?!re|un)(?:[a-z][a-z0-9]+(?:restore|import)|[a-z][a-z0-9]{3,}sync)$/i;
/** Option names that restore (`--copy-back`, `--move-back`, `--restore`): gpg `--import` adds keys, so not that one. */
const LOAD_OPTION = /^--(?:copy-back|move-back|restore)$/i;
/** Programs whose name holds a load word but that do not replace (coreutils `sync` flushes caches). */
const NOT_LOADERS: ReadonlySet<string> = new Set(['sync', 'rsync', 'fsync', 'isync', 'mbsync', 'lsyncd', 'git', 'gpg', 'gpg2', 'dvc']);
/** Import tools whose `--force` only carries on past errors (their replacing options are `--replace`, `--delete`). */
const FORCE_IGNORES_ERRORS: ReadonlySet<string> = new Set(['mysqlimport', 'mariadb-import']);

/**
 * Options that force the load over what is there, or make a printing tool act: `--force`,
 * `--force-overwrite`, `--force-non-empty-directories`, `--overwrite[=true]`, `--replace`, `--drop`
 * (each collection dropped first), `--doit`, `--execute`, and rake-style `force=yes`.
 */
const FORCE = /^(?:--?force|--force-(?:overwrite|restore|replace|drop|non-empty[\w-]*)|--?overwrite(?:-[\w-]+)?(?:=(?:true|yes|1))?|--override=(?:true|yes|1)|-WithReplace|--replace|--drop|--doit|--execute|force=(?:yes|true|1|y))$/i;
/** A word after `-f` that is a file or folder rather than a host or a name (`-f repmgr.conf`). */
const FILE_LIKE = /[/\\]|\.(?:[a-z][a-z0-9]{0,5})$/i;

const REPLACE_LOAD: OptionAction = { verb: 'replace', cls: 'overwrite', what: 'what is there with the copy it loads (what the target holds now is lost)', floor: 'high', operand: -1 };

/** The load verb of a command: its name, one of its first subcommand-like words, or an option; undefined when none. */
function loadWord(cmd: SimpleCommand): { word: Word; byName: boolean } | undefined {
  const name = cmd.name;
  const program = cmd.program.toLowerCase();
  if (!name || NOT_LOADERS.has(program)) return undefined;
  if (LOAD_HINT.test(program) && (tokensOf(program).some((t) => LOAD_WORDS.has(t)) || GLUED_LOAD.test(program))) return { word: name, byName: true };
  let seen = 0;
  for (const w of cmd.args) {
    if (w.dynamic) continue;
    const t = w.text;
    if (t.charCodeAt(0) === 45) {
      if (LOAD_OPTION.test(t)) return { word: w, byName: false };
      continue;
    }
    if (!/^[a-z][\w:-]*$/i.test(t) || ++seen > 3) continue;
    if (LOAD_HINT.test(t) && tokensOf(t).some((k) => LOAD_WORDS.has(k))) return { word: w, byName: false };
  }
  return undefined;
}

/** A read-only subcommand word among the first ones (`restore list`, `velero restore describe`). */
function readsOnly(cmd: SimpleCommand): boolean {
  let seen = 0;
  for (const w of cmd.args) {
    if (w.dynamic || w.text.charCodeAt(0) === 45 || !/^[a-z][\w:-]*$/i.test(w.text)) continue;
    if (isReadOnlyWord(w.text)) return true;
    if (++seen >= 3) break;
  }
  return false;
}

/** The option that forces the load; `-f` only for a tool named for loading and not before a file. */
function forceWord(cmd: SimpleCommand, byName: boolean): Word | undefined {
  const a = cmd.args;
  const errorsOnly = FORCE_IGNORES_ERRORS.has(cmd.program);
  // `-f` forces only a tool named for restoring (`ghe-restore -f`); elsewhere it names a file or fields.
  const shortForce = byName && /restore/i.test(cmd.program);
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w.dynamic) continue;
    const t = w.text;
    if (FORCE.test(t) && !(errorsOnly && /^--?force$/i.test(t))) return w;
    // `--overwrite true` (arangorestore): the value in the next word.
    if (/^--?(?:overwrite|override)$/i.test(t) && /^(?:true|yes|1)$/i.test(a[i + 1]?.text ?? '')) return w;
    if (shortForce && t === '-f' && !FILE_LIKE.test(a[i + 1]?.text ?? '')) return w;
  }
  return undefined;
}

/**
 * What to do when the target already exists, answered "replace": `TABLE_EXISTS_ACTION=REPLACE`
 * (Oracle Data Pump), `--if-exists=replace`, `--on-conflict replace`, `--write-disposition
 * WRITE_TRUNCATE` (BigQuery), `--existing=overwrite`.
 */
const EXISTS_KEY = /^(?:--?)?[a-z_.-]*(?:exists?|existing|conflict|disposition)[a-z_.-]*$/i;
const EXISTS_VALUE = /^["']?(?:replace|truncate|overwrite|drop|write_truncate|recreate)["']?$/i;
const REPLACE_EXISTING: OptionAction = { verb: 'replace', cls: 'overwrite', what: 'the tables or objects that already exist with what it imports (their current rows are lost)', floor: 'high', operand: -1 };

function replaceExisting(cmd: SimpleCommand): Word | undefined {
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (w.dynamic || t.length < 8 || !/xist|onflict|isposition/i.test(t)) continue;
    const eq = t.search(/[=:]/);
    if (eq > 0 ? EXISTS_KEY.test(t.slice(0, eq)) && EXISTS_VALUE.test(t.slice(eq + 1)) : t.charCodeAt(0) === 45 && EXISTS_KEY.test(t) && EXISTS_VALUE.test(a[i + 1]?.text ?? '')) return w;
  }
  return undefined;
}

/**
 * Words that send a device or a system back to its factory state, spelled in any case and with
 * any separators (`factorydefaults`, `factory-reset`, `--eraseinstall`, `zeroize`). Erasing
 * everything (a zeroize, an erase-install) reaches all of it; a reset of settings to the factory
 * defaults loses the configuration, accounts and keys.
 */
const ERASE_ALL: OptionAction = { verb: 'erase', cls: 'destroy', what: 'the device back to its factory state: every configuration, key, log and file on it', all: true, operand: -1 };
const ERASE_INSTALL: OptionAction = { verb: 'erase', cls: 'destroy', what: 'the startup disk before installing (every volume and file on it)', all: true, operand: -1 };
const DEFAULTS: OptionAction = { verb: 'reset', cls: 'destroy', what: 'to its factory settings (its configuration, accounts and keys are lost)', operand: -1 };
/** Parts of a normalised word (lowercase, no separators) that name the factory state, anywhere in it (`host-factory-reset`). */
const FACTORY_PARTS: readonly [RegExp, OptionAction][] = [
  [/zeroi[sz]e|eraseallcontent|factorywipe|wipefactory/, ERASE_ALL],
  [/erase(?:and)?install/, ERASE_INSTALL],
  [/factory(?:reset|defaults?|restore|settings)|(?:reset|restore|load)(?:to)?factory/, DEFAULTS],
];
/** Whole words for defaults without "factory" (`reset-defaults`, `load-defaults`). */
const DEFAULTS_WORDS: ReadonlySet<string> = new Set(['resetdefaults', 'restoredefaults', 'loaddefaults', 'resettodefaults']);
/** A cheap first look before a word is normalised. */
const FACTORY_HINT = /fact|zero|eraseins|erase-ins|erase_ins|defaults|erase-?all/i;
/** Options that carry a whole command as their value (`cli -c "request system zeroize"`). */
const COMMAND_OPTION = /^(?:-c|--command|-e|--exec|--execute|-x)$/;

function factoryWord(cmd: SimpleCommand): { word: Word; action: OptionAction } | undefined {
  const look = (w: Word, text: string): { word: Word; action: OptionAction } | undefined => {
    if (!FACTORY_HINT.test(text)) return undefined;
    // `show-factory-defaults`, `--get-factory-reset-status`: it only reads.
    if (isReadOnlyWord(text.replace(/^(?:--?|\/)/, ''))) return undefined;
    const key = text.replace(/^(?:--?|\/)/, '').replace(/[=:].*$/, '').replace(/[-_.\s]/g, '').toLowerCase();
    const action = FACTORY_PARTS.find(([re]) => re.test(key))?.[1] ?? (DEFAULTS_WORDS.has(key) ? DEFAULTS : undefined);
    return action ? { word: w, action } : undefined;
  };
  const name = cmd.name;
  const own = name && !name.dynamic ? look(name, cmd.program) : undefined;
  if (own) return own;
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w.dynamic) continue;
    // A read-only word before it: the reset is shown or asked about, not done (`show factory-defaults`).
    if (w.text.charCodeAt(0) !== 45 && /^[a-z][\w-]*$/i.test(w.text) && isReadOnlyWord(w.text)) return undefined;
    // A whole request given as one option's value: its words are read one by one; other text
    // with spaces is a message or a title (`--title "factory reset fails"`).
    const spaced = /\s/.test(w.text);
    if (spaced && !(i > 0 && COMMAND_OPTION.test(a[i - 1]!.text))) continue;
    const words = spaced ? w.text.split(/\s+/) : [w.text];
    for (const t of words) {
      const hit = look(w, t);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * A data-loss check turned off: `/p:BlockOnPossibleDataLoss=False` (sqlpackage, msbuild
 * publishing). Settings that switch a destroying step on (`erase=true`, `{"destroy": true}`,
 * `--mode destroy`) are the generic reading's (`settingVerb` in ./reader.ts).
 */
const LOSS_CHECK = /^(?:[/-](?:p|property):)?([\w.-]+)=(?:false|no|0)$/i;

function dataLossCheckOff(cmd: SimpleCommand): { word: Word; action: OptionAction } | undefined {
  const w = cmd.args.find((a) => !a.dynamic && a.text.length < 120 && /loss/i.test(a.text) && /block|prevent|fail/i.test(LOSS_CHECK.exec(a.text)?.[1] ?? ''));
  if (!w) return undefined;
  // A command that only reports what it would do leaves the setting unused.
  if (cmd.args.some((a) => !a.dynamic && tokensOf(a.text).some((t) => REPORTS.has(t)))) return undefined;
  return { word: w, action: { verb: 'accept data loss', cls: 'destroy', what: `without the check that stops it (${w.text.replace(/^[/-](?:p|property):/i, '')})`, operand: -1 } };
}

/** Words that make the command only report what it would do (`/Action:DeployReport`, `/Action:Script`, `--mode=plan`). */
const REPORTS: ReadonlySet<string> = new Set(['report', 'preview', 'plan', 'diff', 'whatif', 'script', 'dryrun']);

/**
 * A command that replaces what is there, as an option action for the generic judgement (its
 * force counts as the skipped confirmation, so a production target makes it critical); undefined
 * for everything else.
 */
export function replacingAction(cmd: SimpleCommand): OptionHit | undefined {
  const factory = factoryWord(cmd) ?? dataLossCheckOff(cmd);
  if (factory) return { action: factory.action, word: factory.word, operands: [], values: [] };
  const existing = replaceExisting(cmd);
  if (existing) return { action: REPLACE_EXISTING, word: existing, operands: [], values: [], nodeps: existing };
  const load = loadWord(cmd);
  if (!load || readsOnly(cmd)) return undefined;
  const force = forceWord(cmd, load.byName);
  if (!force) return undefined;
  return { action: REPLACE_LOAD, word: load.word, operands: [], values: [], nodeps: force };
}
