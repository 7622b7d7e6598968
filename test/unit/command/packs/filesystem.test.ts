import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, describeVerdict, findingOf, findingsOf } from './table';

describe('fs: severity follows the target', () => {
  const cases: [string, string][] = [
    ['rm -rf /', 'critical'],
    ['rm -rf ~', 'critical'],
    ['rm -rf ..', 'critical'],
    ['rm -rf /usr', 'critical'],
    ['rm -rf /var/lib/docker', 'high'],
    ['rm -rf *', 'high'],
    ['rm -rf src', 'medium'],
    ['rm -rf /tmp/cache', 'low'],
  ];
  for (const [cmd, sev] of cases) {
    test(`${cmd} is ${sev}`, async () => {
      assert.equal((await findingOf('fs.rm-recursive', cmd)).severity, sev);
    });
  }

  test('build output inside the workspace is not reported at all', async () => {
    for (const cmd of ['rm -rf dist', 'rm -rf node_modules', 'rm -rf build out target .next coverage __pycache__']) {
      const v = await analyze(cmd);
      assert.equal(v.findings.length, 0, `${cmd}: ${describeVerdict(v)}`);
      assert.equal(v.decision, 'allow');
    }
  });

  test('a build folder name outside the workspace is not build output', async () => {
    assert.equal((await findingOf('fs.rm-recursive', 'rm -rf /srv/app/dist')).severity, 'high');
  });

  test('the finding names the path that drove the severity', async () => {
    assert.equal((await findingOf('fs.rm-recursive', 'rm -rf ~/.aws')).target, 'path /home/dev/.aws');
  });

  test('the worst of several targets decides', async () => {
    const f = await findingOf('fs.rm-recursive', 'rm -rf dist /etc');
    assert.equal(f.severity, 'critical');
    assert.equal(f.target, 'path /etc');
  });

  test('a relative path is resolved against the working directory', async () => {
    const f = await findingOf('fs.rm-recursive', 'rm -rf ../../..', { cwd: '/home/dev/project/packages/web', workspaceRoot: '/home/dev/project' });
    assert.equal(f.severity, 'critical');
  });

  test('a variable the line sets is expanded before judging', async () => {
    assert.equal((await findingOf('fs.rm-recursive', 'OUT=/ ; rm -rf $OUT')).severity, 'critical');
    assert.equal((await findingsOf('fs.rm-recursive', 'OUT=dist ; rm -rf "$OUT"')).length, 0);
  });

  test('a variable from the environment is expanded before judging', async () => {
    const env = { HOME: '/home/dev', BUILD: '/tmp/build-1' };
    assert.equal((await findingOf('fs.rm-recursive', 'rm -rf "$BUILD/"*', { env })).severity, 'low');
  });

  test('an unset variable before a slash is reported as the empty-variable danger', async () => {
    const f = await findingOf('fs.rm-empty-variable', 'rm -rf "$STAGE/"*');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /if \$STAGE is empty or unset this deletes \//);
    assert.equal((await findingsOf('fs.rm-recursive', 'rm -rf "$STAGE/"*')).length, 0, 'reported once, under its own rule');
  });

  test('wrappers do not hide the target', async () => {
    for (const cmd of ['sudo rm -rf /', '\\rm -rf /', "r''m -rf /", '/bin/rm -rf /', 'busybox rm -rf /', "sh -c 'rm -rf /'", 'nohup rm -rf / &']) {
      assert.equal((await findingOf('fs.rm-recursive', cmd)).severity, 'critical', cmd);
    }
  });

  test('a remote command is judged without the local workspace', async () => {
    const f = await findingOf('fs.rm-recursive', "ssh web-1 'rm -rf /srv/www'");
    assert.equal(f.severity, 'high');
    assert.equal((await findingsOf('fs.rm-recursive', "ssh web-1 'rm -rf dist'")).length, 0);
  });

  test('find -exec rm is judged by where find starts and whether a test narrows it', async () => {
    assert.equal((await findingOf('fs.rm-recursive', 'find / -exec rm -rf {} +')).severity, 'critical');
    assert.equal((await findingOf('fs.rm-recursive', "find / -name '*.bak' -exec rm -rf {} +")).severity, 'high');
    // A name pattern with a double extension still selects a whole kind of file: every backup archive.
    assert.equal((await findingOf('fs.rm-sensitive', "find /var/backups -name '*.tar.gz' -print0 | xargs -0 rm -f")).severity, 'high');
    assert.equal((await findingOf('fs.find-delete', "find ~/backups -name '*.tar.gz' -delete")).severity, 'high');
    // A real narrowing test (an age) still lowers it.
    assert.equal((await findingOf('fs.find-delete', 'find ~/backups -mtime +7 -delete')).severity, 'medium');
    const narrowed = await findingsOf('fs.rm-recursive', "find . -name '*.orig' -exec rm -rf {} +");
    assert.ok(narrowed.every((f) => f.severity === 'low'), JSON.stringify(narrowed));
  });

  test('a wildcard delete outside the workspace is judged like the find that does the same', async () => {
    assert.equal((await findingOf('fs.rm-sensitive', 'rm -f ~/backups/*')).severity, 'high');
    assert.equal((await findingOf('fs.rm-sensitive', 'rm ~/backups/*.tar.gz')).severity, 'high');
    assert.equal((await findingOf('fs.rm-sensitive', 'rm -f ~/.ssh/*')).severity, 'critical');
    assert.equal((await findingsOf('fs.rm-sensitive', 'rm -f /tmp/*.log')).length, 0, 'a temporary folder');
    assert.equal((await findingsOf('fs.rm-sensitive', 'rm -f /var/tmp/*')).length, 0, 'a temporary folder');
    assert.equal((await findingsOf('fs.rm-sensitive', 'rm -f ~/Downloads/report-*.pdf')).length, 0, 'a few files, not a whole kind');
  });

  test('xargs rm fed by ls deletes what the listing names', async () => {
    assert.equal((await findingOf('fs.rm-sensitive', 'ls -d ~/.ssh/* | xargs rm -f')).severity, 'critical');
    assert.equal((await findingOf('fs.rm-sensitive', 'ls -d ~/backups/* | xargs -r rm -f')).severity, 'high');
    assert.equal((await findingOf('fs.rm-recursive', 'ls -d /srv/app/* | xargs rm -rf')).severity, 'high');
    assert.equal((await findingOf('fs.rm-sensitive', 'ls | xargs rm -f')).severity, 'medium');
    assert.equal((await findingsOf('fs.rm-recursive', 'ls -d dist/* | xargs rm -rf')).length, 0, 'build output');
  });

  test('a redirect only counts against a config file that exists', async () => {
    assert.equal((await findingOf('fs.redirect-truncate', 'echo x > .env')).severity, 'high');
    assert.equal((await findingsOf('fs.redirect-truncate', 'echo x > .env.production')).length, 0, 'no such file in the fixture');
  });

  test('PowerShell Remove-Item -Recurse is judged like rm -r', async () => {
    const ctx = { shell: 'pwsh' as const };
    assert.equal((await findingOf('fs.rm-recursive', 'Remove-Item -Path ~ -Recurse -Force', ctx)).severity, 'critical');
    assert.equal((await findingsOf('fs.rm-recursive', 'Remove-Item -Recurse -Force node_modules', ctx)).length, 0);
  });
});
