/**
 * The generic judgement of a command: its verb class × reach × skipped confirmation × context.
 *
 *   class      destroy high · overwrite and revoke medium · stop low
 *   reach      everything (`--all`, `-A`, `*`, `_all`, `match_all`, a whole device): destroy →
 *              critical, the others one step up; wide (`--recursive`, `/s`, a wildcard,
 *              `--prefix`, a label selector, `--keep-last 1`): the others one step up, destroy
 *              critical only when it also skips its confirmation
 *   skipped    `--force`, `-f`, `--yes`, `-y`, `--confirm`, `--no-prompt`, `-Force`,
 *   confirm.   `-Confirm:$false`, `/q`, …: the others one step up (the tool's own prompt was the
 *              last thing between the command and the damage)
 *   context    a production-looking operand, option value, profile, context or host: one step up,
 *              and critical for destroy; a local throwaway tool (kind, minikube, k3d): two steps down
 *   object     cheap or session-scoped objects (a cache, a tag, a log, a pin) one step down; keys,
 *              secrets, tokens, databases, users one step up for revoke, and a revocation itself
 *              (it cannot be taken back, unlike a disable); a process manager's
 *              delete (`pm2 delete`) weighs as a stop, a remove that only stops tracking
 *              (`dvc remove` without `--outs`) as a revoke, a delete beyond a limit the command
 *              names (`--vacuum-time=2d`) one step down; `state=absent` in a module's arguments
 *              (Ansible, Salt) removes what the module manages
 *
 * Installed software is its own case: removing a system package without the prompt (`apt-get
 * purge -y`) is held, removing a project dependency (`npm uninstall`) is not.
 */
import { SEVERITIES, type Severity } from '../../severity';
import type { SimpleCommand, Span, Word } from '../../shell/model';
import { assessTargets, BUILD_DIRS, classifyPath, isProd } from '../context';
import type { RuleContext } from '../rule';
import { spanTo } from '../words';
import { type CliReading, flagVerb, HANDS_OVER, isCmdletName, isJobCanceller, isFileWord, readCli, remoteGc, SKIP_FLAG, skipsSafetyNet, skipWord, strongestFlagVerb, type VerbHit } from './reader';
import { deleteRank, isRemoteRef, NO_UNDO } from './weight';
import { deviceToolAction, interfaceDown, isBareDisk, isDiskDevice } from './device';
import { deleteEverything, essentialPackage, methodCall, optionAction, type OptionAction, type OptionHit } from './options';
import { actsOption, previewForm } from './preview';
import { LazyManual, manualAction, manualOf, rehearsedByPage } from './manual';
import { ACCESS_NOUNS, CONTAINER_NOUNS, DATA_NOUNS, STORE_NOUNS, FORMAT_NOUNS, LIGHT_NOUNS, PRECIOUS_NOUNS, rankOf, readWord, SECRET_STORE_NOUNS, SERVICE_NOUNS, SESSION_NOUNS, thirdPerson, tokensOf, type VerbClass } from './verbs';
import { typedAtConsole } from '../../shell/console';
import { CRITICAL_UNITS, lossOf, serviceName } from '../services';
import { own } from '../../own';

export interface GenericJudgement {
  cls: VerbClass;
  /** The installed manual page the action was read from (`dmraid(8)`): reported by its own rule. */
  manual?: string;
  severity: Severity;
  message: string;
  span: Span;
  target?: string;
  suggestion: string;
}

/**
 * Programs whose words are text, patterns, file names or script and target names rather than
 * subcommands (`echo delete`, `grep -r drop`, `make clean-db`, `jest delete`): never read.
 */
const NOT_SUBCOMMANDS = new Set([
  'echo', 'printf', 'print', 'write-output', 'write-host', 'write-error', 'write-warning', 'write-verbose', 'write-debug', 'write-information',
  'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'sed', 'awk', 'gawk', 'mawk', 'jq', 'yq', 'man', 'info', 'help', 'tldr', 'apropos', 'whatis',
  'which', 'whereis', 'type', 'command', 'hash', 'alias', 'unalias', 'cat', 'less', 'more', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr',
  'tee', 'touch', 'mkdir', 'ls', 'dir', 'cd', 'pushd', 'popd', 'ln', 'diff', 'cmp', 'file', 'stat', 'du', 'df', 'date', 'sleep', 'true',
  'false', 'test', '[', '[[', 'expr', 'read', 'exit', 'return', 'history', 'fc', 'tput', 'stty', 'say', 'notify-send', 'xdg-open', 'open',
  'code', 'code-insiders', 'cursor', 'vim', 'vi', 'nvim', 'nano', 'emacs', 'subl', 'select-string', 'select-object', 'where-object',
  'foreach-object', 'sort-object', 'measure-object', 'out-string', 'out-host', 'tee-object', 'convertto-json', 'title', 'cls', 'color',
  'make', 'gmake', 'just', 'task', 'rake', 'invoke', 'nx', 'turbo', 'lerna', 'gradle', 'gradlew', 'mvn', 'mvnw', 'ant', 'sbt', 'bazel',
  'bazelisk', 'ninja', 'cmake', 'meson', 'tox', 'nox', 'pytest', 'jest', 'vitest', 'mocha', 'ava', 'phpunit', 'rspec', 'cucumber',
  'playwright', 'cypress', 'npx', 'bunx', 'pnpx', 'uvx', 'pipx', 'xargs', 'parallel', 'watch', 'time', 'timeout', 'nohup', 'sudo', 'doas', 'env', 'exec', 'eval', 'source', '.',
  'nc', 'ncat', 'telnet', 'curl', 'wget', 'ssh', 'scp', 'sftp', 'set', 'export', 'declare', 'local', 'readonly', 'unset', 'shift', 'trap',
  'tmux', 'screen', 'ps', 'top', 'htop', 'pgrep', 'lsof', 'strace', 'openssl', 'base64', 'xxd', 'od', 'hexdump', 'tar', 'zip', 'unzip',
  'gzip', 'gunzip', 'xz', 'bzip2', '7z', 'find', 'fd', 'locate', 'tree', 'column', 'paste', 'join', 'split', 'csplit', 'fold', 'fmt', 'nl',
  'bash', 'sh', 'zsh', 'dash', 'ksh', 'fish', 'pwsh', 'powershell', 'cmd', 'rev', 'shuf', 'seq', 'yes', 'basename', 'dirname', 'realpath', 'readlink', 'mktemp', 'id', 'whoami', 'hostname', 'uname', 'uptime',
  'printenv', 'getent', 'dig', 'nslookup', 'host', 'ping', 'traceroute', 'mtr', 'ss', 'netstat', 'shellcheck', 'shfmt', 'prettier',
  'eslint', 'tsc', 'black', 'ruff', 'mypy', 'flake8', 'pylint', 'rubocop', 'gofmt', 'rustfmt', 'clang-format', 'hadolint', 'yamllint',
]);

/** Package scripts run by bare name (`yarn reset-db`): read only when the first word is the manager's own command. */
const BARE_SCRIPT_RUNNERS: Readonly<Record<string, ReadonlySet<string>>> = {
  yarn: new Set(['remove', 'cache', 'unpublish', 'owner', 'tag', 'npm', 'workspace', 'workspaces', 'unplug']),
  pnpm: new Set(['remove', 'rm', 'uninstall', 'un', 'prune', 'store', 'cache', 'unpublish', 'owner', 'dist-tag', 'unlink']),
  bun: new Set(['remove', 'rm', 'pm', 'unlink']),
};

/** Software managers: removing what they installed is a revoke; system ones are held without their prompt. */
const SYSTEM_SOFTWARE = new Set(['apt', 'apt-get', 'aptitude', 'dnf', 'yum', 'zypper', 'pacman', 'apk', 'snap', 'flatpak', 'port', 'pkg', 'choco', 'winget', 'scoop', 'emerge', 'rpm', 'dpkg']);
const PROJECT_SOFTWARE = new Set([
  'npm', 'yarn', 'pnpm', 'bun', 'pip', 'pip3', 'pipx', 'uv', 'poetry', 'pdm', 'conda', 'mamba', 'micromamba', 'cargo', 'gem', 'bundle',
  'composer', 'go', 'brew', 'nvm', 'fnm', 'volta', 'pyenv', 'rbenv', 'asdf', 'mise', 'rustup', 'sdk', 'dotnet', 'nuget', 'krew',
  'code', 'vagrant-plugin', 'deno',
]);
/** A named environment of packages (`conda env remove`, `mamba env remove`). */
const ENV_WORD = /^(?:env|environment)$/i;
const SOFTWARE_VERBS = new Set(['remove', 'rm', 'uninstall', 'un', 'purge', 'erase', 'autoremove', 'delete', 'del', 'prune', 'dedupe']);
/** Words before such a verb that still name installed software (`rustup toolchain remove`, `gh extension remove`). */
const SOFTWARE_NOUNS = new Set(['toolchain', 'target', 'component', 'plugin', 'plugins', 'package', 'packages', 'extension', 'extensions', 'module', 'modules', 'dependency', 'dependencies', 'runtime', 'sdk', 'tool', 'tools', 'global', 'self', 'env', 'environment', 'venv', 'store', 'cache', 'version', 'versions']);

/** Options that name the package feed or registry a package manager acts on. */
const FEED_OPTION = /^(?:--?source|-s|--registry|--index-url|--repository(?:-url)?)$/i;

/** Verbs that wipe only when they act on a machine (`hcloud server rebuild`), not on a build (`npm rebuild`). */
const MACHINE_VERBS = new Set(['rebuild', 'reimage', 'reinstall']);
/** Programs named for installing a system (`flatcar-install`, `coreos-installer`), and boot loaders' installers. */
const INSTALLER = /[-_]install(?:er)?$/i;
const BOOT_LOADER = /^(?:grub2?|lilo|syslinux|extlinux|refind|bootctl|shim)[-_]/i;
/** Options that name the disk an installer writes. */
const DEVICE_OPTION = /^(?:-d|--device|--disk|--dest(?:ination)?(?:-device)?|--target(?:-device)?|--drive)$/;

/** Options that name the machine or site a rebuild or reinstall acts on. */
const MACHINE_OPTION = /^--(?:site|server|instance|vm|machine|host|node)$/;
const MACHINE_NOUNS = new Set(['server', 'servers', 'instance', 'instances', 'droplet', 'droplets', 'vm', 'vms', 'machine', 'machines', 'node', 'nodes', 'host', 'hosts', 'linode', 'linodes', 'computer']);

const RESTARTS = new Set(['restart', 'reboot']);

/** Migration tools and subcommands: a rollback of all of them empties the schema. */
const MIGRATION_WORDS = new Set(['migrate', 'migration', 'migrations']);
const MIGRATION_TOOLS = new Set(['alembic', 'goose', 'dbmate', 'flyway', 'liquibase', 'sqitch', 'yoyo']);

function migrationContext(r: CliReading): boolean {
  return MIGRATION_TOOLS.has(r.tool.program) || r.path.some((w) => tokensOf(w.text).some((k) => MIGRATION_WORDS.has(k)));
}

/** The verb's own word or value says all (`--down all`, `undo:all`, `downgrade base`). */
function reachesEverything(r: CliReading, hit: VerbHit): boolean {
  if (hit.nouns.includes('all') || hit.wordNouns.includes('all')) return true;
  const value = r.flags.find((f) => f.word === hit.word)?.value?.text ?? r.operands.find((w) => w.span[0] > hit.word.span[0])?.text;
  return value !== undefined && /^(?:all|base|zero|0)$/i.test(value);
}

/** Programs named for what they make (`mkvirtualenv`, `createuser`, `new-project`, `gen-key`). */
const MAKER = /^(?:mk|make|create|new|gen|generate)[-_]?[a-z]{3,}$/i;

/** Options that turn a tool's own backup off. */
const NET_OFF = /^--?(?:no|skip|without)-(?:backups?|snapshots?|save)$/i;

/** Version control tools where `push -f` forces (elsewhere `-f` may name a file: `cf push -f manifest.yml`). */
const VCS = new Set(['hg', 'sl', 'dolt', 'jj', 'fossil', 'bzr', 'brz', 'darcs', 'pijul', 'got', 'svn', 'tf', 'yadm', 'vcsh']);
const FORCE_PUSH = /^--(?:force|force-with-lease(?:=.*)?|force-if-includes|overwrite)$/;

/** What lists who may do what: an overwrite of one removes every grant it does not restate. */
const GRANT_LISTS = new Set(['acl', 'acls', 'permission', 'permissions', 'grants', 'policy', 'policies']);
/** The superuser's account, as account tools name it. */
const PRIVILEGED = /^(?:root|administrator|admin|toor)$/i;

/**
 * A local path in the project's build output or a temporary folder. A bare name (`build`, `dist`)
 * is a path only when the verb acts on files (`shx rm -rf build`, `del-cli dist`); where it acts
 * on a named object (`tkn pipeline delete build`) the name is the object's.
 */
function throwawayPath(w: Word, rc: RuleContext, onFiles: boolean): boolean {
  const t = w.text;
  if (w.dynamic || !(/[\\/]/.test(t) || t.startsWith('.') || (onFiles && BUILD_DIRS.has(t)))) return false;
  const cls = classifyPath(t, rc).cls;
  return cls === 'workspace-build' || cls === 'temp';
}

/** Nouns of a verb that acts on files (or on nothing named: `rm`, `del-cli`, `rimraf`). */
const FILE_NOUNS = new Set(['file', 'files', 'dir', 'dirs', 'directory', 'directories', 'folder', 'folders', 'path', 'paths', 'item', 'items', 'cli', 'f', 'r', 'rf']);

/**
 * Process managers: deleting an app from their list stops it and forgets how it was started
 * (`pm2 delete all`, `supervisorctl remove web`); its code and data stay. Weighed as a stop.
 */
const PROCESS_MANAGERS = new Set(['pm2', 'forever', 'supervisorctl', 'circusctl']);

/**
 * Tools whose remove only stops tracking what it names unless a flag deletes it too (`dvc remove
 * data.dvc` drops the stage and keeps the data; `--outs` deletes the outputs): weighed as a revoke.
 */
const UNTRACKERS: Readonly<Record<string, { verbs: readonly string[]; deletes: RegExp }>> = {
  dvc: { verbs: ['remove'], deletes: /^--outs$/ },
  // beets: `remove` takes items out of the library database; `-d` deletes their files too.
  beet: { verbs: ['remove'], deletes: /^(?:-d|--delete|-[a-z]*d[a-z]*)$/ },
  // transmission-remote: `--remove` drops the torrent from the list; `--remove-and-delete` deletes its data.
  'transmission-remote': { verbs: ['remove'], deletes: /^(?:--remove-and-delete|-rad)$/ },
};

/** Subcommand words that take something away, which a tool's page may say destroys (`clear`: "Removes all records of a database"). */
const PAGE_MAY_MEAN_MORE: ReadonlySet<string> = new Set(['clear', 'unset', 'disable', 'evict', 'deactivate', 'detach']);

/** Verbs that delete only what lies beyond a limit the command names (`--vacuum-time=2d`): one step lighter. */
const RETENTION_VERBS = new Set(['vacuum']);

/**
 * Declarative desired-state arguments (Ansible and Salt modules, Puppet resources): `state=absent`
 * or `ensure=absent` removes what the module manages (`-m file -a "path=/srv/app state=absent"`,
 * `-m postgresql_db -a "name=shop state=absent"`, `puppet resource user bob ensure=absent`).
 */
const ABSENT_STATE = /(?:^|[\s,{])(?:state|ensure)\s*[=:]\s*["']?(absent|deleted|purged|removed)\b/i;
const MODULE_FLAG = /^(?:-m|--module-name)$/;

/** Local throwaway clusters: their deletes are two steps lighter. */
const LOCAL_TOOLS = new Set(['kind', 'minikube', 'k3d']);

/** A revision set that names every revision (jj, Mercurial, Sapling: `all()`, `all() ~ root()`). */
const ALL_REVSET = /^all\(\)(?:\s|$)/;
const ALL_FLAG = /^(?:--all(?:-[\w-]+)?|-A|--everything)$/;
const ALL_SWITCH = /^(?:-all|\/all)$/i;
const WIDE_FLAG = /^(?:--recursive|--recurse|-recurse|-recursive|--prefix|-prefix|--glob[\w-]*|--?subtree)$/i;
const KEEP_ONE = /^--keep-(?:last|hourly|daily|weekly|monthly|yearly|within)(?:=([01]))?$/;
const NAME_FLAG = /^(?:--?|\/)(?:name|n|id|identifier|[\w-]*-name|[\w-]*-id|[\w-]*-identifier|[\w-]*-ids|topic|bucket|table|queue|zone|vmname|vaultname|userid|identity|path|literalpath|computername|resourcegroupname|key|cluster)$/i;

/** Reads `cmd` the generic way and weighs what it would do; undefined when it does nothing the layer reports. */
export function judgeGeneric(cmd: SimpleCommand, rc: RuleContext): GenericJudgement | undefined {
  if (cmd.dynamicName || cmd.program === '' || (NOT_SUBCOMMANDS.has(cmd.program) && !typedAtConsole(cmd))) return undefined;
  const bare = own(BARE_SCRIPT_RUNNERS, cmd.program);
  if (bare) {
    const first = cmd.args.find((w) => !w.text.startsWith('-'));
    if (!first || !bare.has(first.text)) return undefined;
  }
  const windows = rc.line.shell === 'pwsh' || cmd.via.some((v) => v.program === 'cmd');
  const reading = readCli(cmd, windows);
  const tool = reading.tool;
  const ended = windows ? undefined : sessionEnd(reading, rc);
  if (ended) return ended;
  let hit = chooseVerb(reading) ?? absentState(reading) ?? confirmedPreview(reading) ?? (windows || reading.quiet || reading.readOnly ? undefined : manualHit(cmd, rc)) ?? namedFileRun(reading, rc) ?? overwrittenOutput(reading, rc);
  if (!hit) return undefined;
  // A subcommand whose word takes something away (`clear`, `disable`), which the
  // tool's own page says destroys (`kcpolymgr clear`: "Removes all records of a database"): the
  // page's reading, the stronger one. (A page only ever adds: it never weakens what was found.)
  // (Only for the words a page may mean more by: not `uninstall`, which the software logic weighs,
  // nor `stop`, which every service manager says; each costs a page read on the first line.)
  if (!windows && hit.source === 'path' && PAGE_MAY_MEAN_MORE.has(hit.verb) && !hit.manual) {
    const m = manualHit(cmd, rc);
    if (m && m.word === hit.word && rankOf(m.cls) > rankOf(hit.cls)) hit = m;
  }
  // A program named for making something (`mkvirtualenv delete-me-later`, `createuser`): its first
  // word is the name of what it makes, not a subcommand.
  if (hit.source === 'path' && MAKER.test(tool.program) && reading.path[0] === hit.word) return undefined;
  // A flag of a program writing a new file is about what it writes (`tippecanoe -o x.mbtiles
  // --drop-densest-as-needed`, `--remove-comments -o out.js`), unless it names the input.
  // (A bare verb, `--delete=true`, acts on the data the command moves: `elasticdump … --delete=true`.)
  // (Nor one that names what holds data: `--drop-tables -o log.txt` still drops the tables.)
  // (Unless what it writes over is production data: `ogrmerge.py -overwrite_ds -o /data/prod/x.gpkg`.)
  if (hit.source === 'flag' && !hit.option && hit.wordNouns.length > 0 && writesNewFile(reading) && !tokensOf(hit.word.text).some((t) => INPUT_WORDS.has(t) || HOLDS_DATA.test(t) || PRECIOUS_NOUNS.has(t) || DATA_NOUNS.has(t) || SERVICE_NOUNS.has(singular(t)))) {
    const prod = hit.cls === 'overwrite' ? overwrittenOutput(reading, rc) : undefined;
    if (!prod) return undefined;
    hit = prod;
  }
  let cls = hit.cls;
  const nouns = hit.nouns;
  const cmdlet = windows && isCmdletName(tool);
  if (cmdlet && nouns.length > 0 && nouns.every((n) => SESSION_NOUNS.has(n) || n === 'ps')) return undefined;
  if (hit.verb === 'format' && !nouns.some((n) => FORMAT_NOUNS.has(n)) && !reading.operands.some((w) => wholeDevice(w.text))) return undefined;
  if (MACHINE_VERBS.has(hit.verb)) {
    // Rebuilding or reimaging a machine wipes its disk, reinstalling a site its database (`bench
    // --site erp reinstall`); `npm rebuild` builds again.
    const named = reading.flags.some((f) => MACHINE_OPTION.test(f.word.text.replace(/=.*$/, '')));
    if (!nouns.some((n) => MACHINE_NOUNS.has(n)) && !named) return undefined;
    cls = 'destroy';
  }
  if (cls === 'destroy' && (hit.verb === 'remove' || hit.verb === 'delete') && nouns.some((n) => ACCESS_NOUNS.has(n))) cls = 'revoke';
  // Clearing a backlog, a queue or an index deletes what is in it (`pulsar-admin topics clear-backlog`);
  // clearing a store of keys deletes every key in it (`tpm2_clear`, `Clear-Tpm`).
  if (hit.verb === 'clear' && nouns.some((n) => DATA_NOUNS.has(n))) cls = 'destroy';
  // A bare `clear` subcommand of an admin tool, naming nothing (`targetctl clear`, `nvmetcli
  // clear`): everything the tool has set up is cleared.
  if (hit.verb === 'clear' && hit.source === 'path' && nouns.length === 0 && hit.wordNouns.length === 0 && reading.operands.length === 0 && reading.path.length === 1 && !hit.reachesAll) {
    hit = { ...hit, reachesAll: `everything ${tool.program} has set up` };
  }
  // An NV index undefined or a persistent key evicted in a TPM takes what it held with it (`tpm2_nvundefine`).
  if (cls === 'revoke' && (hit.verb === 'undefine' || hit.verb === 'evict') && nouns.some((n) => SECRET_STORE_NOUNS.has(n))) cls = 'destroy';
  if (hit.verb === 'clear' && nouns.some((n) => SECRET_STORE_NOUNS.has(n))) {
    cls = 'destroy';
    hit = { ...hit, reachesAll: 'every key and secret it holds' };
  }
  // A product's own uninstall script (`k3s-uninstall.sh`, `rke2-uninstall.sh`) removes the product
  // with what it stored (k3s: the cluster's data), not one package a manager can put back.
  // So does a product CLI's own `uninstall` of what it installed on a cluster, a device or a server
  // (`tridentctl uninstall`, `argocd-autopilot repo uninstall`, `cloudron uninstall --app wiki`),
  // unlike a package manager's or a project tool's (`npm uninstall`, `gh extension remove`).
  // A bare `dapr uninstall` takes the tool's own local runtime away: that stays a revoke.
  const uninstalled = reading.operands[0] ?? reading.flags.find((f) => f.value)?.value;
  const productUninstall = hit.source === 'path' && hit.verb === 'uninstall' && uninstalled !== undefined && !SYSTEM_SOFTWARE.has(tool.program) && !PROJECT_SOFTWARE.has(tool.program) && !hit.nouns.some((n) => SOFTWARE_NOUNS.has(n));
  if (productUninstall) {
    cls = 'destroy';
    hit = { ...hit, target: { ...hit.word, text: `${uninstalled.text} and the data it keeps` } };
  }
  if (hit.source === 'program' && hit.verb === 'uninstall' && hit.nouns.length > 0 && /\.sh$/i.test(hit.word.text)) {
    cls = 'destroy';
    hit = { ...hit, target: { ...hit.word, text: `${hit.nouns.join(' ')} and the data it keeps` } };
  }
  // A garbage collection in the shared remote storage (`dvc gc --cloud`): whatever the kept
  // revisions do not use is deleted from the copy everyone restores from.
  const cloud = hit.verb === 'garbage-collect' ? reading.flags.find((f) => remoteGc(tool.program, f.word.text)) : undefined;
  if (cloud) hit = { ...hit, target: { ...cloud.word, text: `the data nothing kept uses from the remote storage (${cloud.word.text})` } };
  // A whole access policy replaced (`conjur policy replace`): every grant the new one does not
  // restate is removed.
  // So does an access list overwritten whole (`sharesec -R`: "Overwrite an existing share permission ACL").
  const policyReplace = (hit.verb === 'replace' && nouns.some((n) => ACCESS_NOUNS.has(n))) || (hit.verb === 'overwrite' && nouns.some((n) => GRANT_LISTS.has(n)));
  if (policyReplace) cls = 'revoke';
  // A safety net turned off (`--no-backup`, `--no-snapshot`): what the tool would have kept is
  // lost with the rest (`hg strip --no-backup`, `supabase stop --no-backup`).
  const netOff = cls === 'destroy' ? undefined : reading.flags.find((f) => NET_OFF.test(f.word.text))?.word;
  if (netOff) cls = 'destroy';
  // Every migration rolled back (`hasura migrate apply --down all`, `db:migrate:undo:all`): each
  // table they created is dropped.
  if ((cls === 'overwrite' || hit.verb === 'tear down') && migrationContext(reading) && reachesEverything(reading, hit)) {
    cls = 'destroy';
    hit = { ...hit, verb: 'roll back', source: 'program', target: { ...hit.word, text: 'every migration, dropping what they created' }, reachesAll: 'every migration' };
  }

  // Installed software: a system package without the prompt is held, a project's dependency is not.
  let software = !!hit.option?.action.software;
  let envRemoved = false;
  const pathVerb = reading.verb?.source === 'path' ? reading.verb : undefined;
  const before = pathVerb ? reading.path.slice(0, reading.path.indexOf(pathVerb.word)) : [];
  if (pathVerb && SOFTWARE_VERBS.has(pathVerb.word.text.toLowerCase()) && before.every((w) => SOFTWARE_NOUNS.has(w.text.toLowerCase()))) {
    // A project's dependencies and toolchains come back with the next install: not reported. A
    // whole named environment removed (`conda env remove -n ml`) takes every package installed in
    // it: shown, not held (it is re-created from its spec).
    envRemoved = PROJECT_SOFTWARE.has(tool.program) && before.some((w) => ENV_WORD.test(w.text));
    // Told where the package lives (`nuget delete Pkg 1.0 -Source https://…`, `--registry URL`),
    // the delete acts on that shared feed, not on the project: judged as any remote delete.
    const feed = /^del(?:ete)?$/i.test(pathVerb.word.text) && reading.flags.some((f) => FEED_OPTION.test(f.word.text.replace(/[=:].*$/, '')) && isRemoteRef(f.value?.text ?? f.word.text.replace(/^[^=:]*[=:]/, '')));
    if (PROJECT_SOFTWARE.has(tool.program) && !envRemoved && !feed) return undefined;
    if ((SYSTEM_SOFTWARE.has(tool.program) && !feed) || envRemoved) {
      software = true;
      hit = pathVerb;
    }
  }
  // A package the system cannot run without (`glibc`, `systemd`, the manager itself); a removal
  // that also deletes the package's data (`snap remove --purge`, `flatpak uninstall --delete-data`).
  let essential: { word: Word; why: string } | undefined;
  let dataFlag: Word | undefined;
  if (software) {
    cls = 'revoke';
    // Every word after the verb that is not an option (an option may have taken a package as its value).
    essential = essentialPackage(hit.option ? hit.option.operands : tool.args.filter((w) => w.span[0] > hit!.word.span[0] && w.text.charCodeAt(0) !== 45));
    dataFlag = reading.flags.find((f) => f.word !== hit!.word && !/^--force-/.test(f.word.text) && flagVerb(f.word.text, windows)?.cls === 'destroy')?.word;
    if (dataFlag && !essential) cls = 'destroy';
  }
  if (PROJECT_SOFTWARE.has(tool.program) && !envRemoved && (cls === 'overwrite' || cls === 'stop' || nouns.includes('cache') || nouns.includes('store'))) return undefined;
  // Files the tool deletes in the project's build output or a temporary folder (`npx del-cli dist`, `shx rm -rf build`).
  const onFiles = hit.source === 'program' || nouns.every((n) => FILE_NOUNS.has(n));
  // (A device tool's operands are what it writes to the device, not what it deletes: `fwupdtool install /tmp/x.cab`.)
  if (cls === 'destroy' && !nouns.includes('device') && reading.operands.length > 0 && reading.operands.every((w) => throwawayPath(w, rc, onFiles))) return undefined;
  if (cls === 'destroy' && PROCESS_MANAGERS.has(tool.program)) cls = 'stop';
  const untrack = own(UNTRACKERS, tool.program);
  if (cls === 'destroy' && untrack && untrack.verbs.includes(hit.verb) && !reading.flags.some((f) => untrack.deletes.test(f.word.text))) cls = 'revoke';

  // An option the tool's own page calls a rehearsal (`cupt -s purge …`, `modprobe -n -r …`), or a
  // subcommand it says only rehearses unless told to act. (Asked last: it reads the page.)
  if (!windows && !hit.manual && rehearsedByPage(cmd, rc)) return undefined;
  const facts = weigh(reading, rc, hit);
  if (hit.targetOnly) {
    facts.all = facts.wide = false;
    delete facts.allWord;
    delete facts.wideWord;
  }
  // Deleting a whole project, account or repository deletes everything in it; a whole database,
  // cluster or namespace reaches widely (`gitlab project delete`, `wp db reset`, `Remove-Cluster`).
  if (cls === 'destroy' && !facts.local && facts.container && !facts.all) {
    if (CONTAINER_NOUNS.has(facts.container)) {
      facts.all = true;
      facts.allWord = `the whole ${facts.container} and everything in it`;
    } else if (STORE_NOUNS.has(facts.container) && !facts.wide) {
      facts.wide = true;
      facts.wideWord = `the whole ${facts.container} and every data set in it`;
    }
  }
  let rank: number;
  let poweredOff = false;
  const bump = (facts.all || facts.wide || facts.skip ? 1 : 0) + (facts.prod ? 1 : 0);
  switch (cls) {
    case 'destroy':
      rank = deleteRank({ target: 'shared', reach: facts.all ? 'all' : facts.wide ? 'wide' : 'one', skip: facts.skip, prod: facts.prod });
      break;
    case 'overwrite':
    case 'revoke':
      rank = 2 + Math.min(bump + (cls === 'revoke' && (nouns.some((n) => PRECIOUS_NOUNS.has(n)) || revocation(hit)) && !facts.light ? 1 : 0), 2);
      if (rank === 4 && !(facts.prod && (facts.all || facts.wide || facts.skip))) rank = 3;
      break;
    case 'stop':
      // What stops stays down until someone starts it; what restarts comes back by itself.
      rank = 1 + (facts.all || facts.wide || facts.skip ? 1 : 0) + (facts.prod ? (RESTARTS.has(hit.verb) ? 1 : 2) : 0);
      // A whole hosted service shut down (`… deployment shutdown`, `… cluster stop`): everything it serves is down.
      if (facts.container && !facts.local && !RESTARTS.has(hit.verb)) rank = Math.max(rank, 3);
      // A machine powered off (through its BMC, a fencing agent or a power tool): everything on it
      // stops, and it stays off until someone powers it on — as a shutdown of this machine is held.
      if (POWERS_OFF.has(hit.verb) && !facts.local && machineTarget(reading)) {
        rank = Math.max(rank, 3);
        poweredOff = true;
      }
      break;
  }
  // A service the machine cannot do without, stopped or taken down by any service manager (`sv
  // down sshd`, `rc-service networking stop`, `s6-svc -d /run/service/sshd`): as the system pack
  // holds `systemctl stop sshd`.
  const vital = cls === 'stop' || (cls === 'revoke' && SERVICE_DOWN.has(hit.verb)) ? vitalService(reading, hit) : undefined;
  if (vital) rank = Math.max(rank, 3);
  // A firewall stopped (`shorewall stop`, `firehol stop`, `arno-iptables-firewall stop`): the
  // machine's filtering is gone until it is started again.
  const firewall = !vital && cls === 'stop' && !RESTARTS.has(hit.verb) && hit.source === 'path' ? firewallProgram(reading, rc) : undefined;
  if (firewall) rank = Math.max(rank, 3);
  // A safety net turned off (`Disable-AzStorageBlobDeleteRetentionPolicy`, `… deletion-protection
  // disable`, `Remove-AzResourceLock`): nothing is lost now, but what is deleted later cannot be brought back.
  const net = TURNS_OFF.has(hit.verb) ? safetyNet(reading) : undefined;
  if (net) rank = Math.max(rank, 3);
  // (A host is cheap to drop from a list, not to power off: `ha host shutdown`.)
  else if (facts.light && !poweredOff) rank -= 1;
  if (RETENTION_VERBS.has(hit.verb) && !facts.prod) rank -= 1;
  if (facts.local) rank -= 2;
  if (software && !dataFlag && (!facts.skip || hit.word.text.toLowerCase() === 'autoremove')) rank = Math.min(rank, 2);
  // The system stops working: held, and critical when nothing stood in the way (no prompt, no dependency check).
  if (essential) rank = facts.skip ? 4 : 3;
  if (envRemoved) rank = Math.min(rank, 2);
  if (hit.option?.action.floor || policyReplace) rank = Math.max(rank, hit.option?.action.floor === 'medium' && !policyReplace ? 2 : 3);
  rank = Math.max(1, Math.min(4, rank));
  const severity = SEVERITIES[rank]!;

  const target = essential?.word ?? hit.target ?? (hit.option ? hit.option.target : targetOf(reading, hit));
  const what = hit.option
    ? optionWhat(hit.option.action.what, target)
    : envRemoved
      ? `the environment ${target?.text ?? ''} and every package installed in it`.replace(/ +/g, ' ')
      : [...objectWords(reading, hit), ...(target ? [target.text] : [])].join(' ');
  const clauses: string[] = [];
  if (poweredOff) clauses.push(hit.verb === 'power-cycle' ? 'everything running on it stops at once, and what it had not saved is lost' : 'everything running on it stops, and it stays off until someone powers it on');
  if (firewall) clauses.push(`the firewall it runs goes down (${firewall}): the machine is left without its filtering, open to what it kept out, until it is started again`);
  if (vital) clauses.push(`${vital.what} goes down: ${lossOf(vital.unit)}`);
  if (facts.allWord) clauses.push(`reaches everything (${facts.allWord})`);
  else if (cls === 'stop' && facts.container && rank >= 3 && HANDS_OVER.has(hit.verb)) clauses.push(`clients of the ${facts.container} are cut off while its primary moves, and writes not yet copied to the new one are lost`);
  else if (cls === 'stop' && facts.container && rank >= 3) clauses.push(`everything the ${facts.container} serves is down until it is started again`);
  else if (facts.wideWord) clauses.push(`reaches widely (${facts.wideWord})`);
  if (facts.skipWord && facts.skipWord !== netOff?.text) clauses.push(`skips the confirmation (${facts.skipWord})`);
  if (facts.prodLabel) clauses.push(`targets ${facts.prodLabel}`);
  if (facts.local) clauses.push('on a local throwaway cluster');
  else if (cls === 'destroy' && rank >= 3 && !software) clauses.push(NO_UNDO);
  const lastWord = [hit.word, target, ...facts.spanWords].filter((w): w is Word => !!w).reduce((a, b) => (b.span[1] > a.span[1] ? b : a));
  const span = spanTo(cmd, lastWord);
  const excerpt = excerptOf(rc.line.source, span);
  if (essential) clauses.unshift(essential.why);
  else if (policyReplace) clauses.unshift('whatever the new one does not name is removed');
  else if (dataFlag) clauses.unshift(`its data goes too (${dataFlag.text})`);
  if (netOff) clauses.unshift(`without the backup it would keep (${netOff.text})`);
  if (net) clauses.unshift(`a safety net goes (${net}): what is deleted from then on cannot be brought back`);
  const verbText = envRemoved ? 'removes' : software ? (hit.verb === 'purge' ? 'purges' : 'uninstalls') : thirdPerson(hit.verb);
  const message = `\`${excerpt}\` ${verbText}${what ? ` ${what}` : ''} (${tool.program})${clauses.length ? `; ${clauses.join('; ')}` : ''}.`;
  const out: GenericJudgement = { cls, severity, message, span, suggestion: SUGGESTIONS[cls] };
  if (hit.manual) out.manual = hit.manual;
  if (facts.prodLabel) out.target = facts.prodLabel;
  else if (target) out.target = `${tool.program} ${target.text}`;
  return out;
}

const OUTPUT_FILE_OPTION = /^(?:-o|-O|--output|--output-file|--out|--outfile|--out-file)$/;
/** A switch that lets a tool write over its output when it exists (`--overwrite`, GDAL's `-overwrite_ds`, `--force-overwrite`). */
const OVERWRITE_SWITCH = /^--?(?:overwrite|overwrite[-_](?:ds|output|existing|all|files?)|force[-_]overwrite)$/i;

/**
 * Told to write over its output, and that output is production data (`gdal_calc.py
 * --outfile=/data/prod/slope.tif --overwrite`, `ogrmerge.py -overwrite_ds -o /data/prod/x.gpkg`):
 * what the file held is replaced. (A bare `--overwrite` of any other output is everyday: the
 * tool's refusal to clobber its own result, waived.)
 */
function overwrittenOutput(r: CliReading, rc: RuleContext): VerbHit | undefined {
  const sw = r.flags.find((f) => !f.word.dynamic && OVERWRITE_SWITCH.test(f.word.text.replace(/=(?:true|1|yes)$/i, '')));
  if (!sw) return undefined;
  for (const f of r.flags) {
    const value = outputOf(r, f, true);
    if (value && !value.dynamic && isProd(value.text, rc)) return { verb: 'overwrite', cls: 'overwrite', word: sw.word, source: 'flag', nouns: [], wordNouns: [], target: value, targetOnly: true };
  }
  return undefined;
}
/** Words of a flag that acts on the command's input, not its output (`--delete-source`, `--remove-original`). */
const INPUT_WORDS: ReadonlySet<string> = new Set(['source', 'sources', 'src', 'input', 'inputs', 'original', 'originals', 'file', 'files', 'after']);

/** Nouns of what holds data (`--drop-tables`, `--purge-collections`). */
const HOLDS_DATA = /^(?:tables?|rows?|collections?|schemas?|keyspaces?|datasets?|data|records?|objects?|blobs?|repos?|repositories|projects?|users?|accounts?|snapshots?|backups?|volumes?|disks?|partitions?|databases?|dbs?|buckets?|keys?|secrets?|indexes|indices|index|namespaces?|clusters?)$/;

/** The command writes a file it names with an output option (`-o tiles.mbtiles`, `--output=dist/x.js`). */
function writesNewFile(r: CliReading): boolean {
  return r.flags.some((f) => {
    const value = outputOf(r, f)?.text;
    return value !== undefined && /[./]/.test(value) && !value.startsWith('/dev/');
  });
}

/**
 * The file an output option names (`-o tiles.mbtiles`, `--output=dist/x.js`), or undefined when
 * the flag is not one. With `orNext`, also the word after a one-letter option the reading took
 * for an operand (`-o /data/prod/x.gpkg`).
 */
function outputOf(r: CliReading, f: { word: Word; value?: Word }, orNext = false): Word | undefined {
  const t = f.word.text;
  const eq = t.indexOf('=');
  if (!OUTPUT_FILE_OPTION.test(eq > 0 ? t.slice(0, eq) : t)) return undefined;
  if (eq > 0) return { ...f.word, text: t.slice(eq + 1) };
  const next = orNext ? r.tool.args[r.tool.args.indexOf(f.word) + 1] : undefined;
  return f.value ?? (next && !next.text.startsWith('-') ? next : undefined);
}

/** Verbs that turn a machine off. */
const POWERS_OFF: ReadonlySet<string> = new Set(['power off', 'power-cycle', 'shut down', 'halt']);
/** Words that say the command acts on a machine, not a program's own service (`ddev poweroff` stops its containers). */
const MACHINE_WORDS = /(?:^|[-_.])(?:host|hosts|server|servers|chassis|node|nodes|vm|vms|machine|machines|bmc|ipmi|fence|blade|rack|system)(?:$|[-_.])|ipmi|bmc|fence/i;
/** Programs that power machines (`ipmipower`, `rpower`, `fence_ipmilan`, a PDU's CLI). */
const POWER_PROGRAM = /ipmi|bmc|fence|^r?power|pdu/i;
const HOST_OPTION = /^(?:-[hH]|--(?:host|hostname|server|node|bmc|address|ip))(?:=|$)/;

/** The command powers off a machine: the program or its words name one, or it is told which host. */
function machineTarget(r: CliReading): boolean {
  if (MACHINE_WORDS.test(r.tool.program) || POWER_PROGRAM.test(r.tool.program) || r.path.some((w) => MACHINE_WORDS.test(w.text))) return true;
  return r.flags.some((f) => HOST_OPTION.test(f.word.text) || MACHINE_WORDS.test(f.word.text.replace(/^[-/]+/, '').replace(/[=:].*$/, '')));
}

/** Verbs of a service manager that take a service down (`sv down`, `… disable`, `… mask`). */
const SERVICE_DOWN: ReadonlySet<string> = new Set(['down', 'tear down', 'disable', 'mask', 'deactivate']);

/**
 * The vital service (services.ts) a stop names, among the words before and after its verb, as a
 * unit or a service folder: what the message calls it, and the unit whose loss it says.
 */
function vitalService(r: CliReading, hit: VerbHit): { what: string; unit: string } | undefined {
  for (const w of [...r.path, ...r.operands]) {
    if (w === hit.word || w.dynamic) continue;
    // Every service folder of the machine (`sv exit /etc/service/*`, `sv down /run/service/*`):
    // sshd and the network among them.
    if (EVERY_SERVICE.test(w.text)) return { what: 'every service it supervises, sshd among them,', unit: 'sshd' };
    const name = serviceName(w.text);
    if (CRITICAL_UNITS.test(name)) return { what: name, unit: name };
  }
  return undefined;
}
/**
 * A program that runs the machine's firewall: its name says so (`arno-iptables-firewall`), or its
 * installed page's NAME line does (`shorewall - Administration tool for Shoreline Firewall`,
 * `firehol - … iptables stateful firewall`); not one that only parses or shapes traffic.
 */
function firewallProgram(r: CliReading, rc: RuleContext): string | undefined {
  const program = r.tool.program;
  if (tokensOf(program).includes('firewall')) return program;
  const says = manualOf(program, rc)?.summary?.();
  return says && /\bfirewall\b/i.test(says) && !/\b(?:parser|generator|compiler|shap\w*|log\w*|monitor\w*|test\w*)\b/i.test(says) ? `${program}: “${says}”` : undefined;
}

/** A wildcard over the folders runit, s6 and daemontools supervise. */
const EVERY_SERVICE = /^\/(?:etc|run|var|service)(?:\/[\w.-]+)*\/s(?:ervice|v)\/\*\/?$|^\/service\/\*\/?$/;

/** Verbs that turn a safety net off. */
const TURNS_OFF: ReadonlySet<string> = new Set(['disable', 'remove', 'delete', 'suspend', 'unset', 'deactivate', 'clear', 'revoke']);
/** What keeps deleted data recoverable or stops a delete: retention, protection, versioning, a lock, a legal hold. */
const SAFETY_NET = new Set(['retention', 'protection', 'versioning', 'lock', 'locks', 'immutability', 'hold', 'holds', 'legalhold', 'softdelete', 'pitr']);

/** The safety-net word among the command's name, subcommand path and option names, if any. */
function safetyNet(r: CliReading): string | undefined {
  const words = [r.tool.name?.text ?? r.tool.program, ...r.path.map((w) => w.text), ...r.flags.map((f) => f.word.text.replace(/^[-/]+/, '').replace(/[=:].*$/, ''))];
  for (const w of words) {
    const k = tokensOf(w).find((t) => SAFETY_NET.has(t));
    if (k) return k === 'lock' || k === 'locks' ? 'a lock' : k === 'hold' || k === 'holds' || k === 'legalhold' ? 'a legal hold' : k;
  }
  return undefined;
}

/** Subcommands that run, send or apply what a file holds (`bru run`, `httpyac send`, `ansible-navigator run`). */
const RUNS_FILE: ReadonlySet<string> = new Set(['run', 'send', 'exec', 'execute', 'apply', 'play', 'invoke', 'import', 'start', 'migrate']);
/** Files a runner runs: requests, playbooks, scripts and statements. */
const RUN_FILE = /\.(?:ya?ml|json|http|rest|bru|hurl|sql|cql|ldf|ldif|js|mjs|ts|py|rb|sh|ps1|tf|jsonnet|graphql|gql)$/i;

/**
 * A runner told to run a file named for destroying (`bru run admin/delete-tenant.bru`, `httpyac
 * send ops/stripe-purge.http`, `… run playbooks/teardown.yml`): the name is all the line says of
 * what it does, so it is weighed as a replacement (shown; held when it also targets production or
 * reaches everything), never as a delete of its own.
 */
function namedFileRun(r: CliReading, rc: RuleContext): VerbHit | undefined {
  // (a program given only options and the file runs it, against production: `curator --config
  // prod.yml actions/delete_indices.yml`; elsewhere such a program is as often a linter of the file)
  const bare = r.path.length === 0;
  const run = bare ? r.tool.name : r.path.find((w) => RUNS_FILE.has(w.text.toLowerCase()));
  if (!run || (!bare && r.path.indexOf(run) > 1) || r.readOnly) return undefined;
  if (bare && !r.tool.args.some((w) => !w.dynamic && isProd(w.text.replace(/^[^=]*=/, ''), rc))) return undefined;
  for (const w of r.operands.slice(0, 3)) {
    if (w.dynamic || w.span[0] < run.span[0] || !RUN_FILE.test(w.text)) continue;
    const base = w.text.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
    for (const k of tokensOf(base)) {
      const v = readWord(k);
      if (v && v !== 'quiet' && (v.cls === 'destroy' || v.verb === 'tear down') && !v.needsReach) {
        return { verb: 'run', cls: 'overwrite', word: run, source: r.path.length === 0 ? 'program' : 'path', nouns: [], wordNouns: [], target: { ...w, text: `${w.text}, a file named for what it does (${k})` } };
      }
    }
  }
  return undefined;
}

/**
 * A revocation itself (`keyctl revoke 911455118`, `lego … revoke`, `uacme revoke cert.pem`): unlike
 * a disable, an unset or a detach, it cannot be taken back; whatever was revoked (a certificate, a
 * token, a key, a lease) is refused from then on and has to be issued anew.
 */
function revocation(hit: VerbHit): boolean {
  return hit.verb === 'revoke';
}

/** An option action's object with its target: in place of `{0}`, or after it. */
function optionWhat(what: string, target: Word | undefined): string {
  if (what.includes('{0}')) return what.replace(/ ?\{0\}/, target ? ` ${target.text}` : '').trim().replace(/^:\s*(.*)$/, '($1)');
  return (target ? `${what} ${target.text}` : what).trim();
}

const SUGGESTIONS: Readonly<Record<VerbClass, string>> = {
  destroy: "Check the name and the account it runs against first, keep a backup or snapshot, and use the tool's dry-run or list form to see what it would remove.",
  revoke: 'Check what depends on it first; note the current settings so they can be put back.',
  overwrite: 'Take a snapshot or backup of the current state first.',
  stop: 'Check that nothing depends on it right now.',
};

/** The verb the command acts with: the path's, unless a flag destroys more; none when the path is quiet and no flag destroys. */
function chooseVerb(r: CliReading): VerbHit | undefined {
  // A device tool's own options and subcommands say what it does (`fastboot -w`, `flashrom -E`).
  const dev = deviceToolAction(r.tool.program, r.tool.args, [...r.path, ...r.operands]);
  if (dev) {
    const { action, word } = dev;
    const hit: VerbHit = { verb: action.verb, cls: action.cls, word, source: 'program', nouns: ['device'], wordNouns: [], target: { ...word, text: action.what } };
    if (action.all) hit.reachesAll = 'all of it';
    return hit;
  }
  const jobs = jobsCancelled(r);
  if (jobs === 'by id') return undefined;
  if (jobs) return jobs;
  // A network interface taken down (`ip link set eth0 down`): the machine may drop off the network.
  const net = interfaceDown(r.tool.program, r.tool.args, [...r.path, ...r.operands]);
  if (net) {
    const iface = net.iface;
    const action = { verb: 'take down', cls: 'stop' as const, what: iface ? 'the network interface {0} (the machine drops off that network; a remote session over it is cut)' : 'every network interface (the machine drops off the network; a remote session is cut)', floor: 'high' as const };
    return { verb: action.verb, cls: 'stop', word: net.word, source: 'flag', nouns: [], wordNouns: [], option: { action, word: net.word, operands: iface ? [iface] : [], ...(iface ? { target: iface } : {}), values: [] } };
  }
  // A letter that names the action in the tool's manual (`passwd -d`, `pacman -R`, `kexec -e`).
  const opt = optionAction(r.tool) ?? methodCall(r.tool, methodVerb) ?? passwordReset(r) ?? retentionShortened(r) ?? graphqlMutation(r);
  if (opt) {
    const hit: VerbHit = { verb: opt.action.verb, cls: opt.action.cls, word: opt.word, source: 'flag', nouns: [], wordNouns: [], option: opt };
    const all = deleteEverything(r.tool);
    if (all) hit.reachesAll = `${all.flag.text} ${all.all.text}`;
    return hit;
  }
  const flag = strongestFlagVerb(r) ?? deleteAllHit(r);
  const v = r.verb ?? quietButDestructive(r);
  if (!v) return flag;
  if (flag && rankOf(flag.cls) > rankOf(v.cls)) return { ...flag, nouns: v.nouns, wordNouns: [] };
  return v;
}

/** Options that select jobs by who, where or in what state (Slurm, LSF, PBS, Grid Engine, OAR, HTCondor). */
const JOB_SELECTOR = /^(?:-u|--user|-U|-A|--account|-p|--partition|-q|--queue|-m|--host|--hosts|-t|--state|-w|--nodelist|--nodes|-n|--name|-a|--all|-all|-constraint|-allusers)$/;
/** Selectors that take no value. */
const BOOLEAN_SELECTOR = new Set(['-a', '--all', '-all', '-allusers']);
/** A job or array id (`4242`, `4242.0`, `4242_7`, `4242[3]`, `123.server`). */
const JOB_ID = /^\d+(?:[._]\d+)*(?:\[\d+\])?(?:\.[\w.-]+)?$/;

/**
 * Jobs cancelled by what selects them, not by id (`scancel --user=alice`, `scancel -p gpu
 * --state=RUNNING`, `bkill -u all 0`: LSF's job 0 is every job): every job the selection
 * matches is killed, and the work it had done is lost. Held; one job by its id is the tool's
 * everyday use.
 */
function jobsCancelled(r: CliReading): VerbHit | 'by id' | undefined {
  const program = r.tool.program;
  if (!isJobCanceller(program)) return undefined;
  const a = r.tool.args;
  const by: string[] = [];
  let word: Word | undefined;
  let everyJob: Word | undefined;
  let ids = 0;
  let others = 0;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (w.dynamic) {
      others++;
      continue;
    }
    if (t.startsWith('-')) {
      const name = t.replace(/=.*$/, '');
      // Only a signal sent (`scancel --signal=USR1`, `bkill -s STOP`): the jobs go on.
      if (name === '--signal' || name === '-s') return undefined;
      if (!JOB_SELECTOR.test(name)) continue;
      word ??= w;
      const next = a[i + 1];
      if (!t.includes('=') && !BOOLEAN_SELECTOR.has(name) && next && !next.dynamic && !next.text.startsWith('-')) {
        by.push(`${t} ${next.text}`);
        i++;
      } else by.push(t);
      continue;
    }
    // LSF's job 0 is every job.
    if (t === '0' || /^all$/i.test(t)) everyJob ??= w;
    else if (JOB_ID.test(t)) ids++;
    else others++;
  }
  // Jobs named by their ids only (`condor_rm 4242.0`, `scancel 1234 1235`): the tool's everyday use.
  if (ids > 0) return others === 0 ? 'by id' : undefined;
  if (!word && !everyJob) return undefined;
  const sel = by.join(' ');
  const what = `every job ${sel ? `that ${sel} selects` : 'in the queue'} (the work each had done is lost)`;
  const at = word ?? everyJob!;
  const action: OptionAction = { verb: 'cancel', cls: 'stop', what, floor: 'high', operand: -1 };
  return { verb: 'cancel', cls: 'stop', word: at, source: 'flag', nouns: ['job'], wordNouns: [], reachesAll: sel || 'job 0 (every job)', option: { action, word: at, operands: [], values: [] } };
}

/** What the installed manual says one of the command's words does (./manual.ts), as a verb hit. */
function manualHit(cmd: SimpleCommand, rc: RuleContext): VerbHit | undefined {
  const m = manualAction(cmd, rc);
  return m ? { verb: m.action.verb, cls: m.action.cls, word: m.word, source: 'flag', nouns: m.nouns, wordNouns: [], option: m, manual: m.page } : undefined;
}

/** A retention option (`--storage.tsdb.retention.time`, `-retentionPeriod`, `-store.retention`) and a duration. */
const RETENTION_NAME = /(?:^|[-_.])retention(?:$|[-_.]|period|time)|retentionperiod/i;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const HOURS: Readonly<Record<string, number>> = { ms: 1 / 3_600_000, s: 1 / 3600, m: 1 / 60, h: 1, d: 24 };

/**
 * A data store started or configured with a retention of a day or less (`prometheus
 * --storage.tsdb.retention.time=1h`, `victoria-metrics -retentionPeriod=1d`, `loki
 * -store.retention=24h`): everything older is deleted at the next compaction. Zero, which many
 * stores read as "keep for ever" or "the default", is left alone.
 */
function retentionShortened(r: CliReading): OptionHit | undefined {
  const a = r.tool.args;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w.dynamic || w.text.charCodeAt(0) !== 45) continue;
    const eq = w.text.indexOf('=');
    const name = (eq > 0 ? w.text.slice(0, eq) : w.text).replace(/^-+/, '');
    if (!RETENTION_NAME.test(name)) continue;
    const value = eq > 0 ? w.text.slice(eq + 1) : a[i + 1]?.text ?? '';
    const m = DURATION.exec(value.trim());
    // (A bare number is read in days, as most stores' retention flags take it.)
    const hours = m ? Number(m[1]) * (HOURS[m[2] ?? 'd'] ?? 24) : NaN;
    if (!(hours > 0 && hours <= 24)) continue;
    return { action: { verb: 'shorten', cls: 'destroy', what: `the retention to ${value} (${w.text.slice(0, eq > 0 ? eq : undefined)}): everything older is deleted at the next compaction`, floor: 'high', operand: -1 }, word: w, operands: [], values: [] };
  }
  return undefined;
}

/** A GraphQL mutation and the first field it calls (`mutation { alertsPolicyDelete(…) { id } }`, `mutation DeleteRepo { deleteRepository(…) }`). */
const MUTATION = /\bmutation\b[^{]{0,80}\{\s*(?:\w+\s*:\s*)?([A-Za-z_]\w*)\s*[({]/;

/**
 * A GraphQL mutation handed to any client (`newrelic nerdgraph query 'mutation { …Delete(…) }'`,
 * `gh api graphql -f query='mutation { deleteRepository … }'`): the field it calls names the action.
 */
function graphqlMutation(r: CliReading): OptionHit | undefined {
  for (const w of r.tool.args) {
    if (w.dynamic || w.text.length < 12 || !w.text.includes('mutation')) continue;
    const field = MUTATION.exec(w.text)?.[1];
    const v = field ? methodVerb(field) : undefined;
    if (!v || v.cls !== 'destroy') continue;
    return { action: { verb: v.verb, cls: v.cls, what: `through the GraphQL mutation ${field}`, operand: -1 }, word: w, operands: [], values: [] };
  }
  return undefined;
}

/** Programs that end a desktop or login session: named for it (`gnome-session-quit`, `xfce4-session-logout`, `lxqt-leave`), or logind's `loginctl`. */
const SESSION_TOOL = /(?:^|[-_])(?:session|leave|logout|logoff)(?:[-_.]|$)|^loginctl$/i;
/** Words that end the session (`--logout`, `terminate-session`, `kill-user`) … */
const ENDS_SESSION = /^(?:logout|log-out|logoff|log-off|quit|exit|leave|end|terminate|kill)$/;
/** … or stop the machine it runs on (`--halt`, `--reboot`, `--power-off`). */
const ENDS_MACHINE = /^(?:halt|reboot|restart|poweroff|power-off|shutdown|shut-down)$/;
/** What logind ends: a session or every session of a user (`loginctl kill-session 42`, `terminate-user alice`). */
const LOGIND_OBJECT = /^(?:session|user)$/;
/** Options that end it without asking (`--no-prompt`, `--force`). */
const NO_PROMPT = /^--?(?:no-?prompt|no-?dialog|no-?confirm|force|yes)$/i;
/** The page says the option only asks the person at the screen ("Prompt the user to confirm logout"). */
const ONLY_ASKS = /^(?:prompt|ask|show|display)s?\b/i;

/**
 * A desktop or login session ended (`xfce4-session-logout --logout`, `gnome-session-quit --logout
 * --no-prompt`, `loginctl kill-session 42`), or the machine stopped through one
 * (`xfce4-session-logout --halt`, `lxqt-leave --reboot`): every program in the session is closed,
 * and what was not saved is lost, as a kill of every process of a user is held. Not an option the
 * tool's installed page says only asks the person at the screen (gnome-session-quit `--logout`:
 * "Prompt the user to confirm logout"), unless the command also says not to ask.
 */
function sessionEnd(r: CliReading, rc: RuleContext): GenericJudgement | undefined {
  const program = r.tool.program;
  if (!SESSION_TOOL.test(program)) return undefined;
  const logind = program === 'loginctl';
  let found: { word: Word; machine: string | undefined } | undefined;
  for (const w of logind ? r.path : r.flags.map((f) => f.word)) {
    const tokens = tokensOf(w.text.replace(/^-+/, '').replace(/=.*$/, ''));
    const name = tokens.join('-');
    if (logind) {
      if (tokens.length === 2 && ENDS_SESSION.test(tokens[0]!) && LOGIND_OBJECT.test(tokens[1]!)) found = { word: w, machine: undefined };
    } else if (ENDS_MACHINE.test(name)) found = { word: w, machine: name };
    else if (ENDS_SESSION.test(name)) found = { word: w, machine: undefined };
    if (found) break;
  }
  if (!found) return undefined;
  // (Only a page the system installed may say so: one under MANPATH, which the command controls, never quiets.)
  if (!logind && !r.flags.some((f) => NO_PROMPT.test(f.word.text))) {
    const page = manualOf(program, rc);
    const says = page instanceof LazyManual && page.system ? (page.entry(found.word.text.replace(/=.*$/, ''))?.says ?? '') : '';
    if (ONLY_ASKS.test(says)) return undefined;
  }
  // (logind's session or user is named after the subcommand: `kill-session 42`.)
  const named = logind ? r.operands.find((o) => o.span[0] > found.word.span[0] && !o.dynamic) : undefined;
  const span = spanTo(r.tool, named ?? found.word);
  const excerpt = excerptOf(rc.line.source, span);
  const user = logind && /user$/i.test(found.word.text);
  const what = found.machine
    ? `${/reboot|restart/.test(found.machine) ? 'reboots' : 'powers off'} the machine through the session manager (${program}); every program on it stops, and what was not saved is lost`
    : user
      ? `ends every session of the user${named ? ` ${named.text}` : ''} (${program}); every program in them is closed, and what was not saved is lost`
      : `ends the ${logind ? 'login' : 'desktop'} session${named ? ` ${named.text}` : ''} (${program}); every program in it is closed, and what was not saved is lost`;
  return { cls: 'stop', severity: 'high', message: `\`${excerpt}\` ${what}.`, span, suggestion: 'Save open work first, and end the session yourself when nothing is running in it.' };
}

/** Password tools (`chpasswd`, `pspasswd`, `passwd`, `smbldap-passwd`), not a web server's password files (`htpasswd`). */
const PASSWORD_TOOL = /^(?!ht)(?:[a-z]+-)?[a-z]*passw(?:or)?d$/i;
/** Cmdlets that set an account's password (`Set-ADAccountPassword`, `Set-LocalUser -Password`). */
const PASSWORD_CMDLET = /^set-\w*(?:password|user)$/i;
const RESET_PASSWORD: OptionAction = { verb: 'reset', cls: 'revoke', what: 'the password of the privileged account {0} (whoever signs in with it now is locked out)', floor: 'high' };
const RESET_PASSWORD_OF: OptionAction = { verb: 'reset', cls: 'revoke', what: 'the password of the account {0} (whoever signs in with it now is locked out)', floor: 'high' };

/**
 * A password replaced: of a superuser account by a password tool (`echo 'root:x' | chpasswd`,
 * `pspasswd \\srv Administrator NEW`, `passwd root`), or of any account by a cmdlet told to
 * reset it (`Set-ADAccountPassword -Identity svc -Reset`). Whoever uses the account is locked
 * out until they are told the new one: held.
 */
function passwordReset(r: CliReading): OptionHit | undefined {
  const cmd = r.tool;
  if (!cmd.name) return undefined;
  if (PASSWORD_TOOL.test(cmd.program) && !(r.windows && PASSWORD_CMDLET.test(cmd.program))) {
    const input = cmd.stdin && !cmd.stdin.dynamic ? cmd.stdin.text.split('\n').map((l) => l.split(':')[0]!.trim()) : [];
    const account = cmd.args.find((w) => !w.dynamic && PRIVILEGED.test(w.text)) ?? (input.some((u) => PRIVILEGED.test(u)) ? { ...cmd.name, text: input.find((u) => PRIVILEGED.test(u))! } : undefined);
    return account ? { action: RESET_PASSWORD, word: cmd.name, operands: [account], target: account, values: [] } : undefined;
  }
  if (r.windows && PASSWORD_CMDLET.test(cmd.program)) {
    const reset = cmd.args.find((w) => /^-(?:reset|newpassword|password)$/i.test(w.text));
    if (!reset) return undefined;
    const id = cmd.args[cmd.args.findIndex((w) => /^-(?:identity|name|sid)$/i.test(w.text)) + 1];
    return { action: RESET_PASSWORD_OF, word: reset, operands: id ? [id] : [], ...(id ? { target: id } : {}), values: [] };
  }
  return undefined;
}

/** A method name read as a verb: `DeleteUser` → delete, `KillUnit` → kill. */
function methodVerb(method: string): { verb: string; cls: VerbClass } | undefined {
  const r = readWord(method);
  return r && r !== 'quiet' && !r.needsReach ? { verb: r.verb, cls: r.cls } : undefined;
}

/** `-d ALL`, `-D all`, `-x '*'`: a delete-like letter given everything. */
function deleteAllHit(r: CliReading): VerbHit | undefined {
  // (after a subcommand that reads, `-x '*'` is a filter: `ssoadm list-identities -x "*"`)
  if (r.quiet) return undefined;
  const d = deleteEverything(r.tool);
  return d ? { verb: 'delete', cls: 'destroy', word: d.flag, source: 'flag', nouns: [], wordNouns: [], target: d.all, reachesAll: `${d.flag.text} ${d.all.text}` } : undefined;
}

/** A preview-by-default tool given its confirm option (`p4 obliterate -y`): the form's own verb, when the reading found none. */
function confirmedPreview(r: CliReading): VerbHit | undefined {
  const m = previewForm(r.tool);
  if (!m?.confirmed) return undefined;
  return { verb: m.form.verb, cls: m.form.cls, word: m.word, source: m.word === r.tool.name ? 'program' : 'path', nouns: [], wordNouns: [] };
}

/** `state=absent` in a module's arguments: the module's object is removed (its name from `-m`). */
function absentState(r: CliReading): VerbHit | undefined {
  const a = r.tool.args;
  const at = a.findIndex((w) => !w.dynamic && ABSENT_STATE.test(w.text));
  if (at < 0) return undefined;
  const m = a.findIndex((w) => MODULE_FLAG.test(w.text));
  const module = m >= 0 ? a[m + 1]?.text : undefined;
  const nouns = module ? tokensOf(module) : [];
  return { verb: 'remove', cls: 'destroy', word: a[at]!, source: 'flag', nouns, wordNouns: [] };
}

/**
 * Constructive verbs that still destroy: creating a pool, array or volume on a whole disk with
 * the tool's own check forced off overwrites what is on it (`zpool create -f tank /dev/sdc`), and
 * scaling to zero stops everything (`heroku ps:scale web=0`, `--replicas 0`).
 */
function quietButDestructive(r: CliReading): VerbHit | undefined {
  const last = r.quiet ? r.path[r.path.length - 1] : undefined;
  const lastTokens = last ? tokensOf(last.text) : [];
  const createFlag = r.flags.find((f) => /^--?(create|init)$/.test(f.word.text));
  // Such tools refuse or ask when the device holds a file system or another pool (zpool create,
  // pvcreate, mdadm): only their forced form overwrites without a word.
  const forced = r.flags.some((f) => SKIP_FLAG.test(f.word.text) || (!f.value && /^-[a-zA-Z]*f[a-zA-Z]*$/.test(f.word.text) && f.word.text.length <= 4));
  // A program named for making one (`pvcreate`, `vgcreate`, `mdcreate`) counts like the subcommand.
  const namedCreate = !last && !createFlag && /(?:create|init)$/i.test(r.tool.program) ? r.tool.name : undefined;
  if (forced && (lastTokens.includes('create') || lastTokens.includes('init') || createFlag || namedCreate) && r.operands.some((w) => isDiskDevice(w.text))) {
    const word = last ?? createFlag?.word ?? namedCreate!;
    return { verb: 'overwrite', cls: 'destroy', word, source: last ? 'path' : 'flag', nouns: ['disk'], wordNouns: [] };
  }
  // An operating system installed onto a disk writes the whole device over (`coreos-installer
  // install /dev/sda`, `bootc install to-disk /dev/vda`); installing from a disk does not.
  // So does an installer named for it given the disk (`flatcar-install -d /dev/sda`); a boot
  // loader's installer (`grub-install /dev/sda`) writes only its boot code.
  const named = !r.quiet && !r.verb && INSTALLER.test(r.tool.program) && !BOOT_LOADER.test(r.tool.program) ? r.tool.name : undefined;
  const install = r.quiet ? r.path.find((w) => tokensOf(w.text).includes('install')) : named;
  const onto = install ? [...r.operands, ...r.flags.filter((f) => DEVICE_OPTION.test(f.word.text)).map((f) => f.value)].find((w) => w !== undefined && isDiskDevice(w.text) && w.span[0] > install.span[0]) : undefined;
  if (install && onto) return { verb: 'overwrite', cls: 'destroy', word: install, source: named ? 'program' : 'path', nouns: ['disk'], wordNouns: [], target: onto };
  // `dolt push --force origin main`, `bzr push --overwrite`: the remote's history is replaced.
  if (last && last.text.toLowerCase() === 'push') {
    const force = r.flags.find((f) => FORCE_PUSH.test(f.word.text) || (VCS.has(r.tool.program) && f.word.text === '-f'));
    if (force) {
      const remote = r.operands.find((w) => /[:/]/.test(w.text)) ?? r.operands[0];
      return { verb: 'force-push', cls: 'destroy', word: force.word, source: 'program', nouns: ['commits'], wordNouns: [], target: { ...force.word, text: `over the history of ${remote?.text ?? 'the remote'}` } };
    }
  }
  const scale = r.quiet ? r.path.find((w) => tokensOf(w.text).includes('scale')) : undefined;
  if (scale) {
    // `ps:scale web=0`, `scale count 0`, `--replicas 0`.
    const zero = r.operands.some((w) => /^(?:[\w.-]+=)?0$/.test(w.text)) || r.flags.some((f) => /^--?(replicas|count|instances|min|max)(=0)?$/.test(f.word.text) && (f.word.text.endsWith('=0') || f.value?.text === '0'));
    if (zero) return { verb: 'scale to zero', cls: 'stop', word: scale, source: 'path', nouns: [], wordNouns: [] };
  }
  return undefined;
}

interface Facts {
  all: boolean;
  wide: boolean;
  skip: boolean;
  prod: boolean;
  local: boolean;
  light: boolean;
  allWord?: string;
  wideWord?: string;
  skipWord?: string;
  prodLabel?: string;
  /** The whole container or hosted service the verb acts on (SERVICE_NOUNS). */
  container?: string;
  spanWords: Word[];
}

/** A whole disk or drive: `/dev/sdb`, a disk's kernel name (`sda`, `ada1`), `C:`, `D:\`. */
function wholeDevice(t: string): boolean {
  return isDiskDevice(t) || isBareDisk(t) || /^[A-Za-z]:\\?$/.test(t);
}

function weigh(r: CliReading, rc: RuleContext, hit: VerbHit): Facts {
  const f: Facts = { all: false, wide: false, skip: false, prod: false, local: false, light: false, spanWords: [] };
  if (hit.reachesAll) {
    f.all = true;
    f.allWord = hit.reachesAll;
  }
  // A compound that says all (`delete-all-snapshots`, `undo:all`, `removeallkeys`).
  if (!f.all && (hit.wordNouns.includes('all') || hit.wordNouns.includes('everything') || (hit.source === 'path' && hit.nouns.includes('all')))) {
    f.all = true;
    f.allWord = hit.word.text;
  }
  // The verb flag's own value says all (`--down all`).
  if (!f.all && hit.source === 'flag' && (/^(?:all|everything)$/i.test(r.flags.find((x) => x.word === hit.word)?.value?.text ?? '') || /^-[^=]+=(?:all|everything)$/i.test(hit.word.text))) {
    f.all = true;
    f.allWord = `${hit.word.text} all`;
  }
  const opt = hit.option;
  if (opt) {
    // A package manager that removes without asking, or told to skip its dependency checks.
    const skipped = opt.nodeps ?? (opt.action.software && opt.action.noPrompt ? opt.word : undefined);
    if (skipped) {
      f.skip = true;
      f.skipWord = skipped === opt.word ? `${opt.word.text}, which does not ask` : skipped.text;
    }
    if (opt.action.light) f.light = true;
    if (opt.action.all && !f.all) {
      f.all = true;
      f.allWord = 'all of it';
    }
    if (opt.action.wide) {
      f.wide = true;
      f.wideWord = 'the whole workspace';
    }
    // An account tool acting on the superuser.
    const who = [...r.path, ...r.operands].find((w) => PRIVILEGED.test(w.text) && w.span[0] > opt.word.span[0]);
    if (who && !opt.action.software) {
      f.prod = true;
      f.prodLabel = `the ${who.text} account`;
    }
  }
  const cmdlet = r.windows && isCmdletName(r.tool);
  const values: Word[] = hit.target && !r.operands.includes(hit.target) ? [...r.operands, hit.target] : [...r.operands];
  // A letter action's operands are read from the words themselves (`pgbench -i -h prod-db …`).
  if (hit.option) values.push(...[...hit.option.operands, ...hit.option.values].filter((w) => !values.includes(w)));
  for (const { word, value } of r.flags) {
    // The option that names the action is not also its reach or its confirmation (`pacman -Rdd`:
    // -R is the removal; `push --force` is the force-push).
    if (word === hit.word) continue;
    const t = word.text;
    if (value) values.push(value);
    const eq = t.indexOf('=');
    if (eq > 0) values.push({ ...word, text: t.slice(eq + 1) });
    const name = eq > 0 ? t.slice(0, eq) : t;
    if (!f.skip && (SKIP_FLAG.test(name) || skipsSafetyNet(t) || /^-confirm:\$?false$/i.test(t) || (cmdlet && /^-fo(r(ce?)?)?$/i.test(t)) || (!cmdlet && !r.windows && /^-[a-zA-Z]*f[a-zA-Z]*$/.test(t) && t.length <= 4 && !value))) {
      // `-f FILE` names a file (`conjur policy replace -f empty.yml`), even where the reader took FILE as an operand.
      if (!(t === '-f' && (value || isFileWord(r.tool.args[r.tool.args.indexOf(word) + 1])))) {
        f.skip = true;
        f.skipWord = t;
        f.spanWords.push(word);
      }
    }
    // (A garbage collection's `--all-commits`, `--all-branches` keep more, not delete more.)
    // (`-A dem.tif` names an input; a switch that says all takes no value.)
    if (!f.all && hit.verb !== 'garbage-collect' && !(value && name === '-A') && (ALL_FLAG.test(name) || (r.windows && ALL_SWITCH.test(name)))) {
      f.all = true;
      f.allWord = t;
      f.spanWords.push(word);
    }
    // (In version control `-r` names a revision; svn's -R is recursive, hg's a repository.)
    const recursiveSwitch = VCS.has(r.tool.program) ? t === '--recursive' || (r.tool.program === 'svn' && t === '-R') : cmdlet ? /^-(r|rec(u(r(s(e)?)?)?)?|recursive)$/i.test(t) : r.windows && t.charCodeAt(0) === 47 ? /^\/s$/i.test(t) : /^-[a-zA-Z]{0,2}[rR][a-zA-Z]{0,2}$/.test(t) && t.length <= 4;
    if (!f.wide && !value && (WIDE_FLAG.test(name) || recursiveSwitch)) {
      f.wide = true;
      f.wideWord = t;
      f.spanWords.push(word);
    } else if (!f.wide && (name === '--prefix' || name === '-prefix' || /^--?(selector|l)$/.test(name)) && value && (name === '--prefix' || name === '-prefix' || value.text.includes('='))) {
      f.wide = true;
      f.wideWord = `${t} ${value.text}`;
      f.spanWords.push(value);
    }
    const keep = KEEP_ONE.exec(t);
    if (!f.wide && keep && (keep[1] !== undefined || (value && /^[01]$/.test(value.text)))) {
      f.wide = true;
      f.wideWord = value ? `${t} ${value.text}` : t;
      f.spanWords.push(value ?? word);
    }
  }
  // An answer given as a word after the verb (`DELETE noprompt`, `del quiet`, `restore … force=yes`).
  const answered = f.skip ? undefined : r.operands.find((w) => w.span[0] > hit.word.span[0] && !w.dynamic && skipWord(w.text));
  if (answered) {
    f.skip = true;
    f.skipWord = answered.text;
    f.spanWords.push(answered);
  }
  // (A quoted pattern counts as wide, not an expression: `'*.psd'`, `'logs/*'`, `'tmp*'`, but not `--calc="A*0"`.)
  for (const w of values) {
    const t = w.text;
    if (!f.all && (t === '*' || t === '*.*' || t === '_all' || ALL_REVSET.test(t) || (t === 'all' && r.operands.includes(w)) || /\bmatch_all\b/.test(t) || /^[A-Za-z]:\\\*(\.\*)?$/.test(t) || wholeDevice(t) || (t === '/' && !w.quoted))) {
      f.all = true;
      // (The file system's root as where the tool writes or deletes: `dar -x … -R / -w`.)
      f.allWord = t === '/' ? 'the whole file system, /' : wholeDevice(t) ? `the whole of ${t}` : t;
      f.spanWords.push(w);
    } else if (!f.wide && (w.glob || (w.quoted && /(?:^|[/._:-])[*?]|[*?](?:$|[/._:-])/.test(t) && !/\s/.test(t)))) {
      f.wide = true;
      f.wideWord = t;
      f.spanWords.push(w);
    }
    if (!f.prod && !w.dynamic && isProd(t.replace(/^[a-z0-9+]+:\/\//i, ''), rc)) {
      f.prod = true;
      f.prodLabel = t;
      f.spanWords.push(w);
    }
  }
  // A tool that previews unless told to act, told to act (`--yes` for `kops delete`,
  // `--no-dry-run`): the confirmation was given up front; a form that reaches a whole account
  // or device reaches everything.
  const act = f.skip && f.all ? undefined : actsOption(r.tool);
  if (act) {
    const form = previewForm(r.tool)?.form;
    if (!f.skip && !form?.prompts) {
      f.skip = true;
      f.skipWord = `${act.text}, which makes it act instead of previewing`;
      f.spanWords.push(act);
    }
    if (!f.all && form?.all) {
      f.all = true;
      f.allWord = `${form.verb} everything it is pointed at`;
      f.spanWords.push(act);
    }
  }
  if (!f.prod) {
    const a = assessTargets(r.tool, rc);
    if (a.reach === 'production') {
      f.prod = true;
      f.prodLabel = a.target;
    } else if (a.reach === 'local') f.local = true;
    for (const v of r.tool.via) {
      if (!f.prod && (v.kind === 'remote' || v.kind === 'container') && v.target && isProd(v.target, rc)) {
        f.prod = true;
        f.prodLabel = `${v.kind === 'remote' ? 'host' : 'container'} ${v.target}`;
      }
    }
  }
  if (LOCAL_TOOLS.has(r.tool.program)) f.local = true;
  // A flag that names its own object (`--remove-env-vars`) is weighed by that object, not by the
  // subcommand path it sits under (`gcloud run services update`).
  const nouns = hit.source === 'flag' && hit.wordNouns.length > 0 ? hit.wordNouns : [...hit.nouns, ...objectWords(r, hit).map((w) => w.toLowerCase())];
  // A purge of web addresses (`fastly purge --url https://…`, `… purge invalidate https://…/app.js`)
  // empties a CDN's or proxy's cache of them: the origin serves them again.
  if ((hit.verb === 'purge' || hit.verb === 'invalidate') && [...r.operands, ...r.flags.map((x) => x.value).filter((v): v is Word => v !== undefined)].some((w) => /^https?:\/\//i.test(w.text))) f.light = true;
  // (Logs kept in a bucket are a backup's: `br log truncate --storage=s3://…`.)
  f.light ||= nouns.some((n) => LIGHT_NOUNS.has(n)) && !nouns.some((n) => PRECIOUS_NOUNS.has(n)) && !r.operands.some((w) => isRemoteRef(w.text)) && !r.flags.some((x) => /^[a-z][\w+.-]*:\/\//i.test(x.value?.text ?? x.word.text.replace(/^[^=]*=/, '')) && /(?:storage|bucket|destination|repo|backup)/i.test(x.word.text));
  // The object is a whole container (`gitlab project delete`, `wp db reset`, `Remove-Cluster`).
  // A type word right after the verb, before the name, counts too (`pachctl delete repo images`);
  // a verb that names its own object (`delete-tag`) acts on that, not on the repository it sits in.
  // A lone operand that is such a noun is the object itself (`crsctl stop cluster -all`).
  const first = r.operands[0];
  const typeWord = hit.source === 'path' && first && first.span[0] > hit.word.span[0] && (r.operands.length > 1 || SERVICE_NOUNS.has(singular(first.text.toLowerCase()))) ? first.text.toLowerCase() : undefined;
  const objects = hit.wordNouns.length > 0 ? hit.wordNouns : [...nouns.flatMap(tokensOf), ...(typeWord ? [typeWord] : [])];
  // (What it names last is what goes: `v.db.dropcolumn` drops a column of the database, `v.db.droptable` a table of it.)
  const last = objects.length > 0 ? singular(objects[objects.length - 1]!) : undefined;
  const part = last !== undefined && !SERVICE_NOUNS.has(last) && (PART_NOUNS.has(last) || HOLDS_DATA.test(last));
  f.container = part ? undefined : objects.map(singular).find((n) => SERVICE_NOUNS.has(n));
  return f;
}

/** Parts of a container that a verb names as its object after the container (`db … column`): the part goes, not the container. */
const PART_NOUNS = new Set(['column', 'col', 'row', 'field', 'attr', 'attribute', 'entry', 'record', 'item', 'property', 'prop', 'value', 'layer']);

/** `clusters` → `cluster`, `repositories` → `repository`. */
function singular(noun: string): string {
  return noun.endsWith('ies') ? `${noun.slice(0, -3)}y` : noun.endsWith('s') && !noun.endsWith('ss') ? noun.slice(0, -1) : noun;
}

/** The command-like words right after the verb (`gam delete user bob` → `user`), and the path nouns before it. */
function objectWords(r: CliReading, hit: VerbHit): string[] {
  const out: string[] = [];
  if (hit.source === 'flag' && hit.wordNouns.length > 0) return [...hit.wordNouns];
  // (A JSON request names its own object; the subcommand that sends it is not it: `ovsdb-client transact '[…]'`.)
  if (hit.source === 'flag' && /^[[{]/.test(hit.word.text) && hit.target) return [];
  if (hit.source === 'path' || hit.source === 'flag') {
    for (const w of r.path) if (w !== hit.word) out.push(w.text);
    out.push(...hit.wordNouns);
  } else if (hit.source === 'program' && r.windows && isCmdletName(r.tool)) {
    const noun = (r.tool.name?.text ?? '').split('-')[1];
    if (noun) out.push(noun);
  }
  return out;
}

/** The operand the verb acts on: the first positional after the verb, else the value of a name-like option. */
function targetOf(r: CliReading, hit: VerbHit): Word | undefined {
  if (hit.source === 'flag' && hit.wordNouns.length > 0) {
    // `--remove-env-vars=KEY`, `--remove-env-vars KEY`: the flag's value is what it removes.
    const f = r.flags.find((x) => x.word === hit.word);
    const eq = hit.word.text.indexOf('=');
    if (f?.value) return f.value;
    if (eq > 0) return { ...hit.word, text: hit.word.text.slice(eq + 1) };
  }
  const first = r.operands.find((w) => w.span[0] > hit.word.span[0]) ?? (hit.source !== 'path' ? r.operands[0] : undefined);
  if (first) return first;
  for (const f of r.flags) {
    if (f.value && NAME_FLAG.test(f.word.text)) return f.value;
    const eq = f.word.text.indexOf('=');
    if (eq > 0 && NAME_FLAG.test(f.word.text.slice(0, eq))) return { ...f.word, text: f.word.text.slice(eq + 1) };
  }
  return undefined;
}

/** The line's text over the span, on one line and at most 80 characters. */
function excerptOf(source: string, span: Span): string {
  const t = source.slice(span[0], span[1]).replace(/\s+/g, ' ').replace(/`/g, "'");
  return t.length > 80 ? `${t.slice(0, 77)}…` : t;
}
