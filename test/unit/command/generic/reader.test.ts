/**
 * The generic reader (src/core/command/generic/reader.ts) on the syntax of real command-line
 * tools, each line written from the tool's own reference: where the subcommand path ends, which
 * verb it carries (from the path, a compound word, the program's name or a flag), which words
 * are operands, and which options took a value.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readCli, strongestFlagVerb } from '../../../../src/core/command/generic/reader';
import type { ShellKind } from '../../../../src/core/shell/model';
import { parse } from '../../shell/helpers';

interface Row {
  line: string;
  shell?: ShellKind;
  /** The program whose command is read (default: the first command's). */
  program?: string;
  path: string[];
  /** `verb/class/source`, or undefined for none. */
  verb?: string;
  quiet?: boolean;
  /** The first operand, when the row checks it. */
  operand?: string;
}

/** ≥ 40 CLIs: path, verb and operand as their documentation describes them. */
const ROWS: Row[] = [
  // verb in the subcommand path
  { line: 'hcloud server delete web-1 --yes', path: ['server', 'delete'], verb: 'delete/destroy/path', operand: 'web-1' },
  { line: 'vault kv destroy -versions=3,4 secret/app/db', path: ['kv', 'destroy'], verb: 'destroy/destroy/path', operand: 'secret/app/db' },
  { line: 'velero backup delete nightly-20240601 --confirm', path: ['backup', 'delete'], verb: 'delete/destroy/path', operand: 'nightly-20240601' },
  { line: 'restic -r /srv/restic-repo forget --keep-last 1 --prune', path: ['forget'], verb: 'forget/destroy/path' },
  { line: 'borg delete --glob-archives "db-*" /mnt/backup/borg', path: ['delete'], verb: 'delete/destroy/path', operand: '/mnt/backup/borg' },
  { line: 'nats stream rm ORDERS -f', path: ['stream', 'rm'], verb: 'remove/destroy/path', operand: 'ORDERS' },
  { line: 'gam delete user bob@example.com', path: ['delete'], verb: 'delete/destroy/path', operand: 'user' },
  { line: 'virsh -c qemu+ssh://root@kvm1/system undefine app01 --remove-all-storage', path: ['undefine'], verb: 'undefine/revoke/path', operand: 'app01' },
  { line: 'zfs destroy -r tank/data', path: ['destroy'], verb: 'destroy/destroy/path', operand: 'tank/data' },
  { line: 'gluster --mode=script volume delete shared', path: ['volume', 'delete'], verb: 'delete/destroy/path', operand: 'shared' },
  { line: 'etcdctl --endpoints=https://10.0.0.10:2379 del /config/app/db_url', path: ['del'], verb: 'delete/destroy/path', operand: '/config/app/db_url' },
  { line: 'migrate -path db/migrations -database "$DATABASE_URL" drop -f', path: ['drop'], verb: 'drop/destroy/path' },
  { line: 'redis-cli -c -h 10.0.0.5 -p 7000 CLUSTER RESET HARD', path: ['CLUSTER', 'RESET'], verb: 'reset/destroy/path', operand: 'HARD' },
  { line: 'gcloud kms keys versions destroy 1 --key=orders --keyring=prod --location=global', path: ['kms', 'keys', 'versions', 'destroy'], verb: 'destroy/destroy/path', operand: '1' },
  { line: 'az network dns record-set a delete --zone-name example.com --name www -g dns --yes', path: ['network', 'dns', 'record-set', 'a', 'delete'], verb: 'delete/destroy/path' },
  { line: 'openstack server delete --wait web-1', path: ['server', 'delete'], verb: 'delete/destroy/path', operand: 'web-1' },
  { line: 'influx bucket delete --name metrics --org acme', path: ['bucket', 'delete'], verb: 'delete/destroy/path' },
  { line: 'wrangler r2 bucket delete uploads', path: ['r2', 'bucket', 'delete'], verb: 'delete/destroy/path', operand: 'uploads' },
  { line: 'vagrant destroy -f', path: ['destroy'], verb: 'destroy/destroy/path' },
  { line: 'qm destroy 104 --purge', path: ['destroy'], verb: 'destroy/destroy/path', operand: '104' },
  { line: 'vault lease revoke -prefix aws/creds/', path: ['lease', 'revoke'], verb: 'revoke/revoke/path' },
  { line: 'nomad job stop -purge api', path: ['job', 'stop'], verb: 'stop/stop/path', operand: 'api' },
  { line: 'flux uninstall --silent', path: ['uninstall'], verb: 'uninstall/revoke/path' },
  // compound words: colon, hyphen, underscore, dot and camelCase forms
  { line: 'heroku apps:destroy --app shop-staging --confirm shop-staging', path: ['apps:destroy'], verb: 'destroy/destroy/path' },
  { line: 'twilio api:core:incoming-phone-numbers:remove --sid PN2a07', path: ['api:core:incoming-phone-numbers:remove'], verb: 'remove/destroy/path' },
  { line: 'firebase hosting:channel:delete preview-42 --force', path: ['hosting:channel:delete'], verb: 'delete/destroy/path', operand: 'preview-42' },
  { line: 'aws rds delete-db-instance --db-instance-identifier shop --skip-final-snapshot', path: ['rds', 'delete-db-instance'], verb: 'delete/destroy/path' },
  { line: 'linode-cli lke cluster-delete 4321', path: ['lke', 'cluster-delete'], verb: 'delete/destroy/path', operand: '4321' },
  { line: 'rabbitmqctl delete_queue orders', path: ['delete_queue'], verb: 'delete/destroy/path', operand: 'orders' },
  { line: 'govc vm.destroy /dc1/vm/web-01', path: ['vm.destroy'], verb: 'destroy/destroy/path', operand: '/dc1/vm/web-01' },
  { line: 'cryptsetup luksErase /dev/sdb2', path: ['luksErase'], verb: 'erase/destroy/path', operand: '/dev/sdb2' },
  { line: 'cli53 rrdelete example.com www A', path: ['rrdelete'], verb: 'delete/destroy/path', operand: 'example.com' },
  { line: 'rclone deletefile b2:backups/db/latest.dump', path: ['deletefile'], verb: 'delete/destroy/path', operand: 'b2:backups/db/latest.dump' },
  { line: 'ibmcloud resource service-instance-delete orders-db --force', path: ['resource', 'service-instance-delete'], verb: 'delete/destroy/path', operand: 'orders-db' },
  { line: 'aws kms cancel-key-deletion --key-id 1234', path: ['kms', 'cancel-key-deletion'], quiet: true },
  // the verb in the program's own name
  { line: 'lvremove -f vg0/data', path: [], verb: 'remove/destroy/program', operand: 'vg0/data' },
  { line: 'dropuser --host=db.internal app_readonly', path: [], verb: 'drop/destroy/program', operand: 'app_readonly' },
  { line: 'kafka-delete-records.sh --bootstrap-server kafka:9092 --offset-json-file purge.json', path: [], verb: 'delete/destroy/program' },
  // a flag that destroys
  { line: 'rsync -a --delete ./public/ deploy@web-1:/var/www/html/', path: [], verb: 'delete/destroy/flag', operand: './public/' },
  { line: 'kafka-topics.sh --bootstrap-server kafka:9092 --delete --topic orders', path: [], verb: 'delete/destroy/flag' },
  { line: 'mongorestore --drop dump/', path: [], verb: 'drop/destroy/flag', operand: 'dump/' },
  // Windows: PowerShell Verb-Noun and cmd.exe switches
  { line: 'Remove-AzKeyVault -VaultName kv -InRemovedState -Location westeurope -Force', shell: 'pwsh', path: [], verb: 'remove/destroy/program' },
  { line: 'Disable-LocalUser -Name backupadmin', shell: 'pwsh', path: [], verb: 'disable/revoke/program', operand: undefined },
  { line: 'Get-AzResourceGroup -Name prod-rg', shell: 'pwsh', path: [], quiet: true },
  { line: 'cmd /c vssadmin delete shadows /all /quiet', shell: 'pwsh', program: 'vssadmin', path: ['delete'], verb: 'delete/destroy/path', operand: 'shadows' },
  { line: 'cmd /c net user backupadmin /delete', shell: 'pwsh', program: 'net', path: ['user', 'backupadmin'], verb: 'delete/destroy/flag' },
  // read-only and constructive verbs end the path quietly
  { line: 'gh issue create --title "Delete button does nothing"', path: ['issue', 'create'], quiet: true },
  { line: 'npm run reset-db', path: ['run'], quiet: true, operand: 'reset-db' },
  { line: 'velero backup get', path: ['backup', 'get'], quiet: true },
  { line: 'rabbitmqctl list_queues name messages', path: ['list_queues'], quiet: true, operand: 'name' },
  { line: 'kubectl auth can-i delete pods', path: ['auth', 'can-i'], quiet: true, operand: 'delete' },
  { line: 'heroku config:unset STRIPE_KEY -a shop', path: ['config:unset'], verb: 'unset/revoke/path', operand: 'STRIPE_KEY' },
  { line: 'terraform -chdir=infra plan -destroy', path: ['plan'], quiet: true },
  // a quiet word that names a group of commands, when an action follows it
  { line: 'dagster run wipe', path: ['run', 'wipe'], verb: 'wipe/destroy/path' },
  { line: 'symfony console doctrine:database:drop --force', path: ['console', 'doctrine:database:drop'], verb: 'drop/destroy/path' },
  { line: 'dagster run list', path: ['run'], quiet: true, operand: 'list' },
  // a tool named for its action, asked to inspect or list, or given its own word for acting
  { line: 'cloud-nuke inspect-aws --region us-east-1', path: [], quiet: true, operand: 'inspect-aws' },
  { line: 'aws-nuke run --no-dry-run', path: [], verb: 'nuke/destroy/program', operand: undefined },
  // subcommands a tool names unsafe, teardown and discard words
  { line: 'elasticsearch-node unsafe-bootstrap', path: ['unsafe-bootstrap'], verb: 'run unsafe/destroy/path' },
  { line: 'terraspace down network -y', path: ['down'], verb: 'tear down/revoke/path', operand: 'network' },
  { line: 'hg strip -r 42 --no-backup', path: ['strip'], verb: 'strip/overwrite/path' },
  { line: 'npx sequelize-cli db:migrate:undo:all', program: 'sequelize-cli', path: ['db:migrate:undo:all'], verb: 'undo/overwrite/path' },
  // a verb after the IDs, paths or data files the path stopped on, or a service's method
  { line: 'tdbtool /var/lib/samba/private/secrets.tdb erase', path: [], verb: 'erase/destroy/path', operand: '/var/lib/samba/private/secrets.tdb' },
  { line: 'acmeraid /c0/v2 delete noprompt', path: [], verb: 'delete/destroy/path', operand: '/c0/v2' },
  { line: 'vim-cmd vmsvc/snapshot.removeall 12', path: [], verb: 'remove/destroy/path', operand: 'vmsvc/snapshot.removeall' },
  { line: "buf curl --data '{\"id\":\"u1\"}' https://api.acme.dev/acme.user.v1.UserService/DeleteUser", path: ['curl'], verb: 'delete/destroy/path' },
  { line: "buf curl --data '{}' https://api.acme.dev/acme.user.v1.UserService/ListUsers", path: ['curl'] },
  { line: 'tig origin/fix/delete-button', path: [], operand: 'origin/fix/delete-button' },
  { line: 'tool 42 show', path: [], operand: '42' },
  { line: 'ts-node scripts/seed.ts delete', path: [], operand: 'scripts/seed.ts' },
  // a node declared lost, a context word before the action, and an option that says not to
  { line: 'ceph osd lost 7 --yes-i-really-mean-it', path: ['osd', 'lost'], verb: 'remove as lost/destroy/path', operand: '7' },
  { line: 'bin/bookkeeper shell nukeexistingcluster -force', path: ['shell', 'nukeexistingcluster'], verb: 'nuke/destroy/path' },
  { line: 'ostree prune --no-prune', path: ['prune'], quiet: true },
  { line: 'django-admin sqlflush', path: ['sqlflush'], quiet: true },
  // glued verbs the noun lexicon does not know, numbered product names
  { line: 'acme-store batchdelete media -i keys.txt', path: ['batchdelete'], verb: 'delete/destroy/path', operand: 'media' },
  { line: 'amrmtape DailySet1 DailySet1-03', path: [], verb: 'remove/destroy/program', operand: 'DailySet1' },
  { line: 'fw2reset -y', path: [], verb: 'reset/destroy/program' },
  // no verb: the path ends at the first word that is not command-like
  { line: 'restic -r /srv/repo backup ~/projects', path: ['backup'], operand: '~/projects' },
  { line: 'python3 manage.py flush', path: [], operand: 'manage.py' },
  { line: 'ansible webservers -b -m file -a "path=/srv/app state=absent"', path: ['webservers'] },
];

async function read(row: Row) {
  const p = await parse(row.line, row.shell ?? 'bash');
  const cmd = row.program ? [...p.commands].reverse().find((c) => c.program === row.program) : p.commands[0];
  assert.ok(cmd, `no command ${row.program ?? ''} in ${row.line}`);
  return readCli(cmd, row.shell === 'pwsh');
}

describe('generic reader: subcommand paths of real CLIs', () => {
  test('the table covers at least 40 programs', async () => {
    const programs = new Set<string>();
    for (const r of ROWS) programs.add((await read(r)).tool.program);
    assert.ok(programs.size >= 40, `${programs.size} programs`);
  });

  for (const row of ROWS) {
    test(row.line, async () => {
      const r = await read(row);
      assert.deepEqual(r.path.map((w) => w.text), row.path, 'path');
      const verb = r.verb ? `${r.verb.verb}/${r.verb.cls}/${r.verb.source}` : undefined;
      if (row.verb?.endsWith('/flag')) {
        assert.equal(verb, undefined, 'no verb in the path or name');
        const flag = r.flags.map((f) => f.word.text).find((t) => /^(--|\/)(delete|drop|purge)/i.test(t));
        assert.ok(flag, `a destroying flag among ${r.flags.map((f) => f.word.text).join(' ')}`);
      } else assert.equal(verb, row.verb, 'verb');
      assert.equal(r.quiet, row.quiet ?? false, 'quiet');
      if ('operand' in row) assert.equal(r.operands[0]?.text, row.operand, 'first operand');
    });
  }
});

describe('generic reader: options and their values', () => {
  test('a device after a format switch is its operand, not the option value', async () => {
    const r = await read({ line: 'tool --format /dev/sdc', path: [] });
    assert.equal(r.flags[0]?.value, undefined);
    assert.equal(r.operands[0]?.text, '/dev/sdc');
    assert.equal(strongestFlagVerb(r)?.verb, 'format');
    const json = await read({ line: 'tool --format json /dev/sdc', path: [] });
    assert.equal(strongestFlagVerb(json), undefined, '--format json names an output format');
  });

  test('a known global option takes its value before the path', async () => {
    const r = await read({ line: 'gh -R acme/api secret delete TOKEN', path: [] });
    assert.deepEqual(r.path.map((w) => w.text), ['secret', 'delete']);
    assert.equal(r.flags[0]?.value?.text, 'acme/api');
  });

  test('after the verb a one-letter option is a switch, and the next word an operand', async () => {
    const r = await read({ line: 'zfs destroy -r tank/data', path: [] });
    assert.equal(r.flags[0]?.value, undefined);
    assert.equal(r.operands[0]?.text, 'tank/data');
  });

  test('before the path an option followed by a path-like word takes it as its value', async () => {
    const r = await read({ line: 'restic -r /srv/restic-repo forget', path: [] });
    assert.equal(r.flags[0]?.value?.text, '/srv/restic-repo');
    assert.deepEqual(r.path.map((w) => w.text), ['forget']);
  });

  test('global options with values before the subcommand: the words after one-letter options were their values', async () => {
    const r = await read({ line: 'bosh -e prod -d cf delete-deployment --force', path: [] });
    assert.deepEqual(r.flags.slice(0, 1).map((f) => [f.word.text, f.value?.text]), [['-e', 'prod']]);
    assert.equal(r.verb?.verb, 'delete');
    assert.equal(r.verb?.word.text, 'delete-deployment');
    const three = await read({ line: 'mytool -c eu1 -p acme -s primary drop-database', path: [] });
    assert.equal(three.verb?.word.text, 'drop-database');
    assert.deepEqual(three.flags.map((f) => f.value?.text), ['eu1', 'acme', undefined]);
    // A verb already read, or a path word that followed no option, keeps the old reading.
    const verbFirst = await read({ line: 'tool -v delete -f thing', path: [] });
    assert.equal(verbFirst.verb?.word.text, 'delete');
    assert.equal(verbFirst.flags[0]?.value, undefined);
    const ansible = await read({ line: 'ansible webservers -b -m file', path: [] });
    assert.deepEqual(ansible.path.map((w) => w.text), ['webservers']);
    const list = await read({ line: 'bosh -e prod -d cf instances', path: [] });
    assert.equal(list.verb, undefined);
  });

  test('words after -- are operands, never path words', async () => {
    const r = await read({ line: 'tool -- delete everything', path: [] });
    assert.deepEqual(r.path, []);
    assert.deepEqual(r.operands.map((w) => w.text), ['delete', 'everything']);
  });

  test('/x words are switches only on Windows', async () => {
    const bash = await read({ line: 'vssadmin delete shadows /all', path: [] });
    assert.ok(bash.operands.some((w) => w.text === '/all'));
    const win = await read({ line: 'vssadmin delete shadows /all', shell: 'pwsh', path: [] });
    assert.ok(win.flags.some((f) => f.word.text === '/all'));
  });
});
