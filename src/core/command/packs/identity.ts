/**
 * Secrets managers and identity: deleting or destroying secrets, keys, vaults, tokens, users and
 * the access they grant — Vault, 1Password `op`, Doppler, Bitwarden `bw`, gopass/pass, chamber,
 * Infisical, GnuPG secret keys, certificates (certbot, step), and directories (FreeIPA, GAM,
 * LDAP, Keycloak). Cloud providers' secret stores and IAM are judged by the cloud pack.
 *
 * A production-looking mount, project, config, environment or address makes a finding critical.
 * Written from each tool's own CLI reference.
 */
import { withReach } from '../context';
import { NO_UNDO, SHARED_DELETE } from '../generic/weight';
import { isQuiet, operandWords, type OpMatch, operationsRule, speaksForPaths } from '../operations';
import { hasFlag, programsOf, type CommandRuleFinding, type Rule, type RulePack } from '../rule';
import { optionValues, spanTo } from '../words';

// ---------------------------------------------------------------------------------------------
// Vault

const VAULT_VALUED = [
  '-address', '--address', '-namespace', '--namespace', '-ns', '-mount', '--mount', '-format', '--format', '-field', '--field',
  '-ca-cert', '-ca-path', '-client-cert', '-client-key', '-tls-server-name', '-wrap-ttl', '-policy-override', '-header', '-mfa',
  '-versions', '--versions', '-mode', '--mode', '-method', '-path', '-accessor',
];

/** The secret a `vault kv` command names: `-mount=secret app/x` → `secret/app/x`. */
function kvPath(m: OpMatch): string {
  const mount = optionValues(m.cmd, '-mount', '--mount')[0]?.text;
  const p = m.operands[0]?.text ?? '';
  return mount ? `${mount.replace(/\/$/, '')}/${p}` : p;
}

function versionsOf(m: OpMatch): string | undefined {
  const v = optionValues(m.cmd, '-versions', '--versions')[0]?.text;
  return v ? `version${v.includes(',') ? 's' : ''} ${v}` : undefined;
}

/** What deleting a raw Vault path does, from the path. */
function vaultDelete(m: OpMatch): string {
  const p = m.operands[0]?.text.replace(/^\/+/, '') ?? '';
  if (/^[^/]+\/keys\/[^/]+\/?$/.test(p) && /transit|keys|kms|gcpkms/.test(p.split('/')[0]!)) return `deletes the encryption key ${p}: everything encrypted with it can no longer be decrypted`;
  if (/^[^/]*pki[^/]*\/root\/?$/.test(p)) return `deletes the root certificate authority at ${p}: certificates it issued can no longer be verified or renewed`;
  if (/^sys\/mounts\//.test(p)) return `disables the secrets engine ${p.slice(11)} and deletes every secret in it`;
  if (/^sys\/(policy|policies\/acl)\//.test(p)) return `deletes the policy ${p.replace(/^sys\/(policy|policies\/acl)\//, '')}: tokens that rely on it lose access`;
  if (/^auth\//.test(p)) return `deletes ${p} from an auth method: that login stops working`;
  return `deletes the data at ${p || 'the path'}`;
}

const vault = operationsRule({
  id: 'identity.vault',
  description: 'vault kv delete/destroy/metadata delete, delete, secrets/auth/audit disable, token and lease revoke, policy delete, operator seal.',
  programs: ['vault', 'bao'],
  valued: VAULT_VALUED,
  scope: ['-address', '--address', '-namespace', '--namespace', '-ns', '-mount', '--mount'],
  scopeEnv: ['VAULT_ADDR', 'VAULT_NAMESPACE'],
  scopeLabel: 'Vault',
  // `kv rollback` writes the old version as a new one: every version stays in the history.
  clears: ['kv rollback'],
  suggestion: 'Read what is there first (vault kv get / vault read), and keep a copy of secrets you delete.',
  ops: [
    { path: 'kv delete', severity: 'high', what: (m) => `deletes ${versionsOf(m) ?? 'the current version'} of the secret ${kvPath(m)}` },
    { path: 'kv destroy', severity: 'high', what: (m) => `destroys ${versionsOf(m) ?? 'versions'} of the secret ${kvPath(m)} for good` },
    { path: 'kv metadata delete', severity: 'high', what: (m) => `deletes the secret ${kvPath(m)} with every version and its metadata, for good` },
    { path: 'delete', severity: 'high', what: vaultDelete, severityOf: (m) => (/(^|\/)keys\/[^/]+\/?$|^[^/]*pki[^/]*\/root\/?$|^sys\/mounts\//.test(m.operands[0]?.text.replace(/^\/+/, '') ?? '') ? 'critical' : 'high') },
    { path: 'secrets disable', severity: 'critical', what: 'disables the secrets engine at {0} and deletes every secret stored there' },
    { path: 'auth disable', severity: 'high', what: 'disables the auth method at {0}: its roles and users are deleted and every token it issued is revoked' },
    { path: 'audit disable', severity: 'high', what: 'turns off the audit device {0}: requests are no longer recorded there' },
    { path: 'policy delete', severity: 'high', what: 'deletes the policy {0}: tokens that rely on it lose access' },
    {
      path: 'token revoke',
      severity: 'high',
      what: (m) => (hasFlag(m.cmd, '-self') ? 'revokes the token in use' : `revokes the token ${m.operands[0]?.text ?? ''}${m.cmd.args.some((a) => /^-+mode=orphan$/.test(a.text)) ? '' : ' and every token created from it'}`.replace(/ +/g, ' ')),
    },
    { path: 'lease revoke', severity: 'medium', what: 'revokes the lease {0}: the credential it covers stops working', raise: [{ flags: ['-prefix', '--prefix'], severity: 'high', why: 'and every other lease under that prefix' }] },
    { path: 'namespace delete', severity: 'critical', what: 'deletes the namespace {0} with every secret, policy and auth method in it' },
    { path: 'operator seal', severity: 'high', what: 'seals Vault: no secret can be read until enough unseal keys are entered' },
    { path: 'operator raft remove-peer', severity: 'high', what: 'removes the node {0} from the Vault cluster' },
    { path: 'operator raft snapshot restore', severity: 'critical', what: 'replaces all of Vault\'s data with the snapshot {0}' },
  ],
  examples: {
    match: [
      { cmd: 'vault kv delete secret/payments/stripe', exactly: 'high', span: 'vault kv delete secret/payments/stripe' },
      { cmd: 'vault kv destroy -versions=3,4 secret/app/db', exactly: 'high' },
      { cmd: 'vault kv metadata delete secret/app/db', exactly: 'high' },
      { cmd: 'vault secrets disable kv/', exactly: 'critical' },
      { cmd: 'vault lease revoke -prefix aws/creds/', exactly: 'high' },
      { cmd: 'vault lease revoke aws/creds/deploy/abc', exactly: 'medium' },
      'vault token revoke -mode=orphan s.8f2kT3v9',
      { cmd: 'vault delete transit/keys/orders', exactly: 'critical' },
      { cmd: 'vault delete auth/userpass/users/alice', exactly: 'high' },
      'vault policy delete deployers',
      'vault operator seal',
      { cmd: 'VAULT_ADDR=https://vault.prod.internal:8200 vault kv delete secret/app', exactly: 'critical' },
    ],
    nearMiss: ['vault kv delete -help', 'vault kv get secret/app/db', 'vault kv put secret/app/flags beta=true', 'vault status', 'vault secrets list -detailed', 'vault token lookup', 'vault kv undelete -versions=2 secret/app', 'vault secrets enable -path=kv kv-v2'],
  },
});

// ---------------------------------------------------------------------------------------------
// 1Password, Doppler, Bitwarden, gopass/pass, chamber, Infisical

const ARCHIVED = [{ flags: ['--archive'], severity: 'medium' as const }];

const op = operationsRule({
  id: 'identity.op',
  description: '1Password op item/document/vault/user/group delete: items, whole vaults and people removed.',
  programs: ['op'],
  valued: ['--vault', '--account', '--format', '--session', '--config', '--encoding', '--cache', '--iso-timestamps'],
  scope: ['--vault', '--account'],
  scopeLabel: 'vault',
  suggestion: 'Archive instead of deleting (op item delete --archive), and check the vault and account first.',
  ops: [
    { path: 'item|items delete|remove|rm', severity: 'high', what: (m) => `${hasFlag(m.cmd, '--archive') ? 'moves to the archive' : 'deletes'} the item ${m.operands[0]?.text ?? ''}`.trim(), lower: ARCHIVED },
    { path: 'document|documents delete|remove|rm', severity: 'high', what: (m) => `${hasFlag(m.cmd, '--archive') ? 'moves to the archive' : 'deletes'} the document ${m.operands[0]?.text ?? ''}`.trim(), lower: ARCHIVED },
    { path: 'vault|vaults delete|remove|rm', severity: 'critical', what: 'deletes the vault {0} and every item in it' },
    { path: 'user|users delete|remove|rm', severity: 'high', what: 'removes {0} from the 1Password account, with their private vaults' },
    { path: 'user|users suspend', severity: 'medium', what: 'suspends {0}: they can no longer sign in' },
    { path: 'group|groups delete|remove|rm', severity: 'high', what: 'deletes the group {0}: its members lose the access it granted' },
    { path: 'vault|vaults user|group revoke', severity: 'medium', what: 'revokes access to the vault {--vault}' },
    { path: 'connect server|token delete|remove|rm', severity: SHARED_DELETE, what: `deletes the Connect server or token {0}: integrations using it stop working; there is ${NO_UNDO}` },
  ],
  examples: {
    match: [{ cmd: 'op item delete "Stripe test key" --vault Payments', exactly: 'high' }, { cmd: 'op item delete "Old key" --archive', exactly: 'medium' }, { cmd: 'op vault delete Engineering', exactly: 'critical' }, 'op user delete alice@acme.com', 'op group delete contractors'],
    nearMiss: ['op item get "Stripe test key"', 'op item list --vault Payments', 'op run -- npm test', 'op signin', 'op vault list'],
  },
});

const doppler = operationsRule({
  id: 'identity.doppler',
  description: 'doppler secrets delete, configs/environments/projects delete: secrets and whole configs removed.',
  programs: ['doppler'],
  valued: ['-p', '--project', '-c', '--config', '--token', '--scope', '--api-host', '--configuration', '--environment', '-e'],
  scope: ['-p', '--project', '-c', '--config', '--environment', '-e'],
  scopeEnv: ['DOPPLER_PROJECT', 'DOPPLER_CONFIG'],
  scopeLabel: 'Doppler',
  suggestion: 'Download the config first (doppler secrets download), and check the project and config.',
  ops: [
    { path: 'secrets delete', severity: 'high', what: 'deletes the secrets {*} from the config {-c|--config?in use}' },
    { path: 'configs|config delete', severity: 'high', what: 'deletes the config {0} and every secret in it' },
    { path: 'environments|environment|enclave delete', severity: 'high', what: 'deletes the environment {0} and every config in it' },
    { path: 'projects|project delete', severity: 'critical', what: 'deletes the project {0} with all its environments and secrets' },
    { path: 'configs|config tokens revoke', severity: 'medium', what: 'revokes the service token {0}: whatever uses it loses access' },
  ],
  examples: {
    match: [{ cmd: 'doppler secrets delete STRIPE_KEY --project api --config dev --yes', exactly: 'high' }, 'doppler environments delete stg --project api --yes', 'doppler configs delete dev_old --project api', { cmd: 'doppler projects delete api', exactly: 'critical' }, { cmd: 'doppler secrets delete STRIPE_KEY -p api -c prd', exactly: 'critical' }],
    nearMiss: ['doppler secrets --project api --config dev --only-names', 'doppler secrets set LOG_LEVEL=debug', 'doppler setup --project api --config dev', 'doppler run -- npm start'],
  },
});

const bitwarden: Rule = {
  id: 'identity.bitwarden',
  description: 'Bitwarden bw delete item/folder/attachment/org-collection (--permanent skips the trash).',
  severity: 'high',
  programs: ['bw'],
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    const pos = operandWords(cmd, ['--organizationid', '--itemid', '--session', '--response']);
    if (pos[0]?.text !== 'delete' || !pos[1]) return undefined;
    const permanent = hasFlag(cmd, '--permanent');
    const f: CommandRuleFinding = {
      severity: permanent || pos[1].text === 'org-collection' ? 'high' : 'medium',
      message: `${permanent ? 'Deletes for good' : 'Moves to the trash'} the ${pos[1].text} ${pos[2]?.text ?? ''} (bw delete${permanent ? ' --permanent' : ''}).`.replace(' (', ' (').replace(/ +/g, ' '),
      span: spanTo(cmd, cmd.args[cmd.args.length - 1]!),
      suggestion: 'Leave it in the trash (without --permanent) until you are sure.',
    };
    return withReach(f, [], cmd, rc);
  },
  examples: { match: [{ cmd: 'bw delete item 2f9c3a5e --permanent', exactly: 'high' }, { cmd: 'bw delete item 2f9c3a5e', exactly: 'medium' }], nearMiss: ['bw list items --search github', 'bw get item 2f9c', 'bw sync'] },
};

const passStore = operationsRule({
  id: 'identity.password-store',
  description: 'gopass and pass rm/delete: entries (or, with -r, whole folders) of a password store deleted.',
  programs: ['gopass', 'pass'],
  valued: ['--store'],
  suggestion: 'Check the entry first (gopass show / pass show); a store kept in git can be restored from history.',
  ops: [
    { path: 'rm|remove|delete', severity: 'high', what: (m) => `deletes ${hasFlag(m.cmd, '-r', '--recursive') ? 'the folder' : 'the entry'} ${m.operands.map((w) => w.text).join(', ')}${hasFlag(m.cmd, '-r', '--recursive') ? ' and every secret in it' : ''} from the password store` },
  ],
  examples: { match: ['gopass rm -rf infra', 'pass rm -r work/aws', { cmd: 'gopass delete web/login', exactly: 'high' }], nearMiss: ['gopass ls infra', 'pass show work/aws', 'pass insert web/new', 'gopass sync'] },
});

const chamber = operationsRule({
  id: 'identity.chamber',
  description: 'chamber delete: a service secret in AWS SSM Parameter Store deleted.',
  programs: ['chamber'],
  valued: ['-b', '--backend', '--kms-key-alias', '-r', '--retries', '--min-throttle-delay'],
  scopeLabel: 'service',
  suggestion: 'Export the service first (chamber export SERVICE).',
  ops: [{ path: 'delete', severity: 'high', what: 'deletes the secret {1} of the service {0}' }],
  examples: { match: ['chamber delete payments stripe_key', { cmd: 'chamber delete payments-prod stripe_key', exactly: 'critical' }], nearMiss: ['chamber list payments-dev', 'chamber read payments stripe_key', 'chamber exec payments -- env'] },
});

const infisical = operationsRule({
  id: 'identity.infisical',
  description: 'infisical secrets delete: secrets removed from an environment.',
  programs: ['infisical'],
  valued: ['--env', '--path', '--projectId', '--token', '--domain', '--type'],
  scope: ['--env'],
  scopeLabel: 'environment',
  suggestion: 'Export the environment first (infisical export).',
  ops: [{ path: 'secrets delete', severity: 'high', what: 'deletes the secrets {*} from the {--env?default} environment' }],
  examples: { match: ['infisical secrets delete STRIPE_KEY --env=dev', { cmd: 'infisical secrets delete STRIPE_KEY --env prod', exactly: 'critical' }], nearMiss: ['infisical secrets --env=dev', 'infisical run -- npm start', 'infisical secrets set A=1'] },
});

// ---------------------------------------------------------------------------------------------
// Keys and certificates

const gpgDelete: Rule = {
  id: 'identity.gpg-delete-secret-key',
  description: 'gpg --delete-secret-keys / --delete-secret-and-public-key: private keys deleted from the keyring.',
  severity: 'high',
  programs: ['gpg', 'gpg2'],
  check(cmd) {
    const w = cmd.args.find((a) => /^--delete-secret-(keys?|and-public-keys?)$/.test(a.text));
    if (!w) return undefined;
    const ids = cmd.args.filter((a) => a.span[0] > w.span[0] && !a.text.startsWith('-'));
    return {
      severity: 'high',
      message: `Deletes the private key${ids.length > 1 ? 's' : ''} ${ids.map((i) => i.text).join(', ') || '(given next)'} from the keyring: what was encrypted to it can no longer be decrypted (gpg ${w.text}).`,
      span: spanTo(cmd, cmd.args[cmd.args.length - 1]!),
      suggestion: 'Export it first (gpg --export-secret-keys --armor KEY > key.asc) and keep the file safe.',
    };
  },
  examples: { match: ['gpg --batch --yes --delete-secret-keys 0xDEADBEEF', 'gpg --delete-secret-and-public-key alice@acme.com'], nearMiss: ['gpg --list-secret-keys', 'gpg --delete-keys 0xDEADBEEF', 'gpg --export --armor alice'] },
};

const certificates = operationsRule({
  id: 'identity.certificates',
  description: 'certbot delete/revoke and step ca revoke: TLS certificates deleted or revoked.',
  programs: ['certbot', 'step'],
  valued: ['--cert-name', '--cert-path', '--reason', '--config-dir', '--work-dir', '--logs-dir', '-c', '--config', '--ca-url', '--root', '--token', '--provisioner', '--key-type'],
  suggestion: 'Check the certificate first (certbot certificates / step certificate inspect).',
  ops: [
    { path: 'delete', severity: 'high', what: 'deletes the certificate {--cert-name?it selects} and its renewal settings' },
    { path: 'revoke', severity: 'high', what: 'revokes the certificate {--cert-name|--cert-path}: clients reject it from now on' },
    { path: 'ca revoke', severity: 'high', what: 'revokes the certificate with serial {0}: clients reject it from now on' },
  ],
  examples: { match: ['certbot delete --cert-name acme.com --non-interactive', 'certbot revoke --cert-path /etc/letsencrypt/live/acme.com/cert.pem', 'step ca revoke 1234567890abcdef'], nearMiss: ['sudo certbot certificates', 'certbot renew', 'step certificate inspect https://acme.com', 'step ca health'] },
});

// ---------------------------------------------------------------------------------------------
// Directories: FreeIPA, Google Workspace (GAM), LDAP, Keycloak, Samba

const ipa: Rule = {
  id: 'identity.ipa-delete',
  description: 'FreeIPA ipa *-del (user-del, group-del, host-del, …): directory entries deleted.',
  severity: 'high',
  programs: ['ipa'],
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    const pos = operandWords(cmd, []);
    const verb = pos[0];
    if (!verb || !/^[a-z]+(?:[a-z-]*[a-z])?-(del|disable|remove-member)$/.test(verb.text) || verb.text.endsWith('remove-member')) return undefined;
    const noun = verb.text.replace(/-(del|disable)$/, '');
    const disable = verb.text.endsWith('-disable');
    const f: CommandRuleFinding = {
      severity: disable ? 'medium' : 'high',
      message: `${disable ? 'Disables' : 'Deletes'} the ${noun} ${pos.slice(1).map((w) => w.text).join(', ')} in the FreeIPA directory (ipa ${verb.text}).`,
      span: spanTo(cmd, cmd.args[cmd.args.length - 1]!),
      suggestion: noun === 'user' && !disable ? 'Disable or preserve the user instead (ipa user-disable / user-del --preserve).' : 'Check the entry first (ipa *-show).',
    };
    if (hasFlag(cmd, '--preserve')) f.severity = 'medium';
    return withReach(f, [], cmd, rc);
  },
  examples: { match: [{ cmd: 'ipa user-del alice --continue', exactly: 'high' }, 'ipa host-del web1.acme.lan', { cmd: 'ipa user-disable bob', exactly: 'medium' }], nearMiss: ['ipa user-find --login=alice', 'ipa user-show alice', 'ipa user-add carol --first=C --last=D'] },
};

const gam = operationsRule({
  id: 'identity.gam',
  description: 'GAM (Google Workspace) delete user/group/alias/…: accounts and their mail and files removed.',
  programs: ['gam'],
  valued: [],
  suggestion: 'Suspend the user instead (gam update user X suspended on), or transfer their data first.',
  ops: [
    { path: 'delete user', severity: 'high', what: 'deletes the Google Workspace user {0} with their mail and Drive files' },
    { path: 'delete group', severity: 'high', what: 'deletes the Google group {0}' },
    { path: 'delete *', severity: 'high', what: (m) => `deletes the ${m.path[1]!.text} ${m.operands[0]?.text ?? ''} in Google Workspace`.trim() },
    { path: 'user * delete', severity: 'high', what: (m) => `deletes ${m.operands.map((w) => w.text).join(' ') || 'data'} of the user ${m.path[1]!.text}` },
  ],
  examples: { match: ['gam delete user bob@acme.com', 'gam delete group all-staff@acme.com', 'gam user bob@acme.com delete messages query "before:2020"'], nearMiss: ['gam info user bob@acme.com', 'gam print users', 'gam create user carol@acme.com'] },
});

const DIRECTORY_VALUED = ['-H', '-h', '-p', '-D', '-w', '-y', '-f', '-o', '-O', '-Q', '-R', '-U', '-X', '-Y', '-z', '-r', '--server', '--realm', '--user', '--password', '--client', '--config', '-s', '-q', '-x'];

const ldapDelete: Rule = {
  id: 'identity.ldap-delete',
  description: 'ldapdelete (with -r, whole subtrees) and kcadm delete: directory entries, users and realms removed.',
  severity: 'high',
  programs: ['ldapdelete', 'kcadm.sh', 'kcadm', 'samba-tool'],
  // samba-tool's other subcommands (`domain demote`, `dns delete`, …) are the generic layer's.
  speaksFor: (cmd) => cmd.program !== 'samba-tool' || speaksForPaths(['user|group|computer|ou delete|remove'], DIRECTORY_VALUED)(cmd),
  check(cmd, rc) {
    if (isQuiet(cmd, cmd.program === 'ldapdelete' ? ['-n'] : [])) return undefined;
    const valued = DIRECTORY_VALUED.filter((o) => !(cmd.program === 'ldapdelete' && o === '-r'));
    const pos = operandWords(cmd, valued);
    let f: CommandRuleFinding | undefined;
    if (cmd.program === 'ldapdelete') {
      const recursive = hasFlag(cmd, '-r');
      const dns = pos.map((w) => w.text);
      f = { severity: recursive ? 'critical' : 'high', message: `Deletes the directory entr${dns.length > 1 ? 'ies' : 'y'} ${dns.join('; ') || '(read from input)'}${recursive ? ' and everything below' : ''} (ldapdelete${recursive ? ' -r' : ''}).`, span: spanTo(cmd, cmd.args[cmd.args.length - 1] ?? cmd.name!), suggestion: 'Export the entries first (ldapsearch … > backup.ldif).' };
    } else if (cmd.program === 'samba-tool') {
      if (!/^(user|group|computer|ou)$/.test(pos[0]?.text ?? '') || !/^(delete|remove)$/.test(pos[1]?.text ?? '')) return undefined;
      f = { severity: 'high', message: `Deletes the Active Directory ${pos[0]!.text} ${pos[2]?.text ?? ''} (samba-tool ${pos[0]!.text} ${pos[1]!.text}).`.replace(' (', ' (').replace(/ +/g, ' '), span: spanTo(cmd, cmd.args[cmd.args.length - 1]!), suggestion: 'Disable the account first (samba-tool user disable).' };
    } else {
      if (pos[0]?.text !== 'delete' || !pos[1]) return undefined;
      const path = pos[1].text;
      const realm = /^realms\/[^/]+\/?$/.test(path);
      f = { severity: realm ? 'critical' : 'high', message: `Deletes the Keycloak ${realm ? 'realm' : 'object'} ${path}${realm ? ' with every user and client in it' : ''} (kcadm delete).`, span: spanTo(cmd, cmd.args[cmd.args.length - 1]!), suggestion: 'Export the realm first (kc.sh export).' };
    }
    return withReach(f, [], cmd, rc);
  },
  examples: {
    match: [{ cmd: 'ldapdelete -x -D cn=admin,dc=acme,dc=com -W uid=alice,ou=people,dc=acme,dc=com', exactly: 'high' }, { cmd: 'ldapdelete -r ou=people,dc=acme,dc=com', exactly: 'critical' }, 'kcadm.sh delete users/6b1b -r acme', { cmd: 'kcadm.sh delete realms/acme', exactly: 'critical' }, 'samba-tool user delete alice'],
    nearMiss: ['ldapsearch -x -b dc=acme,dc=com uid=alice', 'ldapdelete -n uid=alice,dc=acme,dc=com', 'kcadm.sh get users -r acme', 'samba-tool user list'],
  },
};

// ---------------------------------------------------------------------------------------------
// Keychains and key stores: macOS security, Java keytool, LastPass, Bitwarden Secrets Manager

const keyStores: Rule = {
  id: 'identity.key-stores',
  description: 'security delete-keychain / delete-*-password / delete-identity (macOS), keytool -delete, lpass rm, bws secret/project delete: stored keys and passwords deleted.',
  severity: 'high',
  programs: ['security', 'keytool', 'lpass', 'bws'],
  // Only the delete forms are this rule's: the tools' other subcommands are the generic layer's.
  speaksFor(cmd) {
    const words = cmd.args.filter((w) => !w.text.startsWith('-')).map((w) => w.text);
    if (cmd.program === 'security') return /^delete-/.test(words[0] ?? '');
    if (cmd.program === 'keytool') return cmd.args.some((a) => a.text === '-delete');
    if (cmd.program === 'lpass') return words[0] === 'rm';
    return words.includes('delete');
  },
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    const pos = operandWords(cmd, ['-a', '-s', '-l', '-c', '-Z', '-t', '-alias', '-keystore', '-storepass', '-storetype', '--sync', '--access-token', '--project-id', '--server-url', '--output']);
    const last = cmd.args[cmd.args.length - 1];
    if (!last) return undefined;
    let f: CommandRuleFinding | undefined;
    if (cmd.program === 'security') {
      const v = pos[0]?.text ?? '';
      if (v === 'delete-keychain') f = { severity: 'high', message: `Deletes the keychain ${pos[1]?.text ?? ''} with every password, key and certificate in it (security delete-keychain).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'Export what you need first (Keychain Access, or security export).' };
      else if (/^delete-(generic|internet)-password$/.test(v) || v === 'delete-identity') f = { severity: 'high', message: `Deletes a ${v === 'delete-identity' ? 'certificate and its private key' : 'saved password'} from the keychain (security ${v}).`, span: spanTo(cmd, last), suggestion: 'Check what it matches first (security find-…).' };
      else if (v === 'delete-certificate') f = { severity: 'medium', message: 'Deletes a certificate from the keychain (security delete-certificate).', span: spanTo(cmd, last), suggestion: 'Check what it matches first (security find-certificate).' };
    } else if (cmd.program === 'keytool') {
      if (cmd.args.some((a) => a.text === '-delete')) f = { severity: 'high', message: `Deletes the entry ${optionValues(cmd, '-alias')[0]?.text ?? '(given by -alias)'} from the key store ${optionValues(cmd, '-keystore')[0]?.text ?? ''}: a private key in it is gone for good (keytool -delete).`.replace(/ +/g, ' ').replace(' :', ':'), span: spanTo(cmd, last), suggestion: 'Back up the key store file first.' };
    } else if (cmd.program === 'lpass') {
      if (pos[0]?.text === 'rm') f = { severity: 'high', message: `Deletes the LastPass entry ${pos[1]?.text ?? ''} (lpass rm).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'Check it first (lpass show).' };
    } else if ((pos[0]?.text === 'secret' || pos[0]?.text === 'project') && pos[1]?.text === 'delete') {
      f = { severity: pos[0].text === 'project' ? 'critical' : 'high', message: `Deletes the Secrets Manager ${pos[0].text}${pos.length > 3 ? 's' : ''} ${pos.slice(2).map((w) => w.text).join(', ')}${pos[0].text === 'project' ? ' with every secret in it' : ''} (bws ${pos[0].text} delete).`, span: spanTo(cmd, last), suggestion: 'Check what it names first (bws … get).' };
    }
    return f && withReach(f, [], cmd, rc);
  },
  examples: { match: ['security delete-keychain build.keychain', 'security delete-generic-password -s "Acme API"', 'keytool -delete -alias server -keystore keystore.jks', 'lpass rm Shared-Infra/db-root', 'bws secret delete 6c4e2f1a'], nearMiss: ['security find-generic-password -s "Acme API"', 'keytool -list -keystore keystore.jks', 'lpass ls', 'bws secret list'] },
};

const identityRules = [vault, op, doppler, bitwarden, passStore, chamber, infisical, keyStores, gpgDelete, certificates, ipa, gam, ldapDelete];

export const identityPack: RulePack = {
  name: 'identity',
  description: 'Secrets managers, keys, certificates and directories: deleting or revoking secrets, keys, vaults, tokens and accounts.',
  rules: identityRules,
  owns: programsOf(identityRules),
};
