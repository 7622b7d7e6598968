/**
 * The small built-in check the shell guards use when the editor cannot be reached. It is not
 * the engine: a short table of clearly destructive shapes, so that with the editor gone such
 * lines are refused (or flagged) rather than silently run. Every shell uses the same table
 * (zsh reads bash's; PowerShell has its own copy), checked here against examples.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MEDIA, have } from './helpers/pty';

const destructive = [
  'rm -rf build',
  'sudo rm -r /var/lib/app',
  'rm -v --recursive old',
  'cd /; rm -f important',
  'git push --force origin main',
  'git push -f',
  'git push origin --delete feature',
  'git reset --hard HEAD~3',
  'git clean -fdx',
  'git branch -D topic',
  'terraform destroy -auto-approve',
  'terraform apply -destroy',
  'kubectl --context prod delete ns payments',
  'kubectl drain node-1',
  'helm uninstall api',
  'psql -c "DROP TABLE users"',
  'echo "drop database prod" | mysql',
  'mkfs.ext4 /dev/sdb1',
  'dd if=/dev/zero of=/dev/sda bs=1M',
  'aws s3 rb s3://bucket --force',
  'aws ec2 terminate-instances --instance-ids i-1',
  'gcloud compute instances delete vm-1',
  'docker system prune -af',
  'find . -name "*.log" -delete',
  'trap - DEBUG',
];

const ordinary = [
  'ls -la',
  'git status',
  'git push origin main',
  'npm run build',
  'terraform plan',
  'kubectl get pods',
  'echo rmdir',
  'grep -r TODO src',
  'cat farm -f',
  'psql -c "select 1"',
  'docker ps',
  'find . -name "*.ts"',
];

function bashDestructive(line: string): boolean {
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', 'source "$1"; __br_destructive "$2"', 'x', path.join(MEDIA, 'bash-common.sh'), line]);
  return r.status === 0;
}

function zshOffline(line: string): string {
  const script = 'source "$1"; BLAST_RADIUS_OFFLINE=refuse-destructive; __br_offline_said=1; __br_offline "$2"; print -r -- $__br_verdict';
  const r = spawnSync('zsh', ['-f', '-c', script, 'x', path.join(MEDIA, 'zsh', 'zsh-common.zsh'), line], { encoding: 'utf8' });
  return r.stdout.trim();
}

/** The PowerShell table, read from the script; .NET and JavaScript agree on these constructs. */
function pwshPatterns(): Array<[string, RegExp]> {
  const text = fs.readFileSync(path.join(MEDIA, 'pwsh-guard.ps1'), 'utf8');
  return [...text.matchAll(/^\s+@\('([^']+)', '\(\?i\)([^']+)'\),?$/gm)].map((m) => [m[1]!, new RegExp(m[2]!, 'i')]);
}

describe('offline check', () => {
  describe('bash', { skip: have('bash') ? false : 'no bash' }, () => {
    for (const line of destructive) test(`flags ${line}`, () => assert.ok(bashDestructive(line)));
    for (const line of ordinary) test(`lets ${line} through`, () => assert.ok(!bashDestructive(line)));
  });

  describe('zsh (same table)', { skip: have('zsh') ? false : 'no zsh' }, () => {
    test('refuses the destructive examples and allows the ordinary ones', () => {
      for (const line of destructive) assert.equal(zshOffline(line), 'deny', line);
      for (const line of ordinary) assert.equal(zshOffline(line), 'allow', line);
    });
  });

  describe('PowerShell', () => {
    const patterns = pwshPatterns();
    test('the table is there', () => assert.ok(patterns.length >= 8));
    const flagged = (line: string) => patterns.some(([, re]) => re.test(line));
    const pwshDestructive = [
      ...destructive.filter((l) => !/find|dd |trap|helm|docker|drain/.test(l)),
      'Remove-Item -Recurse -Force C:\\build',
      'ri .\\out -r',
      'Format-Volume -DriveLetter D',
    ];
    test('flags destructive lines', () => {
      for (const line of pwshDestructive) assert.ok(flagged(line), line);
    });
    test('lets ordinary lines through', () => {
      for (const line of [...ordinary, 'Get-ChildItem -Recurse', 'Remove-Item .\\one.txt']) assert.ok(!flagged(line), line);
    });
  });
});
