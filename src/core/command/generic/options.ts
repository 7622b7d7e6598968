/**
 * Actions given as single-letter options. Many system tools name what they do with a letter
 * rather than a subcommand or a long flag (`passwd -d root` deletes root's password, `postsuper
 * -d ALL` deletes every queued mail, `pacman -Rdd glibc` removes a package without checking what
 * needs it): the generic reading cannot tell `-d` for "delete" from `-d` for "debug" without
 * the tool's manual. This is a knowledge table written from the manuals, keyed by program, so
 * the look-up costs one property access for every other command.
 *
 * Package managers whose operations are options (pacman, rpm, dpkg, emerge, nix-env) are read as
 * software removal, like `apt-get remove` in the subcommand form; removing a package the system
 * cannot run without (the C library, the shell, the init system, the kernel, the package
 * manager itself) is held, and critical when dependency checks or the prompt are skipped.
 *
 * Also the generic case that needs no table: a delete-like letter given everything as its value
 * (`-d ALL`, `-D all`, `-x '*'`) reaches everything.
 */
import { own } from '../../own';
import type { SimpleCommand, Word } from '../../shell/model';
import { replacingAction } from './replace';
import type { VerbClass } from './verbs';

export interface OptionAction {
  verb: string;
  /** Which of the words after the option names the target (htpasswd -D FILE USER: 1). */
  operand?: number;
  cls: VerbClass;
  /** What it acts on, before the operand (`the password of`, `queued mail`), or around it (`{0}`). */
  what: string;
  /** A package manager's removal: weighed as uninstalling software. */
  software?: boolean;
  /**
   * The least severity: `high` for actions on the whole machine (`kexec -e` reboots it at once),
   * `medium` for a hard stop that can be undone by starting it again (`ipmitool chassis power off`).
   */
  floor?: 'medium' | 'high';
  /**
   * The tool asks before each deletion unless one of these options is given (`fdupes -d` asks
   * which copy to keep; `-N` does not): without one the action is one step lighter, with one it
   * skips the confirmation.
   */
  asks?: readonly string[];
  /** The option acts only with a value like this (`bpexpdate -d 0` expires at once; `upsmon -c fsd`). */
  value?: RegExp;
  /** Options that give the same letter another meaning (`onspaces -c -d NAME` creates NAME). */
  unless?: readonly string[];
  /** A package manager that removes without asking (rpm, dpkg, emerge). */
  noPrompt?: boolean;
  /** Cheap to lose or kept elsewhere (old generations, scheduled jobs): one step lighter. */
  light?: boolean;
  /** It reaches everything it acts on (every table, the whole PKI). */
  all?: boolean;
  /** It reaches widely (a whole workspace). */
  wide?: boolean;
}

const REMOVE_PACKAGE: OptionAction = { verb: 'uninstall', cls: 'revoke', what: '', software: true };
const REMOVE_PACKAGE_NOW: OptionAction = { ...REMOVE_PACKAGE, noPrompt: true };
const DELETE_PASSWORD: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the password of' };
const LOCK_ACCOUNT: OptionAction = { verb: 'lock', cls: 'revoke', what: 'the account' };
const DELETE_USER: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the user' };
const DISABLE_USER: OptionAction = { verb: 'disable', cls: 'revoke', what: 'the user' };
const DELETE_MAIL: OptionAction = { verb: 'delete', cls: 'destroy', what: 'queued mail' };
const DELETE_CERT: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the certificate' };
const DELETE_KEY: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the private key' };
const KEXEC: OptionAction = { verb: 'reboot', cls: 'stop', what: 'this machine into the loaded kernel at once, without a clean shutdown', floor: 'high', operand: -1 };
const RESET_PKI: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the existing PKI (the CA key and every certificate issued) to start a new one', all: true, operand: -1 };
const REINSTALL_SITE: OptionAction = { verb: 'drop', cls: 'destroy', what: "every table of the site's database to install it again" };
const INIT_BENCH: OptionAction = { verb: 're-create', cls: 'overwrite', what: 'the pgbench tables of {0} (dropped first)' };
const REPAIR_YES: OptionAction = { verb: 'repair', cls: 'overwrite', what: 'the file system on {0}, answering yes to every fix (damaged files may be cleared)', light: true };
const CLUSTER_UNINSTALL: OptionAction = { verb: 'uninstall', cls: 'revoke', what: 'its components from the cluster (workloads that rely on them stop working)', floor: 'high', operand: -1 };
const KILL_USERS: OptionAction = { verb: 'kill', cls: 'stop', what: 'every process using {0}', floor: 'high' };
const SYSPREP: OptionAction = { verb: 'reset', cls: 'overwrite', what: 'the disk of the guest {0} in place (host keys, accounts, logs)', floor: 'high' };

// From more manuals (each row quotes what the manual says the letter or abbreviation does).
const DELETE_ALL_KEYS: OptionAction = { verb: 'delete', cls: 'revoke', what: 'every key the master has accepted (every minion is cut off until its key is accepted again)', all: true, operand: -1 };
const DELETE_KEY_OF: OptionAction = { verb: 'delete', cls: 'revoke', what: 'the accepted key of' };
const DESTROY_VMS: OptionAction = { verb: 'destroy', cls: 'destroy', what: 'the cloud machines' };
const DELETE_DUPLICATES: OptionAction = { verb: 'delete', cls: 'destroy', what: 'every duplicate file but one in each set under', asks: ['-N', '--noprompt', '--no-prompt'] };
const DROP_SPACE: OptionAction = { verb: 'drop', cls: 'destroy', what: 'the storage space (dbspace) and every table in it:', unless: ['-c'] };
const DROP_LOG: OptionAction = { verb: 'drop', cls: 'destroy', what: 'a logical-log file of the database server', light: true };
const OFFLINE_SERVER: OptionAction = { verb: 'take offline', cls: 'stop', what: 'the database server (every session is cut and its shared memory removed)', floor: 'medium', operand: -1 };
const DELETE_SAVE_SET: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the backup records (save set or volume) from the backup server, so what they hold can no longer be recovered:', operand: -1 };
const RELABEL_TAPE: OptionAction = { verb: 'relabel', cls: 'destroy', what: 'a backup volume that already holds backups (they are overwritten by the next run):', operand: -1 };
const EXPIRE_NOW: OptionAction = { verb: 'expire', cls: 'destroy', what: 'the backup images at once (they can no longer be restored)', value: /^0$/, operand: -1 };
const DELETE_ACCOUNT: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the mail account (its mailbox and everything in it)' };
const DELETE_DOMAIN: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the mail domain' };
const DELETE_LIST: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the distribution list' };
const DELETE_COS: OptionAction = { verb: 'delete', cls: 'revoke', what: 'the class of service' };
const DELETE_RESOURCE: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the calendar resource' };
const DELETE_SERVER: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the server entry' };
const OUTDATE: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the revisions (outdated from the history for good) of', operand: 0 };
const RELEASE_DELETE: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the working copy', light: true };
const DELETE_VDISK: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the virtual disk and every block in it:' };
const CREATE_VMFS: OptionAction = { verb: 'overwrite', cls: 'destroy', what: 'the partition with a new VMFS file system (what it held is gone):', operand: 1, all: true };
const ERASE_CIB: OptionAction = { verb: 'erase', cls: 'destroy', what: "the cluster's whole configuration (every resource and constraint)", all: true, operand: -1 };
const DELETE_CLUSTER_RESOURCE: OptionAction = { verb: 'delete', cls: 'destroy', what: 'a resource from the cluster configuration', operand: -1 };
const REMOVE_NODE: OptionAction = { verb: 'remove', cls: 'revoke', what: 'the node from the cluster' };
const CLEAR_VIRTUAL_SERVERS: OptionAction = { verb: 'clear', cls: 'revoke', what: 'every virtual service of the load balancer (traffic to them stops)', all: true, operand: -1 };
const DELETE_VIRTUAL_SERVER: OptionAction = { verb: 'delete', cls: 'revoke', what: 'a virtual service of the load balancer (traffic to it stops)', operand: -1 };
const REMOVE_POLICY_MODULE: OptionAction = { verb: 'remove', cls: 'revoke', what: 'the SELinux policy module' };
const REMOVE_PROFILE: OptionAction = { verb: 'remove', cls: 'revoke', what: 'the AppArmor profile from the kernel (the program runs unconfined):' };
const DETACH_LOOPS: OptionAction = { verb: 'detach', cls: 'revoke', what: 'every loop device', light: true, all: true, operand: -1 };
const UNEXPORT: OptionAction = { verb: 'unexport', cls: 'revoke', what: 'the NFS exports (clients lose their mounts):', light: true };
const ATRM: OptionAction = { verb: 'delete', cls: 'destroy', what: 'the scheduled jobs', light: true };
const DELETE_PROFILES: OptionAction = { verb: 'remove', cls: 'revoke', what: 'every configuration profile installed (management, Wi-Fi, certificates)', all: true, operand: -1 };
const FORGET_RECEIPT: OptionAction = { verb: 'forget', cls: 'revoke', what: 'the install receipt of', light: true };
const MERGE_SNAPSHOT: OptionAction = { verb: 'revert', cls: 'overwrite', what: 'the origin volume to the snapshot (what was written since is lost):' };
const RESET_MOK: OptionAction = { verb: 'reset', cls: 'revoke', what: 'the list of enrolled machine owner keys (modules signed with them stop loading after the reboot)', operand: -1 };
const DELETE_MOK: OptionAction = { verb: 'delete', cls: 'revoke', what: 'an enrolled machine owner key' };
const SB_OFF: OptionAction = { verb: 'disable', cls: 'revoke', what: 'Secure Boot validation of the boot chain (after the reboot)', operand: -1 };
const CLEAR_BAYES: OptionAction = { verb: 'wipe', cls: 'destroy', what: 'the spam filter\'s learned (Bayes) database', light: true, operand: -1 };
const BOUNCE_MAIL: OptionAction = { verb: 'fail', cls: 'destroy', what: 'the queued messages (they are bounced, not delivered):', light: true };
const MARK_DELIVERED: OptionAction = { verb: 'mark delivered', cls: 'destroy', what: 'the queued messages without delivering them:', light: true };
const RESET_OVERLAY: OptionAction = { verb: 'erase', cls: 'destroy', what: 'every setting and installed package of the router (its writable overlay), back to the firmware defaults', all: true, operand: -1 };
const SWEEP_OLD: OptionAction = { verb: 'delete', cls: 'destroy', what: 'every file older than the hours given under', operand: 1 };
const FLASH_NO_CONFIG: OptionAction = { verb: 'flash', cls: 'destroy', what: 'new firmware without keeping the configuration (every setting is lost):' };
// Power: a server switched off at the board (no clean shutdown) comes back when it is switched
// on again; a UPS cutting its load switches off every machine it feeds at once.
const POWER_OFF: OptionAction = { verb: 'power off', cls: 'stop', what: 'the server at once, with no clean shutdown (unsaved data on it is lost)', floor: 'medium', operand: -1 };
const HARD_POWER: OptionAction = { verb: 'power', cls: 'stop', what: '{0} the server at once, with no clean shutdown (unsaved data on it is lost)', floor: 'medium', value: /^(?:off|cycle|reset)$/i };
const FORCED_SHUTDOWN: OptionAction = { verb: 'force', cls: 'stop', what: 'a shutdown ({0}) of every system the UPS feeds, after which the UPS cuts their power', floor: 'high', value: /^fsd$/i };
const POWER_CYCLE: OptionAction = { verb: 'power-cycle', cls: 'stop', what: 'the server at once, with no clean shutdown', floor: 'medium', operand: -1 };
const CUT_LOAD: OptionAction = { verb: 'cut', cls: 'stop', what: 'the power to everything the UPS feeds (every machine on it goes down at once)', floor: 'high', operand: -1 };
const CLEAR_SEL: OptionAction = { verb: 'clear', cls: 'destroy', what: "the server's hardware event log", light: true, operand: -1 };
const REMOVE_PACKAGE_ASKS: OptionAction = { ...REMOVE_PACKAGE };

/**
 * From the manuals: passwd(1) `-d` deletes a password, `-l` locks it; usermod(8) `-L`; gpasswd(1)
 * `-d` removes a member, `-r` the group password; smbpasswd(8) `-x` deletes and `-d` disables a
 * Samba user; pdbedit(8) `-x`; htpasswd(1) `-D`; postsuper(1) `-d` deletes queued mail (`ALL`
 * for every message); exim `-Mrm`; NSS certutil `-D` (certificate) and `-F` (key); kexec(8) `-e`
 * boots the loaded kernel at once, without a clean shutdown; pacman `-R…`, rpm `-e`, dpkg `-r`/`-P`, emerge `-C`/`--unmerge`/`-c`,
 * nix-env `-e` remove packages (rpm, dpkg, emerge and nix-env without asking).
 */
const TABLE: Readonly<Record<string, Readonly<Record<string, OptionAction>>>> = {
  passwd: { '-d': DELETE_PASSWORD, '--delete': DELETE_PASSWORD, '-l': LOCK_ACCOUNT, '--lock': LOCK_ACCOUNT },
  usermod: { '-L': LOCK_ACCOUNT, '--lock': LOCK_ACCOUNT },
  gpasswd: { '-d': { verb: 'remove', cls: 'revoke', what: 'from its group the member' }, '-r': { verb: 'remove', cls: 'revoke', what: 'the password of the group' } },
  smbpasswd: { '-x': DELETE_USER, '-d': DISABLE_USER },
  pdbedit: { '-x': DELETE_USER, '--delete': DELETE_USER },
  htpasswd: { '-D': { ...DELETE_USER, operand: 1 } },
  postsuper: { '-d': DELETE_MAIL },
  exim: { '-Mrm': DELETE_MAIL, '-Mg': BOUNCE_MAIL, '-Mmad': MARK_DELIVERED },
  exim4: { '-Mrm': DELETE_MAIL, '-Mg': BOUNCE_MAIL, '-Mmad': MARK_DELIVERED },
  certutil: { '-D': DELETE_CERT, '-F': DELETE_KEY },
  kexec: { '-e': KEXEC, '--exec': KEXEC },
  pacman: { '-R': REMOVE_PACKAGE, '--remove': REMOVE_PACKAGE },
  yay: { '-R': REMOVE_PACKAGE, '--remove': REMOVE_PACKAGE },
  paru: { '-R': REMOVE_PACKAGE, '--remove': REMOVE_PACKAGE },
  // tmpwatch(8), tmpreaper(8): every file not accessed (or modified, -m) within HOURS under the
  // folders given is deleted; -t only lists (../rehearsal.ts).
  tmpwatch: { '': SWEEP_OLD },
  tmpreaper: { '': SWEEP_OLD },
  // Other pacman front ends take pacman's operations (pikaur(1), trizen, pakku, pacaur).
  ...Object.fromEntries(['pikaur', 'trizen', 'pakku', 'pacaur'].map((p) => [p, { '-R': REMOVE_PACKAGE, '--remove': REMOVE_PACKAGE }])),
  rpm: { '-e': REMOVE_PACKAGE_NOW, '--erase': REMOVE_PACKAGE_NOW },
  dpkg: { '-r': REMOVE_PACKAGE_NOW, '--remove': REMOVE_PACKAGE_NOW, '-P': REMOVE_PACKAGE_NOW, '--purge': REMOVE_PACKAGE_NOW },
  emerge: { '-C': REMOVE_PACKAGE_NOW, '--unmerge': REMOVE_PACKAGE_NOW, '-c': REMOVE_PACKAGE_NOW, '--depclean': REMOVE_PACKAGE_NOW },
  // nix-env keeps the previous generation: `--rollback` brings the package back.
  'nix-env': { '-e': REMOVE_PACKAGE, '--uninstall': REMOVE_PACKAGE },
  // Set-up commands documented to wipe what exists: easy-rsa `init-pki` removes the PKI (the CA
  // key and every certificate issued); Drush
  // `site:install` drops every table of the site's database; Magento `setup:install
  // --cleanup-database` drops the store's database first; pgbench `-i` drops and re-creates its
  // tables.
  easyrsa: { 'init-pki': RESET_PKI },
  drush: { 'site:install': REINSTALL_SITE, 'site-install': REINSTALL_SITE, si: REINSTALL_SITE },
  magento: { '--cleanup-database': { verb: 'drop', cls: 'destroy', what: "the store's database before installing again", operand: -1 } },
  pgbench: { '-i': INIT_BENCH, '--initialize': INIT_BENCH },
  // File-system repair that answers yes to every fix may clear damaged files; virt-sysprep changes
  // a guest's disk in place (host keys, accounts, logs) and says to copy it first.
  e2fsck: { '-y': REPAIR_YES },
  fsck: { '-y': REPAIR_YES },
  'fsck.ext4': { '-y': REPAIR_YES },
  'fsck.ext3': { '-y': REPAIR_YES },
  'fsck.ext2': { '-y': REPAIR_YES },
  'virt-sysprep': { '-d': SYSPREP, '--domain': SYSPREP, '-a': SYSPREP, '--add': SYSPREP },
  // Programs that are the action: pg_archivecleanup deletes the archived WAL files older than the
  // one named; atrm deletes scheduled jobs.
  pg_archivecleanup: { '': { verb: 'delete', cls: 'destroy', what: 'every archived WAL file before {0}', operand: 1 } },
  atrm: { '': { verb: 'delete', cls: 'destroy', what: 'the scheduled jobs', light: true } },
  // Perforce: `clean` reverts every change in the workspace and deletes files the depot does not
  // have; `client -d` deletes a workspace's spec (-f: someone else's).
  // Cluster add-ons whose own `uninstall` removes them from the cluster they run in: Cilium is the
  // network plug-in (pods lose networking), Consul and OSM the service mesh,
  // Submariner the cross-cluster network, KubeVela the app platform; Dapr only with -k (without
  // it, the local self-hosted runtime).
  cilium: { uninstall: CLUSTER_UNINSTALL },
  'consul-k8s': { uninstall: CLUSTER_UNINSTALL },
  osm: { uninstall: CLUSTER_UNINSTALL },
  subctl: { uninstall: CLUSTER_UNINSTALL },
  vela: { uninstall: CLUSTER_UNINSTALL },
  dapr: { 'uninstall -k': CLUSTER_UNINSTALL, 'uninstall --kubernetes': CLUSTER_UNINSTALL },
  // psmisc fuser(1) `-k` kills every process that has the file, directory or mount open.
  fuser: { '-k': KILL_USERS, '--kill': KILL_USERS },
  // Salt: salt-key(1) `-d, --delete` "Delete the specified key", `-D, --delete-all` "Delete all
  // keys"; salt-cloud(1) `-d, --destroy` "Specify an instance to destroy".
  'salt-key': { '-d': DELETE_KEY_OF, '--delete': DELETE_KEY_OF, '-D': DELETE_ALL_KEYS, '--delete-all': DELETE_ALL_KEYS },
  'salt-cloud': { '-d': DESTROY_VMS, '--destroy': DESTROY_VMS },
  // fdupes(1), jdupes(1): `-d --delete` "prompt user for files to preserve, deleting all others";
  // `-N --noprompt` "preserve the first file in each set of duplicates and delete the others
  // without prompting the user".
  fdupes: { '-d': DELETE_DUPLICATES, '--delete': DELETE_DUPLICATES },
  jdupes: { '-d': DELETE_DUPLICATES, '--delete': DELETE_DUPLICATES },
  // Informix: onspaces `-d` "drops a dbspace, blobspace, sbspace or extspace" (`-c -d` creates
  // one), onparams `-d -l` "drops a logical-log file", onmode `-k` "takes the database server to
  // offline mode and removes shared memory"; `-y` answers yes to every prompt.
  onspaces: { '-d': DROP_SPACE },
  onparams: { '-d': DROP_LOG },
  onmode: { '-k': OFFLINE_SERVER, '-ky': OFFLINE_SERVER },
  // Backup catalogues: NetWorker nsrmm `-d` "deletes the client file indexes and media database
  // entries" (the data can no longer be recovered through NetWorker); Amanda amlabel `-f`
  // forces a label onto a volume holding valid backups; NetBackup bpexpdate `-d 0` expires the
  // images immediately.
  nsrmm: { '-d': DELETE_SAVE_SET },
  amlabel: { '-f': RELABEL_TAPE },
  bpexpdate: { '-d': EXPIRE_NOW },
  // Zimbra zmprov: deleteAccount (da), deleteDomain (dd), deleteDistributionList (ddl),
  // deleteCos (dc), deleteCalendarResource (dcr), deleteServer (ds).
  zmprov: { da: DELETE_ACCOUNT, dd: DELETE_DOMAIN, ddl: DELETE_LIST, dc: DELETE_COS, dcr: DELETE_RESOURCE, ds: DELETE_SERVER },
  // RCS rcs(1) `-orange` "deletes (outdates) the revisions given by range"; `cvs admin` takes the
  // same option; `cvs release -d` "delete your working copy of the file if the release succeeds".
  rcs: { '-o': OUTDATE },
  cvs: { '-o': OUTDATE, 'release -d': RELEASE_DELETE },
  // ESXi vmkfstools: `-U, --deletevirtualdisk`; `-C, --createfs` makes a VMFS on a partition.
  vmkfstools: { '-U': DELETE_VDISK, '--deletevirtualdisk': DELETE_VDISK, '-C': CREATE_VMFS, '--createfs': CREATE_VMFS },
  // Pacemaker: cibadmin `-E, --erase` "Erase the contents of the whole CIB", `-D, --delete`;
  // crm_resource `-D, --delete` "Delete a resource from the CIB"; crm_node `-R, --remove`.
  cibadmin: { '-E': ERASE_CIB, '--erase': ERASE_CIB, '-D': DELETE_CLUSTER_RESOURCE, '--delete': DELETE_CLUSTER_RESOURCE },
  crm_resource: { '-D': DELETE_CLUSTER_RESOURCE, '--delete': DELETE_CLUSTER_RESOURCE },
  crm_node: { '-R': REMOVE_NODE, '--remove': REMOVE_NODE },
  // ipvsadm(8): `-C, --clear` "Clear the virtual server table", `-D, --delete-service`.
  ipvsadm: { '-C': CLEAR_VIRTUAL_SERVERS, '--clear': CLEAR_VIRTUAL_SERVERS, '-D': DELETE_VIRTUAL_SERVER, '--delete-service': DELETE_VIRTUAL_SERVER },
  // semodule(8) `-r, --remove`; apparmor_parser `-R, --remove` removes a profile from the kernel.
  semodule: { '-r': REMOVE_POLICY_MODULE, '--remove': REMOVE_POLICY_MODULE },
  apparmor_parser: { '-R': REMOVE_PROFILE, '--remove': REMOVE_PROFILE },
  // losetup(8) `-D, --detach-all`; exportfs(8) `-u` unexports (`-ua`: every export); at(1) `-r`
  // and `-d` are aliases for atrm.
  losetup: { '-D': DETACH_LOOPS, '--detach-all': DETACH_LOOPS },
  exportfs: { '-u': UNEXPORT, '-ua': { ...UNEXPORT, all: true, operand: -1 } },
  at: { '-r': ATRM, '-d': ATRM },
  // macOS profiles(1) `-D` "delete all profiles"; pkgutil(1) `--forget` "discard all receipt data".
  profiles: { '-D': DELETE_PROFILES },
  pkgutil: { '--forget': FORGET_RECEIPT },
  // Software removal spelled as an option: AIX installp `-u` "removes the specified software";
  // GNU Guix `guix package -r, --remove`; cpanm `-U, --uninstall`.
  installp: { '-u': REMOVE_PACKAGE_NOW },
  guix: { 'package -r': REMOVE_PACKAGE, 'package --remove': REMOVE_PACKAGE },
  cpanm: { '-U': REMOVE_PACKAGE_ASKS, '--uninstall': REMOVE_PACKAGE_ASKS },
  // lvconvert(8) `--merge` merges a snapshot back into its origin.
  lvconvert: { '--merge': MERGE_SNAPSHOT, '--mergesnapshot': MERGE_SNAPSHOT },
  // mokutil(1) `--reset` "Reset MOK list", `--delete`, `--disable-validation`.
  mokutil: { '--reset': RESET_MOK, '--delete': DELETE_MOK, '-d': DELETE_MOK, '--disable-validation': SB_OFF },
  // Mail: sa-learn `--clear` "Wipe-out the current database"; exim `-Mg` "give up and fail"
  // (bounce), `-Mmad` "mark all recipients as delivered".
  'sa-learn': { '--clear': CLEAR_BAYES },
  // OpenWrt: firstboot and jffs2reset erase the writable overlay (every setting, every package
  // installed since); sysupgrade `-n` "do not save configuration over reflash".
  firstboot: { '': RESET_OVERLAY },
  jffs2reset: { '': RESET_OVERLAY },
  sysupgrade: { '-n': FLASH_NO_CONFIG },
  // Baseboard and UPS power: ipmitool `chassis power off|cycle|reset` (hard; `soft` asks the OS
  // to shut down), `sel clear`; Dell racadm `serveraction powerdown|hardreset|powercycle`; NUT
  // upscmd instant commands `load.off` "Turn off the load immediately", `shutdown.stayoff`,
  // `shutdown.return`, upsmon `-c fsd` "forced shutdown" of every system the UPS feeds,
  // upsdrvctl `shutdown` (the UPS cuts its load).
  ipmitool: { 'chassis power': HARD_POWER, power: HARD_POWER, 'sel clear': CLEAR_SEL },
  racadm: { 'serveraction powerdown': POWER_OFF, 'serveraction hardreset': POWER_CYCLE, 'serveraction powercycle': POWER_CYCLE },
  upscmd: { 'load.off': CUT_LOAD, 'load.off.delay': CUT_LOAD, 'shutdown.stayoff': CUT_LOAD, 'shutdown.return': CUT_LOAD, 'shutdown.reboot': CUT_LOAD },
  upsmon: { '-c': FORCED_SHUTDOWN },
  upsdrvctl: { shutdown: CUT_LOAD },
  p4: { clean: { verb: 'discard', cls: 'overwrite', what: 'every local change in {0} (and deletes files not in the depot)', wide: true }, 'client -d': { verb: 'delete', cls: 'revoke', what: 'the workspace spec' } },
};

/** Options that take a separate value, skipped to find a table's subcommand (`p4 -c ws clean`). */
const VALUED: Readonly<Record<string, readonly string[]>> = {
  p4: ['-c', '-u', '-p', '-P', '-H', '-d', '-C', '-Q', '-L', '-x', '-z', '-r'],
  drush: ['-l', '--uri', '-r', '--root', '--db-url', '--account-name', '--account-pass', '--site-name'],
  easyrsa: ['--vars', '--pki-dir'],
  fuser: ['-n', '--namespace'],
  'salt-key': ['-c', '--config-dir', '--out', '--log-level', '-l'],
  'salt-cloud': ['-c', '--config-dir', '-p', '--profile', '-m', '--map', '-a', '--action', '-f', '--function', '--out', '-l', '--location'],
  zmprov: ['-s', '--server', '-a', '--account', '-p', '--password', '-P', '--passfile', '-y', '--authtoken', '-Y', '--authtokenfile'],
  cvs: ['-d', '-e', '-s', '-T', '-z'],
  ipmitool: ['-H', '-U', '-P', '-I', '-p', '-L', '-f', '-y', '-k', '-C', '-N', '-R', '-t', '-b', '-T', '-B', '-o'],
  racadm: ['-r', '-u', '-p'],
  upscmd: ['-u', '-p', '-t'],
  nsrmm: ['-s'],
  pgbench: ['-s', '--scale', '-h', '--host', '-p', '--port', '-U', '--username', '-c', '--client', '-j', '--jobs', '-T', '--time', '-t', '--transactions', '-f', '--file', '-F', '--fillfactor'],
};

/** Programs whose letters cluster (`pacman -Rdd`, `e2fsck -fy`, `fdupes -rdN`). */
const CLUSTERS = new Set(['fuser', 'pacman', 'yay', 'paru', 'pikaur', 'trizen', 'pakku', 'pacaur', 'e2fsck', 'fsck', 'fsck.ext2', 'fsck.ext3', 'fsck.ext4', 'fdupes', 'jdupes']);
/** Programs whose letter takes its value glued to it (`rcs -o1.2:1.4`, `cvs admin -o1.3`). */
const GLUED = new Set(['rcs', 'cvs']);
/** Programs whose action word may stand after other positionals (`upscmd ups@host load.off`). */
const ANY_POSITION = new Set(['upscmd']);

export interface OptionHit {
  action: OptionAction;
  /** The option word. */
  word: Word;
  /** The words after it that are not options (what it acts on). */
  operands: Word[];
  /** The one that names the target. */
  target?: Word;
  /** The values of the options the table knows take one (`-h prod-db`): where it points. */
  values: Word[];
  /** The option skips the tool's checks: pacman `-Rdd`, rpm `--nodeps`, dpkg `--force-*`. */
  nodeps?: Word;
}

/** A letter of the table inside a cluster of letters (`-Rdd` → -R, `-fy` → -y). */
function clustered(table: Readonly<Record<string, OptionAction>>, t: string): OptionAction | undefined {
  if (!/^-[A-Za-z]{2,}$/.test(t)) return undefined;
  for (let i = 1; i < t.length; i++) {
    const a = own(table, `-${t[i]!}`);
    if (a) return a;
  }
  return undefined;
}

/** Options that skip a package manager's dependency checks. */
const NODEPS = /^(?:--nodeps|--force-[\w-]+|--nodeps=\w+|-[A-Za-z]*dd[A-Za-z]*)$/;

/**
 * The action a tool's letter option names, or, for any tool, what it puts in place of what is
 * there (./replace.ts: a forced restore or import, a factory reset); undefined otherwise.
 */
export function optionAction(cmd: SimpleCommand): OptionHit | undefined {
  return tableAction(cmd) ?? replacingAction(cmd);
}

/** The table's action (one look-up for other programs); a letter may sit in a cluster (`pacman -Rns`, `-Rdd`). */
function tableAction(cmd: SimpleCommand): OptionHit | undefined {
  const table = own(TABLE, cmd.program);
  if (!table || !cmd.name) return undefined;
  const clusters = CLUSTERS.has(cmd.program);
  const glued = GLUED.has(cmd.program);
  const anywhere = ANY_POSITION.has(cmd.program);
  const valued = own(VALUED, cmd.program) ?? [];
  const self = own(table, '');
  let hit: OptionHit | undefined = self ? { action: self, word: cmd.name, operands: [], values: [] } : undefined;
  let nodeps: Word | undefined;
  let positional = 0;
  const aliases: Word[] = [];
  const values: Word[] = [];
  const a = cmd.args;
  // An action that needs a value (`bpexpdate -d 0`, `ipmitool chassis power off`) is taken only with it.
  const withValue = (action: OptionAction, next: Word | undefined): boolean => !action.value || (next !== undefined && !next.dynamic && action.value.test(next.text));
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (t === '--') continue;
    if (w.dynamic || t.charCodeAt(0) !== 45) {
      // The first positional word may be the subcommand (`easyrsa init-pki`, `p4 client -d`);
      // a site alias before it is the target (`drush @prod site:install`).
      if (t.startsWith('@') && !hit) {
        aliases.push(w);
        continue;
      }
      if ((positional++ === 0 || anywhere) && !hit && !w.dynamic) {
        const one = own(table, t);
        const sub = one ?? own(table, `${t} ${a[i + 1]?.text ?? ''}`);
        if (sub && withValue(sub, a[i + (one ? 1 : 2)])) {
          // A two-word action (`p4 client -d`, `racadm serveraction powerdown`) is named by both words.
          hit = { action: sub, word: one ? w : a[i + 1]!, operands: [], values: [] };
          if (one === undefined) i++;
          continue;
        }
      }
      hit?.operands.push(w);
      continue;
    }
    if (valued.includes(t)) {
      const v = a[++i];
      if (v) values.push(v);
      continue;
    }
    const action = own(table, t) ?? (clusters ? clustered(table, t) : undefined) ?? (glued && t.length > 2 ? own(table, t.slice(0, 2)) : undefined) ?? (hit?.word === a[i - 1] ? own(table, `${a[i - 1]?.text ?? ''} ${t}`) : undefined);
    if (action && (!hit || hit.action === self) && withValue(action, a[i + 1])) hit = { action, word: w, operands: hit?.operands ?? [], values: [] };
    if (NODEPS.test(t) && (t.startsWith('--') || clusters)) nodeps ??= w;
  }
  if (!hit) return undefined;
  const { unless, asks } = hit.action;
  if (unless && a.some((w) => unless.includes(w.text))) return undefined;
  if (asks) {
    // The tool asks unless told not to (`fdupes -dN`, `jdupes -d -N`): without that, one step lighter.
    const quiet = a.find((w) => asks.includes(w.text) || (clusters && /^-[A-Za-z]{2,}$/.test(w.text) && asks.some((q) => q.length === 2 && w.text.includes(q[1]!))));
    if (quiet) nodeps ??= quiet;
    else hit.action = { ...hit.action, light: true };
  }
  if (nodeps) hit.nodeps = nodeps;
  hit.operands.push(...aliases);
  hit.values = values;
  const target = hit.action.operand === -1 ? undefined : hit.operands[hit.action.operand ?? 0];
  if (target && !EVERYTHING.has(target.text)) hit.target = target;
  return hit;
}

/**
 * Packages the system cannot run without: the C library and runtime, the shell and core
 * utilities, the init system, the kernel and boot loader, login and sudo, remote access, and the
 * package managers themselves (names as the distributions spell them).
 */
const ESSENTIAL = new Set([
  'glibc', 'glibc-common', 'libc6', 'libc-bin', 'libc', 'musl', 'libgcc', 'libgcc-s1', 'libstdc++', 'libstdc++6', 'gcc-libs', 'zlib', 'zlib1g',
  'bash', 'dash', 'coreutils', 'util-linux', 'findutils', 'grep', 'sed', 'tar', 'gzip', 'busybox', 'base', 'base-files', 'filesystem',
  'systemd', 'systemd-sysv', 'init', 'sysvinit', 'openrc', 'runit', 'linux', 'linux-image', 'linux-generic', 'kernel', 'kernel-core',
  'grub', 'grub2', 'grub-pc', 'grub-efi', 'grub2-efi', 'shim', 'login', 'passwd', 'shadow', 'shadow-utils', 'pam', 'libpam0g', 'sudo',
  'apt', 'dpkg', 'rpm', 'dnf', 'yum', 'zypper', 'pacman', 'apk-tools', 'portage', 'xbps',
  'scoop', 'chocolatey', 'winget', 'homebrew', 'nix', 'python3', 'ca-certificates', 'iproute2', 'netbase', 'e2fsprogs', 'mount', 'procps',
]);

/** The package's base name: `sys-libs/glibc` → glibc, `libc6:amd64` → libc6, `glibc-2.38-r10` → glibc, `bash=5.2` → bash. */
function packageName(t: string): string {
  let n = t.toLowerCase();
  n = n.slice(n.lastIndexOf('/') + 1);
  n = n.replace(/^[=<>~]+/, '').replace(/[:=<>@].*$/, '');
  return n.replace(/-\d[\w.+~-]*$/, '');
}

/** Package managers: removing one removes the way to install anything else. */
const MANAGERS = new Set(['apt', 'dpkg', 'rpm', 'dnf', 'yum', 'zypper', 'pacman', 'apk-tools', 'portage', 'xbps', 'scoop', 'chocolatey', 'winget', 'homebrew', 'nix']);

/** The first operand naming a package the system cannot run without, and why; or undefined. */
export function essentialPackage(operands: readonly Word[]): { word: Word; why: string } | undefined {
  for (const w of operands) {
    if (w.dynamic) continue;
    const name = packageName(w.text);
    if (ESSENTIAL.has(name)) return { word: w, why: MANAGERS.has(name) ? 'it is the package manager itself' : 'the system cannot run without it' };
    // A pattern that takes one with it (`'kernel*'`, `'linux-image-*'`, `'glibc*'`).
    const matched = /[*?]/.test(name) ? essentialMatch(name) : undefined;
    if (matched) return { word: w, why: `the pattern takes ${matched}, which the system cannot run without` };
  }
  return undefined;
}

/** Kernels are installed as versioned packages (`linux-image-6.1.0-13-amd64`, `kernel-5.14.0`). */
const VERSIONED_ESSENTIAL = ['linux-image', 'kernel', 'kernel-core', 'linux'];

/** The essential package a glob matches, as its own name or a kernel's versioned one. */
function essentialMatch(glob: string): string | undefined {
  const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  for (const e of ESSENTIAL) if (re.test(e)) return e;
  for (const e of VERSIONED_ESSENTIAL) if (re.test(`${e}-6.1.0`)) return `every installed ${e} package`;
  return undefined;
}

/** `-d ALL`, `-D all`, `-x '*'`: a delete-like letter given everything. */
const DELETE_LETTERS = new Set(['-d', '-D', '-x']);
const EVERYTHING = new Set(['ALL', 'all', '*', 'everything', 'EVERYTHING']);

export function deleteEverything(cmd: SimpleCommand): { flag: Word; all: Word } | undefined {
  const a = cmd.args;
  for (let i = 0; i + 1 < a.length; i++) {
    const w = a[i]!;
    if (w.text === '--') break;
    const next = a[i + 1]!;
    if (!w.dynamic && DELETE_LETTERS.has(w.text) && !next.dynamic && EVERYTHING.has(next.text)) return { flag: w, all: next };
  }
  return undefined;
}

/** D-Bus clients: the method a call names is the action (`busctl call … org.freedesktop.login1.Manager PowerOff`). */
const DBUS_CLIENTS = new Set(['busctl', 'dbus-send', 'gdbus', 'qdbus', 'qdbus6', 'dbus-launch']);
/** gRPC clients: the method after the service (`grpcurl … pkg.Service/DeleteTopic`, `grpc_cli call host pkg.Service.DeleteUser`). */
const GRPC_CLIENTS = new Set(['grpcurl', 'grpc_cli', 'ghz']);
/** A fully qualified gRPC method: `package.v1.Service.Method` or `package.Service/Method`. */
const GRPC_METHOD = /^[a-z][\w]*(?:\.[a-z][\w]*)*\.[A-Z]\w*Service[./][A-Z][A-Za-z0-9]+$/;
/** Methods that act on the whole machine: held like `systemctl poweroff`. */
const MACHINE_METHODS = new Set(['poweroff', 'reboot', 'halt', 'kexec', 'suspend', 'hibernate', 'hybridsleep', 'suspendthenhibernate']);

/**
 * The method a D-Bus or gRPC client calls, read as a verb (`PowerOff`, `KillUnit`, `StopUnit`,
 * `DeleteTopic`): `verbOf` is the reader's word lookup. The machine's power methods stop
 * everything on it.
 */
export function methodCall(cmd: SimpleCommand, verbOf: (word: string) => { verb: string; cls: VerbClass } | undefined): OptionHit | undefined {
  const dbus = DBUS_CLIENTS.has(cmd.program);
  // Any other client given a fully qualified gRPC method (`evans … call users.v1.UserService.DeleteUser`).
  if (!dbus && !GRPC_CLIENTS.has(cmd.program) && !cmd.args.some((w) => !w.dynamic && GRPC_METHOD.test(w.text))) return undefined;
  const over = dbus ? 'D-Bus' : 'gRPC';
  for (const w of cmd.args) {
    if (w.dynamic) continue;
    // `PowerOff`, `org.freedesktop.login1.Manager.PowerOff`, `--method=org.x.Delete`, `pkg.Svc/DeleteTopic`.
    const m = (dbus ? /(?:^|[.=])([A-Z][A-Za-z0-9]+)$/ : /[./]([A-Z][A-Za-z0-9]+)$/).exec(w.text);
    if (!m) continue;
    const method = m[1]!;
    const machine = dbus && MACHINE_METHODS.has(method.toLowerCase());
    const v = machine ? { verb: 'power off', cls: 'stop' as const } : verbOf(method);
    if (!v) continue;
    const action: OptionAction = { verb: machine ? method.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : v.verb, cls: v.cls, what: machine ? 'this machine (over D-Bus)' : `over ${over} (${method})`, operand: -1 };
    if (machine) action.floor = 'high';
    return { action, word: w, operands: [], values: [] };
  }
  return undefined;
}
