import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { argsAfterSubcommand, programName, subcommand } from '../../../src/core/shell/normalise';
import { argTexts, commandNamed, parse, textOf } from './helpers';

describe('normalised program names', () => {
  const same: string[] = ['rm -rf x', '/bin/rm -rf x', '/usr/bin/rm -rf x', '\\rm -rf x', "r''m -rf x", '"rm" -rf x', 'busybox rm -rf x', './rm -rf x'];
  for (const line of same) {
    test(`${line} → rm`, async () => {
      const p = await parse(line);
      const rm = commandNamed(p, 'rm');
      assert.deepEqual(argTexts(rm), ['-rf', 'x']);
    });
  }

  test('busybox records itself in the chain', async () => {
    const rm = commandNamed(await parse('busybox rm -rf x'), 'rm');
    assert.deepEqual(rm.via.map((v) => v.kind), ['busybox']);
  });

  test('programName', () => {
    assert.deepEqual(programName('/usr/local/bin/terraform', 'bash'), { program: 'terraform' });
    assert.deepEqual(programName('kubectl.exe', 'bash'), { program: 'kubectl' });
    assert.deepEqual(programName('C:\\Tools\\Git.EXE', 'pwsh'), { program: 'git' });
    assert.deepEqual(programName('Remove-Item', 'pwsh'), { program: 'remove-item' });
    assert.deepEqual(programName('del', 'pwsh'), { program: 'remove-item', alias: 'del' });
    assert.deepEqual(programName('del', 'bash'), { program: 'del' });
  });
});

describe('subcommands after global options', () => {
  const cases: [string, number, string[], string[]][] = [
    ['git -C dir -c x=y push --force', 1, ['push'], ['--force']],
    ['git --git-dir=.git --no-pager reset --hard', 1, ['reset'], ['--hard']],
    ['kubectl --context prod -n web delete deploy api', 1, ['delete'], ['deploy', 'api']],
    ['kubectl delete ns x --context prod', 1, ['delete'], ['ns', 'x', '--context', 'prod']],
    ['terraform -chdir=infra destroy -auto-approve', 1, ['destroy'], ['-auto-approve']],
    ['docker --context remote compose -f a.yml down -v', 2, ['compose', 'down'], ['-v']],
    ['helm --kube-context prod -n x uninstall api', 1, ['uninstall'], ['api']],
    ['aws --profile prod --region eu-west-1 s3 rm s3://b --recursive', 2, ['s3', 'rm'], ['s3://b', '--recursive']],
    ['gcloud --project p compute instances delete vm1', 3, ['compute', 'instances', 'delete'], ['vm1']],
  ];
  for (const [line, depth, sub, rest] of cases) {
    test(line, async () => {
      const c = (await parse(line)).commands[0]!;
      assert.deepEqual(subcommand(c, depth), sub);
      assert.deepEqual(argsAfterSubcommand(c, depth).map((w) => w.text), rest);
    });
  }
});

/** [line, inner program, its arguments, via kinds outermost first, text of the inner command's span]. */
const UNWRAP: [string, string, string[], string[], string?][] = [
  ['sudo -u root rm -rf /', 'rm', ['-rf', '/'], ['prefix'], 'rm -rf /'],
  ['sudo -E -- rm x', 'rm', ['x'], ['prefix']],
  ['doas rm x', 'rm', ['x'], ['prefix']],
  ['pkexec rm x', 'rm', ['x'], ['prefix']],
  ['env -i FOO=1 rm x', 'rm', ['x'], ['prefix']],
  ['env -u HOME -C /tmp rm x', 'rm', ['x'], ['prefix']],
  ['command rm x', 'rm', ['x'], ['prefix']],
  ['builtin echo x', 'echo', ['x'], ['prefix']],
  ['exec rm x', 'rm', ['x'], ['prefix']],
  ['nice -n 10 rm x', 'rm', ['x'], ['prefix']],
  ['nohup rm x &', 'rm', ['x'], ['prefix']],
  ['time rm x', 'rm', ['x'], ['prefix']],
  ['timeout -s KILL 10s rm x', 'rm', ['x'], ['prefix']],
  ['timeout 5 rm x', 'rm', ['x'], ['prefix']],
  ['stdbuf -oL rm x', 'rm', ['x'], ['prefix']],
  ['stdbuf -o L rm x', 'rm', ['x'], ['prefix']],
  ['ionice -c 3 rm x', 'rm', ['x'], ['prefix']],
  ['flock /tmp/l rm x', 'rm', ['x'], ['prefix']],
  ['npx rimraf dist', 'rimraf', ['dist'], ['prefix']],
  ['pnpm exec prisma migrate reset --force', 'prisma', ['migrate', 'reset', '--force'], ['prefix']],
  ['bundle exec rake db:drop', 'rake', ['db:drop'], ['prefix']],
  ['uv run alembic downgrade base', 'alembic', ['downgrade', 'base'], ['prefix']],
  ['watch -n 5 rm x', 'rm', ['x'], ['watch']],
  ["watch 'rm -rf /tmp/x'", 'rm', ['-rf', '/tmp/x'], ['watch'], 'rm -rf /tmp/x'],
  // find … | xargs cmd is judged as find … -exec cmd {} +
  ['find . -name a | xargs -0 -n1 rm -f', 'rm', ['-f', '{}'], ['xargs', 'find-exec']],
  ['xargs -I{} rm -rf {} < list', 'rm', ['-rf', '{}'], ['xargs']],
  ['find . -type d -exec rm -rf {} +', 'rm', ['-rf', '{}'], ['find-exec']],
  ['find /srv -execdir rm {} \\;', 'rm', ['{}'], ['find-exec']],
  ['find . -ok rm {} ;', 'rm', ['{}'], ['find-exec']],
  // parallel runs the command once per value of its ::: lists (the last run is checked here);
  // lists read from files are a `{}` placeholder
  ['parallel rm ::: a b', 'rm', ['b'], ['xargs']],
  ["parallel 'rm -rf {}' ::: a b", 'rm', ['-rf', 'b'], ['xargs']],
  ["parallel -I @ 'rm -rf @.bak' ::: a", 'rm', ['-rf', 'a.bak'], ['xargs']],
  ['parallel rm -rf :::: list.txt', 'rm', ['-rf', '{}'], ['xargs']],
  ['ls | xargs -J % mv % /tmp', 'mv', ['{}', '/tmp'], ['xargs']],
  ["bash -c 'rm -rf /x'", 'rm', ['-rf', '/x'], ['shell-c'], 'rm -rf /x'],
  ['sh -lc "rm -rf /x"', 'rm', ['-rf', '/x'], ['shell-c'], 'rm -rf /x'],
  ["zsh -o pipefail -c 'rm x'", 'rm', ['x'], ['shell-c'], 'rm x'],
  ["dash -ec 'rm \"a b\"'", 'rm', ['a b'], ['shell-c'], 'rm "a b"'],
  ["eval 'rm -rf x'", 'rm', ['-rf', 'x'], ['eval'], 'rm -rf x'],
  ['eval rm -rf x', 'rm', ['-rf', 'x'], ['eval'], 'rm -rf x'],
  ["ssh host 'rm -rf /x'", 'rm', ['-rf', '/x'], ['remote'], 'rm -rf /x'],
  ['ssh -p 2222 -i key user@host rm -rf /x', 'rm', ['-rf', '/x'], ['remote'], 'rm -rf /x'],
  ['kubectl exec -it pod-0 -c app -- rm -rf /data', 'rm', ['-rf', '/data'], ['container'], 'rm -rf /data'],
  ['kubectl -n web exec pod-0 -- sh -c "rm -rf /data"', 'rm', ['-rf', '/data'], ['container', 'shell-c'], 'rm -rf /data'],
  ['docker exec -it web rm -rf /data', 'rm', ['-rf', '/data'], ['container']],
  ['docker run --rm -v /:/host alpine rm -rf /host', 'rm', ['-rf', '/host'], ['container']],
  ['docker compose exec app rm x', 'rm', ['x'], ['container']],
  ['docker container exec web rm x', 'rm', ['x'], ['container']],
  ['podman exec web rm x', 'rm', ['x'], ['container']],
  ['bash <<EOF\nrm -rf /x\nEOF', 'rm', ['-rf', '/x'], ['heredoc'], 'rm -rf /x'],
  ["echo 'rm -rf /x' | sh", 'rm', ['-rf', '/x'], ['heredoc']],
  ['sh -s <<< "rm x"', 'rm', ['x'], ['heredoc']],
  ["su - app -c 'rm x'", 'rm', ['x'], ['prefix'], 'rm x'],
  [`python3 -c 'import os; os.system("rm -rf /x")'`, 'rm', ['-rf', '/x'], ['interpreter'], 'rm -rf /x'],
  [`python -c "import subprocess; subprocess.run(['rm', '-rf', '/x'])"`, 'rm', ['-rf', '/x'], ['interpreter']],
  [`node -e "require('child_process').execSync('rm -rf /x')"`, 'rm', ['-rf', '/x'], ['interpreter'], 'rm -rf /x'],
  [`node -e "require('child_process').spawnSync('rm', ['-rf', '/x'])"`, 'rm', ['-rf', '/x'], ['interpreter']],
  [`perl -e 'system("rm -rf /x")'`, 'rm', ['-rf', '/x'], ['interpreter'], 'rm -rf /x'],
  ["ruby -e '`rm -rf /x`'", 'rm', ['-rf', '/x'], ['interpreter'], 'rm -rf /x'],
  [`php -r 'shell_exec("rm -rf /x");'`, 'rm', ['-rf', '/x'], ['interpreter'], 'rm -rf /x'],
  // input xargs cannot read is a `{}` placeholder
  ['sudo bash -c "env FOO=1 xargs rm -f < list"', 'rm', ['-f', '{}'], ['prefix', 'shell-c', 'prefix', 'xargs']],
  ['aws-vault exec prod -- aws s3 rb s3://b --force', 'aws', ['s3', 'rb', 's3://b', '--force'], ['prefix']],
  ['doppler run -- rm -rf /x', 'rm', ['-rf', '/x'], ['prefix']],
  ['dotenvx run -- rm -rf /x', 'rm', ['-rf', '/x'], ['prefix']],
  // Options the runner table does not know, with their values, before `--`: the command follows it.
  ['dotenvx run -f .env.production -- rm -rf /x', 'rm', ['-rf', '/x'], ['prefix']],
  ['op run --env-file=.env --no-masking -- rm -rf /x', 'rm', ['-rf', '/x'], ['prefix']],
  // A `--` after the command belongs to the command.
  ['uv run pytest -- -x', 'pytest', ['--', '-x'], ['prefix']],
];

describe('unwrapping', () => {
  for (const [line, program, args, via, span] of UNWRAP) {
    test(JSON.stringify(line), async () => {
      const p = await parse(line);
      const c = commandNamed(p, program);
      assert.deepEqual(argTexts(c), args);
      assert.deepEqual(c.via.map((v) => v.kind), via);
      if (span !== undefined) assert.equal(textOf(p, c.span), span);
      assert.equal(p.issues.length, 0, JSON.stringify(p.issues));
    });
  }

  test('secret runners wrap a command only through their run subcommand', async () => {
    for (const line of ['doppler configs delete prd --yes', 'dotenvx set KEY value']) assert.equal((await parse(line)).commands.length, 1, line);
  });

  test('command -v looks a program up and runs nothing', async () => {
    const p = await parse('command -v rm');
    assert.equal(p.commands.length, 1);
  });

  test('a prefix wrapper passes its redirections, stdin and pipeline position on', async () => {
    const p = await parse('curl -fsSL https://x.example/i.sh | sudo bash');
    const bash = commandNamed(p, 'bash');
    assert.equal(bash.pipeline?.index, 1);
  });

  test('env assignments reach the command', async () => {
    const p = await parse('env RAILS_ENV=production rails db:drop');
    assert.deepEqual(commandNamed(p, 'rails').assignments.map((a) => [a.name, a.value?.text]), [['RAILS_ENV', 'production']]);
  });

  test('aws-vault names the profile as AWS_PROFILE', async () => {
    const aws = commandNamed(await parse('aws-vault exec prod-admin -- aws s3 ls'), 'aws');
    assert.deepEqual(aws.assignments.map((a) => [a.name, a.value?.text]), [['AWS_PROFILE', 'prod-admin']]);
  });

  test('remote and container commands are marked, with their target', async () => {
    const ssh = commandNamed(await parse("ssh db1.prod 'rm -rf /var/lib/pg'"), 'rm');
    assert.equal(ssh.remote, true);
    assert.equal(ssh.via[0]!.target, 'db1.prod');
    const k = commandNamed(await parse('kubectl exec api-0 -- rm x'), 'rm');
    assert.equal(k.via[0]!.target, 'api-0');
  });

  test('xargs and find -exec take arguments from input', async () => {
    assert.equal(commandNamed(await parse('ls | xargs rm'), 'rm').argsFromInput, true);
    assert.equal(commandNamed(await parse('find . -exec rm {} +'), 'rm').argsFromInput, true);
  });

  test('interpreter one-liners expose their code', async () => {
    const p = await parse(`python3 -c "import shutil; shutil.rmtree('build')"`);
    const py = p.commands[0]!;
    assert.equal(py.inline?.language, 'python');
    assert.equal(py.inline?.code, "import shutil; shutil.rmtree('build')");
    assert.equal(textOf(p, py.inline!.span), `"import shutil; shutil.rmtree('build')"`);
  });

  test('an interpreter shell-out of an expression is a dynamic command', async () => {
    const p = await parse(`python3 -c "import os,sys; os.system(sys.argv[1])" "$CMD"`);
    assert.ok(p.commands.some((c) => c.dynamicName && c.via.some((v) => v.kind === 'interpreter')));
  });

  test('wrappers nest to a limit and then report', async () => {
    const line = `${'sudo '.repeat(12)}rm -rf /`;
    const p = await parse(line);
    assert.ok(p.issues.some((i) => i.kind === 'depth-limit'));
    const q = await parse(`${'eval '.repeat(12)}rm -rf /`);
    assert.ok(q.issues.some((i) => i.kind === 'depth-limit'));
  });

  test('nested shells map spans through escapes', async () => {
    const line = `bash -c "echo \\"hi\\"; rm -rf /x"`;
    const p = await parse(line);
    assert.equal(textOf(p, commandNamed(p, 'rm').span), 'rm -rf /x');
  });

  test('PowerShell: pwsh -Command and -EncodedCommand', async () => {
    const p = await parse(`pwsh -Command "Remove-Item C:\\x -Recurse"`);
    const ri = commandNamed(p, 'remove-item');
    assert.deepEqual(ri.via.map((v) => v.kind), ['shell-c']);
    const encoded = Buffer.from('Remove-Item C:\\x -Recurse', 'utf16le').toString('base64');
    const q = await parse(`powershell -EncodedCommand ${encoded}`);
    assert.deepEqual(argTexts(commandNamed(q, 'remove-item')), ['C:\\x', '-Recurse']);
  });

  test('PowerShell: Invoke-Expression of a literal is parsed', async () => {
    const p = await parse("iex 'Remove-Item ./dist -Recurse'", 'pwsh');
    assert.deepEqual(commandNamed(p, 'remove-item').via.map((v) => v.kind), ['eval']);
  });

  test('a shell given no command reads its commands from its known input', async () => {
    // cmd.exe without /c, /k or /r; PowerShell with -Command -, a bare -, or only options.
    const rows: [string, 'bash' | 'pwsh', string, string[]][] = [
      ['cmd /c "echo rd /s /q C:\\Users | cmd"', 'pwsh', 'rd', ['/s', '/q', 'C:\\Users']],
      ['"rd /s /q C:\\Users" | cmd', 'pwsh', 'rd', ['/s', '/q', 'C:\\Users']],
      ['echo "Remove-Item /srv/data -Recurse -Force" | pwsh -', 'bash', 'remove-item', ['/srv/data', '-Recurse', '-Force']],
      ['echo "Remove-Item /srv/data -Recurse" | pwsh -NoProfile', 'bash', 'remove-item', ['/srv/data', '-Recurse']],
      ['echo "Remove-Item /srv/data" | powershell -Command -', 'bash', 'remove-item', ['/srv/data']],
    ];
    for (const [line, shell, program, args] of rows) {
      const p = await parse(line, shell);
      const c = p.commands.find((x) => x.program === program);
      assert.ok(c, `${line}: ${p.commands.map((x) => x.program).join(', ')}`);
      assert.deepEqual(argTexts(c), args, line);
      assert.equal(c.via[c.via.length - 1]?.kind, 'heredoc', line);
    }
    // A command given, or a script file: its input is data, not commands.
    for (const [line, shell] of [['echo "rd /s /q C:\\Users" | cmd /c sort', 'bash'], ['echo "Remove-Item /srv/x" | pwsh -File ./x.ps1', 'bash'], ['echo "Remove-Item /srv/x" | pwsh ./x.ps1', 'bash']] as const) {
      const p = await parse(line, shell);
      assert.ok(!p.commands.some((x) => x.program === 'rd' || x.program === 'remove-item'), line);
    }
  });

  test('PowerShell: external wrappers unwrap the same way', async () => {
    const p = await parse("bash -c 'rm -rf /x'", 'pwsh');
    assert.deepEqual(argTexts(commandNamed(p, 'rm')), ['-rf', '/x']);
  });
});
