/**
 * Verbs glued to their object without a separator, as many command-line tools name their
 * commands and switches: `rmpool` and `rmsnap` (Ceph rados), `zonedelete` and `recorddelete`
 * (dnscmd), `deletecreds` (vaultcmd), `mmdelsnapshot` (GPFS), `rmfs` and `rmlv` (AIX), `flushall`
 * (Redis), `dropdb`, `userdel`, `deltree`.
 *
 * A compound counts only when what is left after the verb splits entirely into resource nouns
 * (and a few qualifiers such as `local`, `all`, `old`) from the lexicon below, written from the
 * tools' references. So `delta`, `delivery`, `delegate`, `dropdown`, `droplet`, `dropbox`,
 * `clearance`, `cleartext` and `removed` stay plain words: their rests (`ta`, `ivery`, `egate`,
 * `down`, `let`, `box`, `ance`, `text`, `d`) are not nouns.
 *
 * Cheap: a token is split only when it starts or ends with one of a dozen verbs, and the split
 * is a walk over the rest with set look-ups (no regular expressions).
 */

/** Verbs that start a glued compound, longest first (`delete` before `del`). */
const PREFIXES: readonly (readonly [string, string])[] = [
  ['terminate', 'terminate'], ['truncate', 'truncate'], ['destroy', 'destroy'], ['delete', 'delete'], ['remove', 'remove'],
  ['purge', 'purge'], ['flush', 'flush'], ['erase', 'erase'], ['clear', 'clear'], ['empty', 'empty'], ['drop', 'drop'],
  ['wipe', 'wipe'], ['nuke', 'nuke'], ['kill', 'kill'], ['del', 'delete'], ['rm', 'remove'],
];

/** Verbs that end a glued compound after their object (`userdel`, `snapshotdelete`, `keyremove`). */
const SUFFIXES: readonly (readonly [string, string])[] = [
  ['delete', 'delete'], ['remove', 'remove'], ['destroy', 'destroy'], ['purge', 'purge'], ['erase', 'erase'], ['flush', 'flush'],
  ['drop', 'drop'], ['wipe', 'wipe'], ['del', 'delete'], ['rm', 'remove'],
];

/**
 * Resource nouns of command-line tools (singular; plurals by `s`/`es`), and qualifiers that may
 * stand between a verb and its noun (`deletelocalsnapshots`, `removeallkeys`).
 */
const NOUNS: ReadonlySet<string> = new Set([
  // data and storage
  'snapshot', 'snap', 'backup', 'archive', 'volume', 'vol', 'disk', 'partition', 'part', 'pool', 'dataset', 'lun', 'share', 'bucket',
  'object', 'blob', 'file', 'dir', 'folder', 'tree', 'fs', 'data', 'range', 'store', 'keystore', 'db', 'database', 'table', 'index',
  'schema', 'collection', 'doc', 'document', 'record', 'rec', 'row', 'entry', 'item', 'field', 'attr', 'attribute', 'prop', 'property', 'column', 'col', 'layer', 'map', 'raster',
  'shard', 'replica', 'segment', 'chunk', 'stream', 'topic', 'queue', 'message', 'msg', 'mailbox', 'mail', 'journal', 'checkpoint', 'lv', 'vg', 'pv', 'fileset',
  // a mailing list (`rmlist`), what a trash or recycle bin holds (`emptytrash`, `emptybin`), a
  // backup tape (Amanda's `amrmtape`), a device (AIX `rmdev`)
  'list', 'trash', 'bin', 'recyclebin', 'tape', 'dev',
  // a Kerberos keytab (`ipa-rmkeytab`), a network bridge (`brctl delbr`), ClearCase's versioned
  // object bases, elements, versions, labels, baselines, activities and components
  // (`cleartool rmvob`, `rmelem`, `rmver`, `rmlabel`, `rmbl`'s long form)
  'keytab', 'br', 'bridge', 'vob', 'elem', 'element', 'ver', 'label', 'baseline', 'activity', 'component',
  'generation', 'revision', 'rev', 'version', 'history', 'log', 'cache', 'lock', 'session', 'sequence', 'view', 'proc', 'trigger',
  // identity and secrets
  'key', 'keyring', 'cert', 'certificate', 'crl', 'principal', 'princ', 'user', 'group', 'member', 'role', 'policy', 'account', 'acct',
  'secret', 'token', 'credential', 'cred', 'password', 'passwd', 'pw', 'identity', 'profile', 'alias', 'vault', 'tenant', 'org',
  // infrastructure
  'cluster', 'node', 'host', 'server', 'instance', 'vm', 'machine', 'container', 'image', 'pod', 'service', 'svc', 'app', 'site',
  'project', 'namespace', 'ns', 'network', 'net', 'subnet', 'route', 'rule', 'zone', 'rr', 'domain', 'repo', 'repository',
  'branch', 'tag', 'ref', 'commit', 'release', 'package', 'pkg', 'job', 'task', 'function', 'deployment', 'env', 'environment',
  'workspace', 'space', 'subscription', 'sub', 'mapping', 'link', 'target', 'device', 'drive', 'lang', 'stanza', 'everything',
  // qualifiers
  'all', 'local', 'remote', 'old', 'expired', 'unused', 'orphan', 'orphaned', 'stale', 'every', 'global', 'obsolete',
]);

/** Real words and product names a verb and a noun, or a long verb and any rest, happen to spell. */
const NOT_COMPOUNDS: ReadonlySet<string> = new Set([
  'dropzone', 'dropshare', 'removeable', 'clearsign', 'killswitch',
  // A long verb and a rest that is no object: a noun (`wipeout`), a build tool that writes new
  // output (`purgecss`), an image tool (`removebg`), an adjective (`indeterminate`).
  'wipeout', 'wipeouts', 'swipe', 'sideswipe', 'purgecss', 'removebg', 'indeterminate', 'predetermine', 'exterminator', 'deleterious',
  // English words that end in `rm` after a vowel (the `rm` rule below).
  'disarm', 'forearm', 'firearm', 'underarm', 'sidearm', 'yardarm', 'rearm', 'overarm', 'unarm', 'lukewarm', 'schoolmarm',
  // Product names: Windows Remote Management.
  'winrm',
  // Erasing only the sectors or pages about to be written is part of writing them (nrfjprog
  // `--sectorerase` beside `--program`), not an erase of the device.
  'sectorerase', 'qspisectorerase', 'pageerase', 'sectoranduicrerase',
]);

/** `s` split entirely into nouns of the lexicon (`localsnapshots` → local, snapshots), or undefined. */
function splitNouns(s: string): string[] | undefined {
  const n = s.length;
  // Words are short; the rest of a compound rarely exceeds 30 letters.
  if (n < 2 || n > 40) return undefined;
  // from[i]: where the last noun of a split of s[0, i) starts (-1: no split).
  const from: number[] = [0];
  for (let i = 1; i <= n; i++) {
    from[i] = -1;
    for (let j = Math.max(0, i - 14); j < i; j++) {
      if ((j === 0 || from[j]! >= 0) && isNoun(s.slice(j, i))) {
        from[i] = j;
        break;
      }
    }
  }
  if (from[n]! < 0) return undefined;
  const out: string[] = [];
  for (let i = n; i > 0; i = from[i]!) out.unshift(s.slice(from[i]!, i));
  return out;
}

function isNoun(w: string): boolean {
  if (NOUNS.has(w)) return true;
  if (w.length > 3 && w.endsWith('s') && NOUNS.has(w.slice(0, -1))) return true;
  return w.length > 4 && w.endsWith('es') && NOUNS.has(w.slice(0, -2));
}

export interface Compound {
  /** The verb as a person reads it (`delete` for `del`). */
  verb: string;
  /** The nouns it acts on (`local`, `snapshots`). */
  nouns: string[];
}

/** A lowercase token read as verb + nouns or nouns + verb, or undefined. */
export function gluedCompound(t: string): Compound | undefined {
  if (t.length < 4 || NOT_COMPOUNDS.has(t)) return undefined;
  for (const [p, verb] of PREFIXES) {
    if (t.length <= p.length + 1 || !t.startsWith(p)) continue;
    const nouns = splitNouns(t.slice(p.length));
    if (nouns) return { verb, nouns };
  }
  for (const [s, verb] of SUFFIXES) {
    if (t.length <= s.length + 1 || !t.endsWith(s) || undoes(t, s)) continue;
    const nouns = splitNouns(t.slice(0, -s.length));
    if (nouns) return { verb, nouns };
  }
  // A product's short prefix before the compound: GPFS `mmdelsnapshot`, `mmdelfs`; libuser's
  // `luserdel` and `lgroupdel`, Samba's `ldbdel` (noun, then verb).
  for (let p = 1; p <= 3 && t.length - p >= 5; p++) {
    if (NOT_PRODUCT_PREFIX.has(t.slice(0, p))) continue;
    for (const [v, verb] of PREFIXES) {
      if (t.length - p <= v.length + 1 || !t.startsWith(v, p)) continue;
      const nouns = splitNouns(t.slice(p + v.length));
      if (nouns) return { verb, nouns };
    }
    for (const [v, verb] of SUFFIXES) {
      if (t.length - p <= v.length + 1 || !t.endsWith(v) || undoes(t, v)) continue;
      const nouns = splitNouns(t.slice(p, -v.length));
      if (nouns) return { verb, nouns };
    }
  }
  return undefined;
}

/** The verb at the end of the word is undone by the `un` before it (`extundelete`, `ntfsundelete`, `e2undel`): a recovery tool's name. */
function undoes(t: string, verb: string): boolean {
  return t.length >= verb.length + 2 && t.endsWith(`un${verb}`);
}

/** Prefixes that make a verb its opposite, a setting or another word (`undelete`, `redrop`, `predelete`, `autopurge`, `softdelete`). */
const NOT_PRODUCT_PREFIX: ReadonlySet<string> = new Set(['un', 're', 'pre', 'no', 'non', 'de', 'dis', 'a', 'e', 'i', 'o', 'auto', 'soft', 'anti', 'mis', 'over', 'under', 'sub', 'up', 'after']);

/**
 * Long destroy verbs (five letters or more; `wipe` and `nuke` begin no English word but their own) that name their action
 * unambiguously wherever they stand in a word: glued to any rest, not only a noun of the lexicon
 * (`batchdelete`, `deletetsm`, `removematched`, `deleteduplicates`, `eraseinstall`, `nvundefine`,
 * `lvremove`, `blkdiscard`, `fsformat`). Short verbs (`drop`, `del`, `rm`, `clear`, `kill`) are
 * ordinary word parts (`dropdown`, `backdrop`, `delta`, `model`, `nuclear`, `skill`) and keep to
 * the noun lexicon above.
 */
const LONG_PREFIX_VERBS: readonly string[] = ['decommission', 'obliterate', 'terminate', 'truncate', 'undefine', 'expunge', 'destroy', 'delete', 'remove', 'purge', 'erase', 'wipe', 'nuke'];
const LONG_SUFFIX_VERBS: readonly string[] = [...LONG_PREFIX_VERBS, 'discard', 'format', 'flush'];

/**
 * Rests that make the verb another English word, not verb + object: inflections and derivations
 * (`deleted`, `remover`, `erasers`, `purging`, `deletion`), particles (`wipeout`).
 */
const WORD_ENDINGS: ReadonlySet<string> = new Set(['d', 's', 'r', 'rs', 'er', 'ers', 'ed', 'es', 'ing', 'ings', 'ion', 'ions', 'able', 'ible', 'al', 'ment', 'ly', 'out', 'up', 'off']);


export interface AffixedVerb {
  verb: string;
  /** The rest of the word, when it is the verb's object (`matched`, `duplicates`; a product's `lv` is not). */
  rest: string;
}

/**
 * A lowercase token that is a long verb with a rest glued before or after it, or a product's
 * `rm` (`dsrm`, `megarm`): `batchdelete` → delete, `deletetsm` → delete, `eraseinstall` → erase.
 * Undefined for English words (`deleted`, `undelete`, `wipeout`, `platform`, `alarm`).
 */
export function affixedVerb(t: string): AffixedVerb | undefined {
  if (t.length < 4 || NOT_COMPOUNDS.has(t) || !/^[a-z0-9]+$/.test(t)) return undefined;
  for (const v of LONG_PREFIX_VERBS) {
    if (t.length - v.length < 2 || !t.startsWith(v)) continue;
    const rest = t.slice(v.length);
    if (!WORD_ENDINGS.has(rest)) return { verb: v, rest };
  }
  for (const v of LONG_SUFFIX_VERBS) {
    if (t.length - v.length < 1 || !t.endsWith(v) || undoes(t, v)) continue;
    const rest = t.slice(0, -v.length);
    if (rest.length === 1 || !NOT_PRODUCT_PREFIX.has(rest)) return { verb: v, rest };
  }
  // A product's short prefix, the verb, its object (`gpdeletesystem`, `dbremovenode`).
  for (const v of LONG_PREFIX_VERBS) {
    const at = t.indexOf(v, 2);
    if (at < 2 || at > 4) continue;
    const prefix = t.slice(0, at);
    const rest = t.slice(at + v.length);
    if (rest.length >= 3 && !NOT_PRODUCT_PREFIX.has(prefix) && !WORD_ENDINGS.has(rest) && /^[a-z]+$/.test(prefix)) return { verb: v, rest };
  }
  return productRm(t);
}

/**
 * `rm` after a product's prefix, as tool families name their remove command (`dsrm` beside `dsadd`
 * and `dsquery`, `megarm` beside `megals` and `megaput`). English words end in `rm` only after a
 * vowel (`alarm`, `confirm`, `platform`, `term`, `storm`): after a consonant the prefix is a
 * product's; after a vowel only a prefix of four letters or more ending in `a` or `u` (`-arm`,
 * `-urm`; never `-orm`, `-irm`, `-erm`), and not an English word of the table above.
 */
function productRm(t: string): AffixedVerb | undefined {
  if (!t.endsWith('rm') || t.length < 4 || !/^[a-z]+$/.test(t)) return undefined;
  const rest = t.slice(0, -2);
  const last = rest[rest.length - 1]!;
  if (!'aeiouy'.includes(last)) return rest.length >= 2 ? { verb: 'remove', rest } : undefined;
  // English words and compounds of them end in -farm, -harm, -charm, -warm, -swarm, -alarm (`webfarm`, `renderfarm`);
  // -parm is a parameter's (`sdparm`, `hdparm`).
  if (/(?:f|h|ch|w|sw|al|p)arm$/.test(t)) return undefined;
  return rest.length >= 4 && (last === 'a' || last === 'u') ? { verb: 'remove', rest } : undefined;
}
