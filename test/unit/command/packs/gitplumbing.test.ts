/**
 * Git aliases, settings and hook folders read at check time from real repositories and config
 * files (built with the real git), and the config file reader.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseConfigParameters, parseGitConfig } from '../../../../src/core/command/packs/gitplumbing';
import { makeRepo, type Repo } from '../../helpers/git';
import { tempDir, type TempDir } from '../../helpers/tmp';
import { analyze, findingOf, findingsOf } from './table';

describe('git aliases from the config files', () => {
  let repo: Repo;
  let home: TempDir;

  before(() => {
    repo = makeRepo('br-alias-');
    repo.git('config', 'alias.nuke', '!rm -rf ~');
    repo.git('config', 'alias.sync', 'push --force origin HEAD:main');
    repo.git('config', 'alias.again', 'sync');
    repo.git('config', 'alias.loop1', 'loop2');
    repo.git('config', 'alias.loop2', 'loop1');
    repo.git('config', 'alias.lg', 'log --graph --oneline');
    repo.git('config', 'alias.push', '!rm -rf /');
    home = tempDir('br-alias-home-');
    fs.writeFileSync(path.join(home.dir, '.gitconfig'), '[include]\n\tpath = extra.gitconfig\n[alias]\n\tst = status -sb\n');
    fs.writeFileSync(path.join(home.dir, 'extra.gitconfig'), '# aliases kept apart\n[alias]\n\twipe = "reset --hard"  ; comment\n');
  });
  after(() => {
    repo.rm();
    home.remove();
  });

  const ctx = (cwd: string, h = home.dir): { cwd: string; workspaceRoot: string; home: string; env: Record<string, string> } => ({ cwd, workspaceRoot: cwd, home: h, env: { HOME: h } });

  test('a shell alias in .git/config is judged as the shell command', async () => {
    const f = await findingOf('git.alias', 'git nuke', ctx(repo.dir));
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /alias \(.*\.git\/config\) for the shell command "rm -rf ~"/);
  });

  test('a git alias is judged as the git command it runs, through aliases of aliases', async () => {
    assert.equal((await findingOf('git.alias', 'git sync', ctx(repo.dir))).severity, 'critical');
    assert.equal((await findingOf('git.alias', 'git again', ctx(repo.dir))).severity, 'critical');
  });

  test('aliases in a repository folder below the top are found', async () => {
    fs.mkdirSync(path.join(repo.dir, 'src', 'deep'), { recursive: true });
    assert.equal((await findingOf('git.alias', 'git nuke', ctx(path.join(repo.dir, 'src', 'deep')))).severity, 'critical');
  });

  test('git -C names the repository whose aliases count', async () => {
    const elsewhere = tempDir('br-alias-other-');
    try {
      assert.equal((await findingOf('git.alias', `git -C ${repo.dir} nuke`, ctx(elsewhere.dir))).severity, 'critical');
      assert.equal((await findingsOf('git.alias', 'git nuke', ctx(elsewhere.dir))).length, 0);
    } finally {
      elsewhere.remove();
    }
  });

  test('a worktree reads the main repository config through commondir', async () => {
    repo.as({ name: 'Dev', email: 'dev@example.com' });
    repo.write('README.md', 'x\n');
    repo.commitAll('init');
    const wt = path.join(path.dirname(repo.dir), `${path.basename(repo.dir)}-wt`);
    repo.git('worktree', 'add', '-q', wt);
    try {
      assert.equal((await findingOf('git.alias', 'git nuke', ctx(wt))).severity, 'critical');
    } finally {
      fs.rmSync(wt, { recursive: true, force: true });
    }
  });

  test('the user config and the files it includes are read', async () => {
    const f = await findingOf('git.alias', 'git wipe', ctx(repo.dir));
    assert.equal(f.severity, 'high');
    assert.match(f.message, /extra\.gitconfig/);
    assert.equal((await findingsOf('git.alias', 'git st', ctx(repo.dir))).length, 0);
  });

  test('GIT_CONFIG_GLOBAL replaces the user config', async () => {
    const other = path.join(home.dir, 'other.gitconfig');
    fs.writeFileSync(other, '[alias]\n\tzap = !rm -rf ~/.ssh\n');
    const c = ctx(repo.dir);
    assert.equal((await findingOf('git.alias', 'git zap', { ...c, env: { ...c.env, GIT_CONFIG_GLOBAL: other } })).severity, 'critical');
    assert.equal((await findingsOf('git.alias', 'git wipe', { ...c, env: { ...c.env, GIT_CONFIG_GLOBAL: other } })).length, 0);
  });

  test('harmless aliases, loops and aliases shadowed by git commands stay quiet', async () => {
    for (const cmd of ['git lg', 'git loop1', 'git push --dry-run origin feature']) {
      const v = await analyze(cmd, ctx(repo.dir));
      assert.equal(v.findings.filter((f) => f.ruleId === 'git.alias').length, 0, cmd);
    }
  });

  test('a line that sets the alias wins over the files', async () => {
    assert.equal((await findingsOf('git.alias', "git -c alias.nuke='log -1' nuke", ctx(repo.dir))).length, 0);
  });
});

describe('git config files', () => {
  test('sections, subsections, quoting, comments and keys without values', () => {
    const text = '[Alias]\n  Co = checkout ; short\n[remote "origin"]\n\turl = "git@x:y.git"\n[core]\n\tbare\n\tpager = "less \\"-R\\"" # colours\n';
    const entries = parseGitConfig(text, '/r/.git/config', () => undefined);
    const get = (k: string): string | undefined => entries.find((e) => e.key === k)?.v.value;
    assert.equal(get('alias.co'), 'checkout');
    assert.equal(get('remote.origin.url'), 'git@x:y.git');
    assert.equal(get('core.bare'), 'true');
    assert.equal(get('core.pager'), 'less "-R"');
  });

  test('includes are followed relative to the including file, a bounded number of levels deep', () => {
    const files: Record<string, string> = { '/h/a': '[include]\npath = b\n', '/h/b': '[include]\npath = a\n[alias]\nx = y\n' };
    const entries = parseGitConfig(files['/h/a']!, '/h/a', (p) => files[p]);
    assert.ok(entries.some((e) => e.key === 'alias.x' && e.v.from === '/h/b'));
  });
});

describe('GIT_CONFIG_PARAMETERS', () => {
  const gitEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: '/nonexistent', GIT_CONFIG_NOSYSTEM: '1', ...extra });

  /** The value the real git exports to an alias it runs for `git -c …` (git quotes it itself). */
  function exported(...config: string[]): string {
    const args = config.flatMap((c) => ['-c', c]);
    const r = spawnSync('git', [...args, '-c', 'alias.show-params=!printf %s "$GIT_CONFIG_PARAMETERS"', 'show-params'], { encoding: 'utf8', env: gitEnv() });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  }

  test('reads back what git itself writes: quotes, `!`, keys without values, several entries', () => {
    const entries = parseConfigParameters(exported("alias.y=!echo a'b", 'foo.bar=1', 'baz.q', 'core.sshCommand=ssh -i "k 1"'));
    assert.deepEqual(entries.slice(0, 4), [
      { key: 'alias.y', value: "!echo a'b" },
      { key: 'foo.bar', value: '1' },
      { key: 'baz.q', value: 'true' },
      { key: 'core.sshCommand', value: 'ssh -i "k 1"' },
    ]);
  });

  test("the older one-quote form 'key=value', read as git reads it", () => {
    const older = "'alias.x=!sh -c '\\''echo quoted'\\'''";
    assert.deepEqual(parseConfigParameters(older), [{ key: 'alias.x', value: "!sh -c 'echo quoted'" }]);
    // git agrees: it runs the alias with that value.
    const r = spawnSync('git', ['x'], { encoding: 'utf8', env: gitEnv({ GIT_CONFIG_PARAMETERS: older }) });
    assert.equal(r.stdout.trim(), 'quoted', r.stderr);
    assert.deepEqual(parseConfigParameters("'core.bare'"), [{ key: 'core.bare', value: 'true' }]);
  });

  test('a malformed rest ends the reading (git stops with "bogus format")', () => {
    assert.deepEqual(parseConfigParameters("'a.b=1' bogus 'c.d=2'"), [{ key: 'a.b', value: '1' }]);
    assert.deepEqual(parseConfigParameters("'unterminated"), []);
    assert.deepEqual(parseConfigParameters(''), []);
  });

  test('aliases and settings that run commands, set through it, are judged like -c', async () => {
    const env = (v: string): { env: Record<string, string> } => ({ env: { HOME: '/home/dev', GIT_CONFIG_PARAMETERS: v } });
    assert.equal((await findingOf('git.alias', 'git nuke', env(exported('alias.nuke=!rm -rf ~')))).severity, 'critical');
    assert.equal((await findingOf('git.alias', 'git nuke', env("'alias.nuke=!rm -rf ~'"))).severity, 'critical');
    assert.equal((await findingOf('git.config-command', 'git status', env("'core.fsmonitor=rm -rf ~'"))).severity, 'critical');
    assert.equal((await findingsOf('git.alias', 'git lg', env(exported('alias.lg=log --oneline')))).length, 0);
  });
});

describe('hook folders and settings that run commands', () => {
  test('a hooks folder from GIT_CONFIG_* in the environment is read', async () => {
    const f = await findingOf('git.hooks-path', 'git commit -m wip', { env: { HOME: '/home/dev', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.hooksPath', GIT_CONFIG_VALUE_0: 'ops/hooks' } });
    assert.equal(f.severity, 'high');
    assert.match(f.message, /pre-commit hook in ops\/hooks/);
  });

  test('a hook written in another language asks for confirmation', async () => {
    const t = tempDir('br-hooks-');
    try {
      fs.writeFileSync(path.join(t.dir, 'pre-push'), '#!/usr/bin/env python3\nimport shutil\n');
      const v = await analyze(`git -c core.hooksPath=${t.dir} push origin feature`);
      const f = v.findings.find((x) => x.ruleId === 'git.hooks-path');
      assert.ok(f, JSON.stringify(v));
      assert.match(f.message, /python3 script that cannot be judged/);
      assert.equal(v.decision, 'confirm');
    } finally {
      t.remove();
    }
  });

  test('an alias that runs an alias that runs git is followed until the analyzer stops nesting', async () => {
    const v = await analyze("git -c alias.a='!git -c alias.b=\"!git -c alias.c=\\\"!rm -rf ~\\\" c\" b' a");
    assert.equal(v.decision, 'confirm');
  });
});
