/**
 * cmd.exe code (src/core/shell/cmd.ts) reached through `cmd /c …` from PowerShell, Git Bash and
 * cmd.exe itself, and PowerShell's own argument forms (`a, b` lists, `-Param:value`).
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cmdProgramName } from '../../../src/core/shell/normalise';
import { commaSpacesMoved } from '../../../src/core/shell/parse';
import { argTexts, commandNamed, parse, textOf } from './helpers';

/** [line, host shell, inner program, its arguments]. */
const CMD_LINES: [string, 'pwsh' | 'bash', string, string[]][] = [
  ['cmd /c rd /s /q C:\\Users\\dev\\source', 'pwsh', 'rd', ['/s', '/q', 'C:\\Users\\dev\\source']],
  ['cmd /c "rd /s /q C:\\inetpub\\wwwroot"', 'pwsh', 'rd', ['/s', '/q', 'C:\\inetpub\\wwwroot']],
  ['cmd.exe /k dir /w', 'pwsh', 'dir', ['/w']],
  ['CMD /S /C "del /f /q x.txt"', 'pwsh', 'del', ['/f', '/q', 'x.txt']],
  ['cmd /c r^d /s/q C:\\', 'pwsh', 'rd', ['/s/q', 'C:\\']],
  ['cmd /c rd/s/q C:\\Data', 'pwsh', 'rd', ['/s/q', 'C:\\Data']],
  ['cmd /c RD /S /Q %USERPROFILE%', 'pwsh', 'rd', ['/S', '/Q', '%USERPROFILE%']],
  ['cmd /c @echo off', 'pwsh', 'echo', ['off']],
  ['cmd /c "C:\\Program Files\\Git\\bin\\git.exe" push --force', 'pwsh', 'git', ['push', '--force']],
  ["cmd.exe /c 'cd build && del /q *.obj'", 'bash', 'del', ['/q', '*.obj']],
  ['cmd /c if exist C:\\Data rd /s /q C:\\Data', 'pwsh', 'rd', ['/s', '/q', 'C:\\Data']],
  ['cmd /c for /d %i in (a b) do rd /s /q %i', 'pwsh', 'rd', ['/s', '/q', '%i']],
  ['cmd /c start "" /wait robocopy a b /MIR', 'pwsh', 'robocopy', ['a', 'b', '/MIR']],
  ['cmd /c call cleanup.bat now', 'pwsh', 'cleanup', ['now']],
  ["cmd.exe //c 'del /q x'", 'bash', 'del', ['/q', 'x']],
  ['cmd.exe /c "erase /f C:\\x.txt"', 'bash', 'erase', ['/f', 'C:\\x.txt']],
  ['cmd /c cmd /c rd /s /q C:\\Data', 'pwsh', 'rd', ['/s', '/q', 'C:\\Data']],
];

describe('cmd.exe code through cmd /c', () => {
  for (const [line, shell, program, args] of CMD_LINES) {
    test(`${line} (${shell})`, async () => {
      const p = await parse(line, shell);
      const c = commandNamed(p, program);
      assert.deepEqual(argTexts(c), args);
      assert.ok(c.via.some((v) => v.program === 'cmd' && v.kind === 'shell-c'), 'the cmd wrapper is in the chain');
    });
  }

  test('spans point into the line', async () => {
    const line = 'cmd /c rd /s /q C:\\Data';
    const p = await parse(line, 'pwsh');
    assert.equal(textOf(p, commandNamed(p, 'rd').span), 'rd /s /q C:\\Data');
    const quoted = 'cmd /c "rd /s /q C:\\Data"';
    const q = await parse(quoted, 'pwsh');
    assert.equal(textOf(q, commandNamed(q, 'rd').span), 'rd /s /q C:\\Data');
  });

  test('%VAR% is a variable with its name', async () => {
    const c = commandNamed(await parse('cmd /c rd /s /q %SystemRoot%\\Temp', 'pwsh'), 'rd');
    const w = c.args[2]!;
    assert.equal(w.dynamic, true);
    assert.equal(w.expansions[0]?.name, 'SystemRoot');
  });

  test('in PowerShell, && after cmd /c is PowerShell\'s: del runs there as Remove-Item', async () => {
    const p = await parse('cmd /c cd build && del /q *.obj', 'pwsh');
    assert.deepEqual(p.commands.map((c) => c.program), ['cmd', 'cd', 'remove-item']);
  });

  test('& and | join commands; a pipe is a pipeline', async () => {
    const p = await parse("cmd.exe /c 'dir /b & type a.txt | findstr x'");
    const programs = p.commands.map((c) => c.program);
    assert.deepEqual(programs.slice(1), ['dir', 'type', 'findstr']);
    assert.equal(commandNamed(p, 'findstr').pipeline?.index, 1);
  });

  test('a quoted & is text, not a separator', async () => {
    const p = await parse(`cmd.exe /c 'echo a^&b & echo "c & d"'`);
    assert.deepEqual(p.commands.slice(1).map((c) => c.program), ['echo', 'echo']);
  });

  test('cmd.exe program names', () => {
    assert.equal(cmdProgramName('C:\\Program Files\\Git\\bin\\git.exe'), 'git');
    assert.equal(cmdProgramName('ROBOCOPY.EXE'), 'robocopy');
    assert.equal(cmdProgramName('scripts\\wipe.bat'), 'wipe');
    assert.equal(cmdProgramName('del'), 'del');
  });

  test('Git Bash names Windows programs case-insensitively', async () => {
    const p = await parse('/c/Windows/System32/ROBOCOPY.EXE a b /MIR');
    assert.equal(p.commands[0]?.program, 'robocopy');
  });
});

describe('PowerShell argument forms', () => {
  test('a, b lists parse, each element an argument', async () => {
    const p = await parse('Remove-Item .\\bin, .\\obj -Recurse -Force', 'pwsh');
    assert.equal(p.issues.length, 0, JSON.stringify(p.issues));
    assert.deepEqual(argTexts(p.commands[0]!), ['.\\bin', '.\\obj', '-Recurse', '-Force']);
    assert.equal(textOf(p, p.commands[0]!.args[1]!.span), '.\\obj');
  });

  test('a,b,c lists of bare words (no blanks) parse, each element an argument with its own span', async () => {
    for (const [line, program, args] of [
      ['Set-NetFirewallProfile -Profile Public,Private -Enabled True', 'set-netfirewallprofile', ['-Profile', 'Public', 'Private', '-Enabled', 'True']],
      ['Remove-Item a.txt,b.txt', 'remove-item', ['a.txt', 'b.txt']],
      ['Remove-Item C:\\Data,C:\\Logs -Recurse', 'remove-item', ['C:\\Data', 'C:\\Logs', '-Recurse']],
      ["Stop-Service -Name a,'b'", 'stop-service', ['-Name', 'a', 'b']],
      ['Foo x,y, z', 'foo', ['x', 'y', 'z']],
    ] as const) {
      const p = await parse(line, 'pwsh');
      assert.equal(p.issues.length, 0, `${line}: ${JSON.stringify(p.issues)}`);
      assert.equal(p.commands[0]!.program, program);
      assert.deepEqual(argTexts(p.commands[0]!), args, line);
    }
    const p = await parse('Get-Item x,y | Remove-Item -Recurse', 'pwsh');
    assert.equal(p.issues.length, 0, JSON.stringify(p.issues));
    assert.deepEqual(p.commands.map((c) => c.program), ['get-item', 'remove-item']);
    assert.equal(textOf(p, p.commands[0]!.args[1]!.span), 'y');
  });

  test('a list the grammar cannot read whole still reports it (trailing comma, empty element, a quoted element it splits)', async () => {
    for (const line of ['Remove-Item a,', 'Remove-Item a,,b', "Remove-Item -Path a,'C:\\my data'"]) {
      const p = await parse(line, 'pwsh');
      assert.ok(p.issues.length > 0, line);
    }
  });

  test('a script by its relative path (./x.ps1, ../x.ps1) is a command, not dot-sourcing and an error', async () => {
    for (const [line, program] of [
      ['./scripts/reset.ps1', './scripts/reset.ps1'],
      ['Get-Date; ../up.ps1 -Clean', '../up.ps1'],
      ['ls | ./filter.ps1', './filter.ps1'],
    ] as const) {
      const p = await parse(line, 'pwsh');
      assert.equal(p.issues.length, 0, `${line}: ${JSON.stringify(p.issues)}`);
      const c = p.commands.find((x) => x.span[0] === line.indexOf(program));
      assert.ok(c, `${line}: ${JSON.stringify(p.commands.map((x) => x.program))}`);
      assert.equal(textOf(p, c.span).startsWith(program), true);
    }
  });

  test('quoted list elements lose their quotes', async () => {
    const p = await parse("Remove-Item 'C:\\a b', \"C:\\c\"", 'pwsh');
    assert.deepEqual(argTexts(p.commands[0]!), ['C:\\a b', 'C:\\c']);
  });

  test('a comma inside a string is not moved', () => {
    assert.equal(commaSpacesMoved("Write-Output 'a, b', c"), "Write-Output 'a, b' ,c");
    assert.equal(commaSpacesMoved('x "a, `"b, c"'), 'x "a, `"b, c"');
  });

  test('-Param:value is one word', async () => {
    const p = await parse('Remove-Item x -Recurse:$false -Confirm:$false', 'pwsh');
    assert.deepEqual(argTexts(p.commands[0]!), ['x', '-Recurse:$false', '-Confirm:$false']);
    assert.equal(p.commands[0]!.args[2]!.dynamic, false);
  });

  test('$HOME and $env:NAME keep their names', async () => {
    const w = (await parse('Remove-Item "$HOME\\x", $env:USERPROFILE', 'pwsh')).commands[0]!.args;
    assert.equal(w[0]!.expansions[0]?.name, 'HOME');
    assert.equal(w[1]!.expansions[0]?.name, 'USERPROFILE');
  });
});
