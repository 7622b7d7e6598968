import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/ids';
import type { PickItem } from '../../src/extension/signoff/model';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { activateExtension } from './helpers/extension';
import { runAtTerminal } from '../unit/helpers/terminal';

/**
 * "Review Changes Awaiting Sign-off" in a real VS Code, on a temporary repository of its own: a
 * change that one person approved is listed with 1/2, and a second person's approval through
 * the command (answered by the injected prompter) is recorded, committed and makes verify pass.
 */

suite('sign-off review', function () {
  this.timeout(120_000);
  let api: BlastRadiusApi;
  let dir = '';
  let keys = '';
  let cli = '';

  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir };
    for (const k of Object.keys(e)) if (/^GIT_(AUTHOR|COMMITTER)_/.test(k)) delete e[k];
    return e;
  };
  const git = (...args: string[]): string => {
    const r = spawnSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8', env: env() });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  /** The person's identity and SSH signing key (docs/signoff.md's set-up: records of a change that needs two approvals must be signed). */
  const as = (name: string, email: string): void => {
    git('config', 'user.name', name);
    git('config', 'user.email', email);
    const key = path.join(keys, email);
    if (!fs.existsSync(key)) {
      const gen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', email, '-f', key], { encoding: 'utf8' });
      assert.equal(gen.status, 0, gen.stderr);
      const pub = fs.readFileSync(`${key}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
      fs.appendFileSync(path.join(keys, 'allowed_signers'), `${email} ${pub}\n`);
    }
    git('config', 'user.signingkey', key);
  };
  const br = (...args: string[]): { code: number | null; out: string; err: string } => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...env(), ELECTRON_RUN_AS_NODE: '1' } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  suiteSetup(async () => {
    const { extension, api: a } = await activateExtension();
    api = a;
    cli = path.join(extension.extensionPath, 'dist', 'cli.js');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-signoff-editor-'));
    keys = fs.mkdtempSync(path.join(os.tmpdir(), 'br-signoff-keys-'));
    git('init', '-q', '-b', 'main');
    git('config', 'gpg.format', 'ssh');
    git('config', 'gpg.ssh.allowedSignersFile', path.join(keys, 'allowed_signers'));
    as('Alice Author', 'alice@example.com');
    fs.writeFileSync(path.join(dir, '.blast-radius.json'), '{ "approvals": { "high": 2 } }\n');
    fs.mkdirSync(path.join(dir, 'db', 'migrations'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'db', 'migrations', '001_users.sql'), 'CREATE TABLE users (id int);\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'initial');
    git('checkout', '-q', '-b', 'drop-users');
    fs.writeFileSync(path.join(dir, 'db', 'migrations', '002_drop_users.sql'), 'DROP TABLE users;\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'drop users');
    // As Alice runs it at her terminal (approve writes records nowhere else).
    const first = runAtTerminal([process.execPath, cli, 'approve', '--all-pending', '--commit'], { cwd: dir, env: { ...env(), ELECTRON_RUN_AS_NODE: '1' } });
    assert.equal(first.code, 0, first.out);
  });

  suiteTeardown(() => {
    api?.signoff.setPrompter(undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (keys) fs.rmSync(keys, { recursive: true, force: true });
  });

  test('lists the change Alice approved (1/2) and records Bob\'s approval after his confirmation', async () => {
    as('Bob Reviewer', 'bob@example.com');
    const seen: { items: readonly PickItem[]; title: string; message: string; detail: string } = { items: [], title: '', message: '', detail: '' };
    api.signoff.setPrompter({
      pick: async (items, title) => {
        seen.items = items;
        seen.title = title;
        return items;
      },
      confirm: async (message, detail, actions) => {
        seen.message = message;
        seen.detail = detail;
        assert.deepEqual(actions, ['Approve', 'Approve and Commit']);
        return 'Approve and Commit';
      },
    });
    await vscode.commands.executeCommand(COMMANDS.reviewSignoff, vscode.Uri.file(dir));

    assert.equal(seen.title, 'Changes Awaiting Sign-off (against main)');
    assert.equal(seen.items.length, 1);
    assert.equal(seen.items[0]!.label, 'db/migrations/002_drop_users.sql:1');
    assert.match(seen.items[0]!.description, /^high · sql\.drop-table · 1\/2 · missing approvals$/);
    assert.match(seen.items[0]!.detail, /approved by Alice Author/);
    assert.equal(seen.message, 'Approve 1 risky change as Bob Reviewer <bob@example.com>?');
    assert.match(seen.detail, /db\/migrations\/002_drop_users\.sql:1/);

    assert.equal(git('log', '-1', '--format=%ae').trim(), 'bob@example.com');
    assert.match(git('show', '--name-only', '--format=', 'HEAD'), /^\.blast-radius\/reviews\/\d{4}-\d{2}\/[0-9a-f-]+\.json$/m);
    const v = br('verify');
    assert.equal(v.code, 0, v.out + v.err);
  });

  test('with nothing left to approve, the command asks nothing', async () => {
    let asked = false;
    api.signoff.setPrompter({
      pick: async () => {
        asked = true;
        return undefined;
      },
      confirm: async () => {
        asked = true;
        return undefined;
      },
    });
    await vscode.commands.executeCommand(COMMANDS.reviewSignoff, vscode.Uri.file(dir));
    assert.equal(asked, false);
  });
});
