/**
 * Rehearsal and help forms (src/core/command/rehearsal.ts) through the real analyzer: a command
 * that only shows what it would do, or prints its help, is not held for what it would do; the
 * same command without the rehearsal, or with a flag that only looks like one, still is.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rehearsalOf } from '../../../src/core/command/rehearsal';
import type { CommandContext } from '../../../src/core/command/rule';
import { parse } from '../shell/helpers';
import { analyze, describeVerdict } from './packs/table';

const PW: CommandContext = { shell: 'pwsh' };

/** Lines that are held without their rehearsal flag, and quiet with it. */
const QUIET: { cmd: string; ctx?: CommandContext; bare: string }[] = [
  { cmd: 'git push --dry-run --force origin main', bare: 'git push --force origin main' },
  { cmd: 'git push -n --mirror origin', bare: 'git push --mirror origin' },
  { cmd: 'git push --delete --dry-run origin release/2024.06', bare: 'git push --delete origin release/2024.06' },
  { cmd: 'gh repo delete --help', bare: 'gh repo delete' },
  { cmd: 'heroku apps:destroy --help', bare: 'heroku apps:destroy' },
  { cmd: 'aws cloudformation delete-stack help', bare: 'aws cloudformation delete-stack --stack-name x' },
  { cmd: 'aws ec2 terminate-instances --instance-ids i-0abc --dry-run', bare: 'aws ec2 terminate-instances --instance-ids i-0abc' },
  { cmd: 'az group delete --name prod-rg --help', bare: 'az group delete --name prod-rg' },
  { cmd: 'kubectl delete namespace payments --dry-run=client', ctx: { kubeContext: 'prod-eu' }, bare: 'kubectl delete namespace payments' },
  { cmd: 'vault kv delete -help', bare: 'vault kv delete secret/app' },
  { cmd: 'terraform destroy -help', bare: 'terraform destroy -auto-approve' },
  { cmd: 'rsync -avn --delete build/ web-1:/srv/app/', bare: 'rsync -av --delete build/ web-1:/srv/app/' },
  { cmd: 'borg delete --dry-run /mnt/backup/borg::web', bare: 'borg delete /mnt/backup/borg::web' },
  { cmd: 'lvremove --test vg0/data', bare: 'lvremove vg0/data' },
  { cmd: 'Remove-Item C:\\Data -Recurse -Force -WhatIf', ctx: PW, bare: 'Remove-Item C:\\Data -Recurse -Force' },
  { cmd: 'Stop-Computer -WhatIf', ctx: PW, bare: 'Stop-Computer' },
  { cmd: 'Remove-AzResourceGroup -Name prod-rg -WhatIf', ctx: PW, bare: 'Remove-AzResourceGroup -Name prod-rg' },
  { cmd: 'cmd /c rd /s /q C:\\Data /?', ctx: PW, bare: 'cmd /c rd /s /q C:\\Data' },
  { cmd: 'apt-get -s purge -y openssh-server', bare: 'apt-get purge -y openssh-server' },
  // A bare -h after the subcommand path (and its operands) is that subcommand's help.
  { cmd: 'rpk group delete -h', bare: 'rpk group delete billing' },
  { cmd: 'rpk group delete billing -h', bare: 'rpk group delete billing' },
  { cmd: 'consul acl token delete -h', bare: 'consul acl token delete -id 3f2a' },
  { cmd: 'railway variables delete -h', bare: 'railway variables delete API_KEY' },
  // The only word asks for the version of a tool named for its action.
  { cmd: 'mdb-dropdb -V', bare: 'mdb-dropdb' },
  { cmd: 'engine-wipe --version', bare: 'engine-wipe' },
  // Tools that only preview unless given their confirm option (generic/preview.ts).
  { cmd: 'p4 obliterate //depot/old/...', bare: 'p4 obliterate -y //depot/old/...' },
  { cmd: 'kops delete cluster --name k8s.example.com', bare: 'kops delete cluster --name k8s.example.com --yes' },
  { cmd: 'aws-nuke run -c nuke.yml', bare: 'aws-nuke run -c nuke.yml --no-dry-run' },
  { cmd: 'wal-g delete retain FULL 7', bare: 'wal-g delete retain FULL 7 --confirm' },
  { cmd: 'sg_format /dev/sg3', bare: 'sg_format --format /dev/sg3' },
  // Options that make any tool list or pretend, and per-tool letters that do.
  { cmd: 'hg purge --print', bare: 'hg purge' },
  { cmd: 'pacman -Rns --print --noconfirm systemd', bare: 'pacman -Rns --noconfirm systemd' },
  { cmd: 'emerge -p --unmerge sys-libs/glibc', bare: 'emerge --unmerge sys-libs/glibc' },
  { cmd: 'sgdisk -P --zap-all /dev/sdb', bare: 'sgdisk --zap-all /dev/sdb' },
  { cmd: 'p4 clean -n //depot/main/...', bare: 'p4 clean //depot/main/...' },
  { cmd: 'pg_archivecleanup -n /mnt/archive 000000010000000000000010', bare: 'pg_archivecleanup /mnt/archive 000000010000000000000010' },
  // Options that print what would change instead of changing it, in the tools that document them
  // (mkntfs --no-action, virt-xml --print-xml, Doctrine's --dump-sql, imapsync --dry): generic findings only.
  { cmd: 'mkntfs --no-action /dev/sdc1', bare: 'mkntfs /dev/sdc1' },
  { cmd: 'virt-xml web02 --remove-device --network mac=52:54:00:aa:bb:cc --print-xml', bare: 'virt-xml web02 --remove-device --network mac=52:54:00:aa:bb:cc' },
  { cmd: 'bin/console doctrine:schema:drop --full-database --dump-sql', bare: 'bin/console doctrine:schema:drop --full-database --force' },
  { cmd: 'acme-mailsync --host1 a.example.com --host2 b.example.com --dry --delete2', bare: 'acme-mailsync --host1 a.example.com --host2 b.example.com --delete2' },
  // A tool named for its retention sweep: -n and --no-run show what would go.
  { cmd: 'zfs-prune-snapshots -n -p autosnap_ 2w tank/backups', bare: 'zfs-prune-snapshots -p autosnap_ 2w tank/backups' },
  { cmd: 'dirvish-expire --vault web01 --no-run --tree /srv', bare: 'dirvish-expire --vault web01 --tree /srv' },
  { cmd: 'storeBackupDel -b /backup --keepMaxNumber 10 --doNotDelete', bare: 'storeBackupDel -b /backup --keepMaxNumber 10' },
  { cmd: 'virt-customize -n -a prod-web.qcow2 --delete /var/www', bare: 'virt-customize -a prod-web.qcow2 --delete /var/www' },
];

/** Lines that only look like rehearsals: still held. */
const HELD: { cmd: string; ctx?: CommandContext; why: string }[] = [
  { cmd: 'kubectl delete namespace payments --dry-run=none', ctx: { kubeContext: 'prod-eu' }, why: '--dry-run=none really runs' },
  { cmd: 'Remove-Item C:\\Data -Recurse -Force -WhatIf:$false', ctx: PW, why: '-WhatIf:$false is not a rehearsal' },
  { cmd: 'git push --force origin main -- --dry-run', why: 'after -- it is an operand' },
  { cmd: "python3 -c 'import shutil; shutil.rmtree(\"/srv/data\")' --help", why: 'the inline code runs whatever follows' },
  { cmd: 'sudo shutdown -h', why: '-h is halt for shutdown' },
  { cmd: 'sudo chown -R nobody /srv/data -h', why: 'chown permutes options: -h is --no-dereference and it runs' },
  { cmd: 'rsync -a --delete build/ web-1:/srv/app/ -h', why: 'with other options -h is --human-readable' },
  { cmd: 'rpk group delete billing --brokers prod-kafka:9092 -h', why: 'a trailing -h counts only right after the subcommand path and its operands' },
  { cmd: 'vault kv delete secret/app --helpful', why: 'only --help is help' },
  { cmd: 'kubectl delete deployment api -n prod', ctx: { kubeContext: 'prod-eu' }, why: '-n is a rehearsal only for the tools that say so (a namespace here)' },
  { cmd: 'find / -name core -delete -print', why: "find's -print prints what it deletes" },
  // An option a tool ignores, or reads as something else, must not quiet it: generic preview
  // words lift only the generic layer's findings, and --print only for tools that document it.
  { cmd: 'rm -rf ~ --print', why: '--print is no listing option of rm' },
  { cmd: 'gh repo delete acme/api --yes --print', why: '--print is no listing option of gh' },
  { cmd: 'npm unpublish @acme/widgets --force --print', why: 'npm takes unknown options as configuration and still unpublishes' },
  { cmd: 'kubectl delete namespace payments --preview', ctx: { kubeContext: 'prod-eu' }, why: '--preview is no rehearsal of kubectl' },
  { cmd: 'aws s3 rb s3://acme-backups --force --pretend', why: '--pretend is no rehearsal of the aws CLI' },
  { cmd: 'heroku apps:destroy shop --confirm shop --noop', why: '--noop is no rehearsal of heroku' },
  { cmd: 'somecli project delete prod --force --print', why: '--print prints a result elsewhere; the generic layer still judges it' },
  { cmd: 'rm -rf ~ --no-action', why: '--no-action is no rehearsal of rm' },
  { cmd: 'gh repo delete acme/api --yes --dump-sql', why: '--dump-sql is no rehearsal of gh' },
  { cmd: 'kubectl delete namespace payments --dry', ctx: { kubeContext: 'prod-eu' }, why: '--dry is no rehearsal of kubectl' },
  { cmd: 'aws s3 rb s3://acme-backups --force --print-diff', why: '--print-diff is no rehearsal of the aws CLI' },
  { cmd: 'somecli project delete prod --force --no-action=false', why: 'a preview option given a value is not the bare switch' },
  { cmd: 'wal-g delete retain FULL 7 --confirm', why: 'the confirm option makes a preview-by-default tool act' },
  { cmd: 'p4 -c build-ws obliterate -y //depot/old/...', why: 'global options before the subcommand do not hide the confirm option' },
  { cmd: 'mdb-dropdb -V shop', why: '-V asks for the version only as the only word' },
  { cmd: 'engine-wipe -V --all', why: '-V asks for the version only as the only word' },
  { cmd: 'rm -rf ~ -n', why: '-n rehearses only a tool named for a retention sweep' },
  { cmd: 'image-prune -n 0 --all --force', why: '-n before a number is a count, not a rehearsal' },
  { cmd: 'gh repo delete acme/api --yes --no-run', why: '--no-run is no rehearsal of gh' },
];

function held(d: string): boolean {
  return d === 'confirm' || d === 'deny';
}

describe('rehearsal and help forms', () => {
  for (const r of QUIET) {
    test(`quiet: ${r.cmd}`, async () => {
      const bare = await analyze(r.bare, r.ctx);
      assert.ok(held(bare.decision), `without the rehearsal it is held: ${describeVerdict(bare)}`);
      const v = await analyze(r.cmd, r.ctx);
      assert.equal(v.decision, 'allow', describeVerdict(v));
    });
  }
  for (const r of HELD) {
    test(`held (${r.why}): ${r.cmd}`, async () => {
      const v = await analyze(r.cmd, r.ctx);
      assert.ok(held(v.decision), describeVerdict(v));
    });
  }

  test('the engine’s own findings stand: a dynamic program with --help is still unknown', async () => {
    const v = await analyze('$TOOL delete --help');
    assert.ok(v.findings.some((f) => f.ruleId.startsWith('dynamic.')), describeVerdict(v));
  });

  test('the verdict says why a finding was not held', async () => {
    const v = await analyze('juju destroy-model staging --dry-run');
    assert.ok(v.reasons?.some((x) => x.startsWith('--dry-run: juju only shows what it would do') && /not held/.test(x)), JSON.stringify(v.reasons));
  });

  test('a preview-by-default form names the option it lacks', async () => {
    const r = rehearsalOf((await parse('p4 obliterate //depot/old/...')).commands[0]!, false);
    assert.equal(r?.kind, 'preview');
    assert.equal(r?.word.text, 'p4 obliterate without -y');
    const v = await analyze('kops delete cluster --name k8s.example.com');
    assert.ok(v.reasons?.some((x) => x.startsWith('kops delete without --yes: kops only shows what it would do')), JSON.stringify(v.reasons));
  });

  test('the kind and the word are reported', async () => {
    const p = await parse('Format-Volume -DriveLetter E -WhatIf', 'pwsh');
    const r = rehearsalOf(p.commands[0]!, true);
    assert.equal(r?.kind, 'what-if');
    assert.equal(r?.word.text, '-WhatIf');
    const h = rehearsalOf((await parse('gcloud help projects delete')).commands[0]!, false);
    assert.equal(h?.kind, 'help');
  });
});
