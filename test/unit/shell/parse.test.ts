import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { argTexts, commandNamed, parse, textOf } from './helpers';

describe('words: quotes and escapes removed, expansions kept', () => {
  const cases: { line: string; words: string[] }[] = [
    { line: `echo 'a b' "c d" e\\ f`, words: ['a b', 'c d', 'e f'] },
    { line: `echo "a\\"b" 'it'\\''s' "x\\\\y" "\\$HOME"`, words: ['a"b', "it's", 'x\\y', '$HOME'] },
    { line: `echo $'a\\tb\\x41\\u00e9'`, words: ['a\tbAé'] },
    { line: `echo "$HOME/x" \${X:-/tmp} "$(date)"`, words: ['$HOME/x', '${X:-/tmp}', '$(date)'] },
    { line: `rm -rf "$DIR/"*`, words: ['-rf', '$DIR/*'] },
    { line: `echo a"b"'c'd`, words: ['abcd'] },
    { line: `echo $"hello"`, words: ['hello'] },
    { line: `ls -- -weird`, words: ['--', '-weird'] },
  ];
  for (const c of cases) {
    test(c.line, async () => {
      const p = await parse(c.line);
      assert.deepEqual(argTexts(commandNamed(p, c.line.split(' ')[0]!)), c.words);
    });
  }

  test('dynamic words record their expansions', async () => {
    const p = await parse('echo "$HOME/x" ${X:-y} $(date) $((1+2)) <(ls)');
    const [home, def, sub, arith, proc] = p.commands.find((c) => c.program === 'echo')!.args;
    assert.deepEqual(home!.expansions.map((e) => [e.kind, e.name]), [['variable', 'HOME']]);
    assert.equal(def!.expansions[0]!.hasDefault, true);
    assert.equal(sub!.expansions[0]!.kind, 'command');
    assert.equal(arith!.expansions[0]!.kind, 'arithmetic');
    assert.equal(proc!.expansions[0]!.kind, 'process');
    for (const w of [home, def, sub, arith, proc]) assert.equal(w!.dynamic, true, w!.raw);
  });

  test('static words are not dynamic', async () => {
    const p = await parse(`echo plain 'quoted $HOME' "dq" a\\$b`);
    for (const w of p.commands[0]!.args) assert.equal(w.dynamic, false, w.raw);
  });

  test('globs, braces and tildes are flagged only when unquoted', async () => {
    const p = await parse(`ls *.md "*.txt" {a,b}.c [ab]x ~/x "~/y" a\\*b`);
    const flags = p.commands[0]!.args.map((a) => [a.raw, a.glob, a.tilde]);
    assert.deepEqual(flags, [
      ['*.md', true, false],
      ['"*.txt"', false, false],
      ['{a,b}.c', true, false],
      ['[ab]x', true, false],
      ['~/x', false, true],
      ['"~/y"', false, false],
      ['a\\*b', false, false],
    ]);
  });

  test('spans are UTF-16 offsets into the line', async () => {
    const line = 'echo "é😀" && rm   -rf  x';
    const p = await parse(line);
    const rm = commandNamed(p, 'rm');
    assert.equal(textOf(p, rm.span), 'rm   -rf  x');
    assert.deepEqual(rm.args.map((a) => textOf(p, a.span)), ['-rf', 'x']);
    assert.equal(rm.name!.span[0], line.indexOf('rm'));
  });
});

describe('how commands are joined', () => {
  test('lists: ; && || & and newlines', async () => {
    const p = await parse('a; b && c || d & e\nf');
    assert.deepEqual(p.commands.map((c) => [c.program, c.joinedBy]), [
      ['a', undefined],
      ['b', ';'],
      ['c', '&&'],
      ['d', '||'],
      ['e', '&'],
      ['f', '\n'],
    ]);
    assert.ok(p.commands[3]!.nesting.includes('background'), 'd runs in the background');
    assert.ok(!p.commands[4]!.nesting.includes('background'));
  });

  test('pipelines record each member position', async () => {
    const p = await parse('a | b |& c; d');
    assert.deepEqual(p.commands.map((c) => c.pipeline && [c.pipeline.index, c.pipeline.length]), [[0, 3], [1, 3], [2, 3], undefined]);
    assert.equal(p.commands[1]!.pipeline!.stderr, true);
    assert.equal(p.commands[0]!.pipeline!.id, p.commands[2]!.pipeline!.id);
  });

  const nesting: [string, string, string][] = [
    ['(cd x; rm y)', 'rm', 'subshell'],
    ['{ cd x; rm y; }', 'rm', 'group'],
    ['echo $(rm -rf x)', 'rm', 'command-substitution'],
    ['echo `rm -rf x`', 'rm', 'command-substitution'],
    ['echo "a $(rm x) b"', 'rm', 'command-substitution'],
    ['diff <(rm a) >(tee b)', 'rm', 'process-substitution'],
    ['if rm a; then ls; fi', 'rm', 'condition'],
    ['if true; then rm a; else ls; fi', 'rm', 'branch'],
    ['for f in *; do rm "$f"; done', 'rm', 'loop'],
    ['while read l; do rm "$l"; done < list', 'rm', 'loop'],
    ['case $x in a) rm a;; esac', 'rm', 'branch'],
    ['! rm x', 'rm', 'negated'],
    ['f() { rm x; }', 'rm', 'function'],
    ['X=$(rm -rf y)', 'rm', 'command-substitution'],
    ['for f in $(rm x); do :; done', 'rm', 'command-substitution'],
  ];
  for (const [line, program, kind] of nesting) {
    test(`${line} → ${program} inside ${kind}`, async () => {
      const p = await parse(line);
      assert.ok(commandNamed(p, program).nesting.includes(kind as never), JSON.stringify(commandNamed(p, program).nesting));
      assert.equal(p.issues.length, 0, JSON.stringify(p.issues));
    });
  }
});

describe('assignments and redirections', () => {
  test('prefix assignments belong to the command', async () => {
    const p = await parse('FOO=1 BAR="a b" make test');
    const make = commandNamed(p, 'make');
    assert.deepEqual(make.assignments.map((a) => [a.name, a.value?.text]), [['FOO', '1'], ['BAR', 'a b']]);
  });

  test('a bare assignment is a command without a program', async () => {
    const p = await parse('X=1 Y=$(pwd)');
    const bare = commandNamed(p, '');
    assert.deepEqual(bare.assignments.map((a) => a.name), ['X', 'Y']);
    assert.equal(bare.assignments[1]!.value?.text, '$(pwd)');
    assert.ok(commandNamed(p, 'pwd').nesting.includes('command-substitution'));
  });

  test('export, declare, local and unset', async () => {
    const p = await parse('export A=1 B; declare -x C=2; unset D E');
    assert.deepEqual(p.commands.map((c) => c.program), ['export', 'declare', 'unset']);
    assert.deepEqual(p.commands[0]!.assignments.map((a) => [a.name, a.value?.text]), [['A', '1'], ['B', undefined]]);
    assert.deepEqual(argTexts(p.commands[2]!), ['D', 'E']);
  });

  test('redirections with descriptors and targets', async () => {
    const p = await parse('cmd > /etc/hosts 2>&1 >> log &> all < in');
    const r = p.commands[0]!.redirects.map((x) => [x.op, x.fd, x.target?.text]);
    assert.deepEqual(r, [['>', undefined, '/etc/hosts'], ['>&', 2, '1'], ['>>', undefined, 'log'], ['&>', undefined, 'all'], ['<', undefined, 'in']]);
  });

  for (const line of ['true && echo hi > /dev/sda', 'true | tee x > /dev/sda', '{ echo a; } > /dev/sda', 'while read l; do echo "$l"; done > /dev/sda']) {
    test(`a redirection around a list or compound statement is kept: ${line}`, async () => {
      const p = await parse(line);
      const targets = p.commands.flatMap((c) => c.redirects.map((r) => r.target?.text));
      assert.ok(targets.includes('/dev/sda'), JSON.stringify(targets));
    });
  }
});

describe('heredocs and readable stdin', () => {
  test('a heredoc body and its delimiter', async () => {
    const p = await parse('cat <<EOF > out\nhello $USER\nEOF');
    const h = p.commands[0]!.redirects.find((r) => r.heredoc)!.heredoc!;
    assert.equal(h.body, 'hello $USER\n');
    assert.equal(h.delimiter, 'EOF');
    assert.equal(h.dynamic, true);
    assert.equal(textOf(p, h.span), 'hello $USER\n');
  });

  test('a quoted delimiter keeps the body literal', async () => {
    const p = await parse("cat <<'EOF'\n$(rm -rf /)\nEOF");
    assert.equal(p.commands.length, 1, 'nothing runs inside a quoted heredoc');
    assert.equal(p.commands[0]!.stdin!.dynamic, false);
  });

  test('command substitutions in an unquoted heredoc run', async () => {
    const p = await parse('cat <<EOF\n$(rm -rf /x)\nEOF');
    assert.deepEqual(argTexts(commandNamed(p, 'rm')), ['-rf', '/x']);
  });

  const stdin: [string, string, string, string][] = [
    ['psql <<SQL\nDROP TABLE users;\nSQL', 'psql', 'heredoc', 'DROP TABLE users;\n'],
    ['psql -d app <<-SQL\n\tDROP TABLE users;\n\tSQL', 'psql', 'heredoc', 'DROP TABLE users;\n\t'],
    ['cat <<EOF | psql app\nTRUNCATE t;\nEOF', 'psql', 'heredoc', 'TRUNCATE t;\n'],
    ['psql <<< "DROP TABLE x"', 'psql', 'herestring', 'DROP TABLE x'],
    ["echo 'DROP TABLE x' | psql", 'psql', 'pipe', 'DROP TABLE x'],
    ["printf 'FLUSHALL' | redis-cli", 'redis-cli', 'pipe', 'FLUSHALL'],
    ['sudo -u postgres psql <<EOF\nDROP DATABASE app;\nEOF', 'psql', 'heredoc', 'DROP DATABASE app;\n'],
    // passed on unchanged by cat (reading only its input) and tee on the way
    ["printf 'DROP DATABASE prod;' | cat | psql -h prod-db", 'psql', 'pipe', 'DROP DATABASE prod;'],
    ["echo 'DROP DATABASE prod' | tee q.log | mysql -h prod-db", 'mysql', 'pipe', 'DROP DATABASE prod'],
    ["echo 'FLUSHALL' | cat - | tee -a a.log | redis-cli", 'redis-cli', 'pipe', 'FLUSHALL'],
  ];
  for (const [line, program, kind, text] of stdin) {
    test(`${program} reads ${kind}: ${JSON.stringify(line)}`, async () => {
      const p = await parse(line);
      const c = commandNamed(p, program);
      assert.equal(c.stdin?.kind, kind);
      assert.equal(c.stdin?.text, text);
    });
  }

  test('cat given a file or told to change the text passes no known input on', async () => {
    for (const line of ["echo 'DROP TABLE x' | cat notes.sql | psql", "echo 'DROP TABLE x' | cat -n | psql"]) {
      const c = commandNamed(await parse(line), 'psql');
      assert.equal(c.stdin, undefined, line);
    }
  });

  test('what follows the heredoc operator on its line still runs', async () => {
    const p = await parse('cat <<EOF && rm -rf x\nbody\nEOF');
    assert.equal(commandNamed(p, 'rm').joinedBy, '&&');
  });
});

describe('functions defined and called in the line', () => {
  test('the definition lists its body; calls are linked', async () => {
    const p = await parse('cleanup() { rm -rf /tmp/x; }; cleanup');
    const f = p.functions.get('cleanup');
    assert.ok(f);
    assert.deepEqual(f.body.map((i) => p.commands[i]!.program), ['rm']);
    const call = p.commands.find((c) => c.program === 'cleanup')!;
    assert.equal(call.callsFunction, 'cleanup');
  });

  test('function keyword form', async () => {
    const p = await parse('function wipe { rm -rf "$1"; }; wipe /srv');
    assert.ok(p.functions.has('wipe'));
    assert.equal(p.commands.find((c) => c.program === 'wipe')!.callsFunction, 'wipe');
  });
});

describe('parse errors never throw and are reported', () => {
  const broken = ['echo "unterminated', 'if then rm -rf / fi', 'rm -rf / )', 'echo $(', 'cat <<EOF\nno end', '((', 'a && ', '| grep x', 'for do done', 'a |'];
  for (const line of broken) {
    test(JSON.stringify(line), async () => {
      const p = await parse(line);
      assert.ok(p.issues.length > 0, `expected an issue for ${JSON.stringify(line)}`);
      for (const i of p.issues) assert.ok(i.span[0] >= 0 && i.span[1] <= line.length, JSON.stringify(i));
    });
  }

  test('what parsed around an error is still there', async () => {
    const p = await parse('if then rm -rf / fi; ls -la');
    assert.ok(p.commands.some((c) => c.program === 'ls'));
  });

  test('random input: no throw, spans inside the line', async () => {
    const alphabet = `ab rm-f/$'"\`\\(){};|&<>*~#=\n\t!é😀`;
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 300; k++) {
      let line = '';
      const len = rand(60);
      for (let i = 0; i < len; i++) line += alphabet[rand(alphabet.length)];
      const p = await parse(line);
      for (const c of p.commands) {
        assert.ok(c.span[0] >= 0 && c.span[1] <= line.length && c.span[0] <= c.span[1], `${JSON.stringify(line)}: ${c.span.join(',')}`);
        for (const a of c.args) assert.ok(a.span[0] >= 0 && a.span[1] <= line.length, JSON.stringify(line));
      }
      for (const i of p.issues) assert.ok(i.span[0] >= 0 && i.span[1] <= line.length, JSON.stringify(line));
    }
  });

  test('a very long line is cut and reported', async () => {
    const line = `echo ${'a'.repeat(70_000)}`;
    const p = await parse(line);
    assert.ok(p.issues.some((i) => i.kind === 'unsupported'));
  });
});

describe('PowerShell lines', () => {
  test('cmdlets, parameters and quoted arguments', async () => {
    const p = await parse('Remove-Item -Path "C:\\temp\\x" -Recurse -Force', 'pwsh');
    const c = p.commands[0]!;
    assert.equal(c.program, 'remove-item');
    assert.deepEqual(argTexts(c), ['-Path', 'C:\\temp\\x', '-Recurse', '-Force']);
  });

  test('aliases resolve to the cmdlet and keep the alias', async () => {
    for (const [line, alias] of [['ri ./dist -r', 'ri'], ['del x', 'del'], ['rm -Recurse y', 'rm'], ['rmdir z', 'rmdir']] as const) {
      const c = (await parse(line, 'pwsh')).commands[0]!;
      assert.equal(c.program, 'remove-item', line);
      assert.equal(c.alias, alias, line);
    }
  });

  test('pipelines, chains and script blocks', async () => {
    const p = await parse('Get-ChildItem . | ForEach-Object { Remove-Item $_ } && git push', 'pwsh');
    assert.equal(commandNamed(p, 'get-childitem').pipeline?.index, 0);
    assert.ok(p.commands.some((c) => c.program === 'remove-item'));
    assert.equal(commandNamed(p, 'git').joinedBy, '&&');
  });

  test('a variable as the command is dynamic', async () => {
    const c = (await parse('& $cmd -x', 'pwsh')).commands[0]!;
    assert.equal(c.dynamicName, true);
  });

  test('$env: assignments and static .NET calls', async () => {
    const p = await parse("$env:AWS_PROFILE = 'prod'; [Environment]::SetEnvironmentVariable('A', $null)", 'pwsh');
    assert.deepEqual(p.commands[0]!.assignments.map((a) => [a.name, a.value?.text]), [['AWS_PROFILE', 'prod']]);
    assert.equal(p.commands[1]!.program, '[environment]::setenvironmentvariable');
    assert.deepEqual(argTexts(p.commands[1]!), ['A', '$null']);
  });
});

describe('PowerShell: a hashtable as a list element (a calculated property)', () => {
  test('parses cleanly, keeps the command and reads the code inside the hashtable', async () => {
    const p = await parse("Get-VM -Location 'Prod' | Select-Object Name, PowerState, @{N='Guest';E={Remove-Item -Recurse C:\\Data}}", 'pwsh');
    assert.deepEqual(p.issues, []);
    assert.ok(p.commands.some((c) => c.program === 'select-object'));
    assert.ok(p.commands.some((c) => c.program === 'remove-item'), 'the scriptblock inside the hashtable is read');
  });
  test('a comma inside quotes stays as it is', async () => {
    const p = await parse("Write-Output 'a, @{b}', @{N='x'}", 'pwsh');
    assert.deepEqual(p.issues, []);
    assert.ok(p.commands.find((c) => c.program === 'write-output')?.args.some((a) => a.text === 'a, @{b}'), JSON.stringify(p.commands.map((c) => c.args.map((a) => a.text))));
  });
  // an element the grammar lost track of would otherwise become a plain argument of a clean line
  for (const line of ["Select-Object Name, @{N='Guest", "Get-VM | Select-Object Name, @{N='Guest'", 'Write-Host x, @{a=1', 'Write-Host x,@{a=1; b=2', 'Write-Host x, {1', 'Write-Host a,(b']) {
    test(`a list element left open is an issue: ${line}`, async () => {
      const p = await parse(line, 'pwsh');
      assert.ok(p.issues.length > 0, JSON.stringify(p.commands.map((c) => c.args.map((a) => a.text))));
    });
  }
  for (const line of ['Remove-Item a.txt,b.txt', 'Set-NetFirewallProfile -Profile Domain, Private', 'Write-Host x, @{a=1}', 'Get-Item a,b[1]']) {
    test(`a whole list element is no issue: ${line}`, async () => {
      assert.deepEqual((await parse(line, 'pwsh')).issues, []);
    });
  }
});

describe('PowerShell: a command line given to a cmdlet as a parameter', () => {
  const cases: [string, string, string][] = [
    ['Invoke-SSHCommand -SessionId 0 -Command "sudo zpool destroy -f backup01"', 'zpool', '0'],
    ['Invoke-VMScript -VM db-prod-02 -ScriptType Bash -ScriptText "systemctl stop postgresql && rm -rf /var/lib/pgsql/data"', 'rm', 'db-prod-02'],
    ['Invoke-AzVMRunCommand -ResourceGroupName rg -VMName k8s-node-3 -CommandId RunShellScript -ScriptString "kubeadm reset -f"', 'kubeadm', 'k8s-node-3'],
    ['Send-SSMCommand -DocumentName AWS-RunShellScript -Parameter @{commands="docker system prune -af --volumes"}', 'docker', 'send-ssmcommand'],
    ['Invoke-AzVMRunCommand -VMName web1 -CommandId RunPowerShellScript -ScriptString "Remove-Item -Recurse C:\\Data"', 'remove-item', 'web1'],
  ];
  for (const [line, program, where] of cases) {
    test(`${program} runs remotely on ${where}: ${line.slice(0, 40)}…`, async () => {
      const p = await parse(line, 'pwsh');
      const c = commandNamed(p, program);
      assert.ok(c.via.some((v) => v.kind === 'remote' && v.target?.toLowerCase() === where), JSON.stringify(c.via));
    });
  }
  test('a word without a command line is not read', async () => {
    const p = await parse('Invoke-SSHCommand -SessionId 0 -Command uptime', 'pwsh');
    assert.equal(p.commands.length, 1);
  });
  test('a command line with a variable is read, the variable unknown', async () => {
    const c = commandNamed(await parse('Invoke-SSHCommand -SessionId 0 -Command "rm -rf $dir"', 'pwsh'), 'rm');
    assert.ok(c.args.some((a) => a.dynamic), JSON.stringify(c.args));
  });
  test('a command line that is only a variable is a command known when it runs', async () => {
    const p = await parse('Invoke-SSHCommand -SessionId 0 -Command $cmd', 'pwsh');
    assert.ok(p.commands.some((c) => c.dynamicName), JSON.stringify(p.commands.map((c) => c.program)));
  });
});
