/**
 * cmd.exe and PowerShell compare program names, switches, parameters and drive paths without
 * regard to case (Microsoft's cmd and about_Parameters references), so every Windows rule's
 * match examples, and every Windows line of the generalisation cases, are judged again with those
 * words upper-cased and mixed-cased: the same rule must flag them at the same severity.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { windowsPack } from '../../../../src/core/command/packs/windows';
import type { CommandContext } from '../../../../src/core/command/rule';
import { fixturesDir } from '../../helpers/paths';
import { analyze, describeVerdict } from './table';

const UPPER = (t: string): string => t.toUpperCase();
/** `rD`, `/S`, `ReMoVe-ItEm`: every other letter upper-cased. */
const MIXED = (t: string): string => [...t].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('');

/** Words that name a program or a cmdlet, or are a switch or parameter (`/s`, `-Recurse`, `-Confirm:$false`). */
function isNameOrSwitch(word: string, programs: ReadonlySet<string>): boolean {
  if (/^(?:\/{1,2}|-{1,2})[A-Za-z]/.test(word)) return true;
  if (/^[A-Za-z]+-[A-Za-z]+$/.test(word)) return true; // Verb-Noun
  return programs.has(word.toLowerCase().replace(/\.exe$/, ''));
}

/** The line with its program names and switches re-cased; quotes, paths and values kept. */
function recase(line: string, how: (t: string) => string, programs: ReadonlySet<string>): string {
  return line.replace(/(^|[\s'"({|])([^\s'"(){}|,]+)/g, (m, lead: string, word: string) => (isNameOrSwitch(word, programs) ? lead + how(word) : m));
}

const PROGRAMS = new Set(['cmd', 'pwsh', 'powershell', 'wsl', 'foreach-object', 'clc', ...windowsPack.rules.flatMap((r) => (r.programs === '*' ? [] : r.programs))]);

describe('Windows rules ignore the case of program names and switches', () => {
  for (const rule of windowsPack.rules) {
    for (const row of rule.examples?.match ?? []) {
      const ex = typeof row === 'string' ? { cmd: row } : row;
      const ctx: CommandContext = { shell: 'pwsh', ...(typeof row === 'string' ? {} : (row.ctx ?? {})) };
      test(`${rule.id}: ${ex.cmd}`, async () => {
        const base = await analyze(ex.cmd, ctx);
        const want = base.findings.find((f) => f.ruleId === rule.id);
        assert.ok(want, `${rule.id} should flag ${ex.cmd}; got ${describeVerdict(base)}`);
        for (const how of [UPPER, MIXED]) {
          const line = recase(ex.cmd, how, PROGRAMS);
          assert.notEqual(line, ex.cmd, 'the variant differs from the example');
          const v = await analyze(line, ctx);
          const got = v.findings.find((f) => f.ruleId === rule.id);
          assert.equal(got?.severity, want.severity, `${line}: ${describeVerdict(v)}`);
        }
      });
    }
  }
});

describe('Windows generalisation cases keep their verdict in upper case', () => {
  const file = path.join(fixturesDir, 'commands', 'generalise', 'tuned.jsonl');
  const rows = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { cmd: string; category: string; shell?: string; ctx?: unknown })
    // Lines that read a file from a fixture keep their paths' case on this file system.
    .filter((r) => r.category === 'windows' && (r.shell === 'cmd' || r.shell === 'pwsh') && r.ctx === undefined);
  test('there are such lines', () => assert.ok(rows.length >= 40, String(rows.length)));
  for (const r of rows) {
    test(r.cmd, async () => {
      const line = r.shell === 'cmd' ? `cmd /c ${r.cmd}` : r.cmd;
      const base = await analyze(line, { shell: 'pwsh' });
      const upper = recase(line, UPPER, PROGRAMS);
      const v = await analyze(upper, { shell: 'pwsh' });
      assert.equal(`${v.decision}/${v.severity}`, `${base.decision}/${base.severity}`, `${upper}: ${describeVerdict(v)} (as written: ${describeVerdict(base)})`);
    });
  }
});

describe('PowerShell values in a cmd.exe line it starts are not known', () => {
  // PowerShell expands "$x" before cmd.exe runs the line: cmd.exe never sees the name, so the
  // folder is whatever the variable held — not a folder called "$x" in the workspace.
  for (const line of ['cmd /c "rd /s /q $dir"', 'cmd.exe /c "rd /s /q $env:TEMP\\build"', 'Start-Process cmd -ArgumentList "/c rd /s /q $target"', 'cmd /c "del /s /q $(Get-Location)\\*"']) {
    test(line, async () => {
      const v = await analyze(line, { shell: 'pwsh' });
      assert.equal(v.decision, 'confirm', describeVerdict(v));
      assert.ok(v.findings.some((f) => /not known here/.test(f.message)), describeVerdict(v));
    });
  }
  for (const line of ["cmd /c 'rd /s /q build'", 'cmd /c "echo $name"', 'Start-Process notepad -ArgumentList "$file"']) {
    test(`quiet: ${line}`, async () => {
      const v = await analyze(line, { shell: 'pwsh' });
      assert.equal(v.decision, 'allow', describeVerdict(v));
    });
  }
});

describe('a cmd.exe program named under a Windows system folder is that program', () => {
  // `%windir%`, `%SystemRoot%`, `%ProgramFiles%` are set the same way on every machine; the
  // program's own name after them is literal, so it is judged as that program, not as unknown.
  const judged: [string, string][] = [
    ['cmd /c %windir%\\system32\\inetsrv\\appcmd.exe list site', 'allow/none'],
    ['cmd /c "%ProgramFiles%\\Windows Defender\\MpCmdRun.exe" -SignatureUpdate', 'allow/none'],
    ['cmd /c paexec \\\\web02 -s %windir%\\system32\\inetsrv\\appcmd.exe list site', 'allow/none'],
    ['cmd /c %SystemRoot%\\System32\\cmd.exe /c rd /s /q C:\\Users', 'confirm/critical'],
    ['cmd /c %WINDIR%\\system32\\inetsrv\\appcmd.exe delete site Shop', 'confirm/critical'],
  ];
  for (const [line, want] of judged) {
    test(line, async () => {
      const v = await analyze(line, { shell: 'pwsh' });
      assert.equal(`${v.decision}/${v.severity}`, want, describeVerdict(v));
    });
  }
  // Any other variable, or a variable in the program's own name, leaves it unknown: confirm.
  for (const line of ['cmd /c %TOOL%\\rm.exe -rf x', 'cmd /c %windir%\\%X%.exe', 'cmd /c %windir%', 'cmd /c %USERPROFILE%\\tools\\x.exe']) {
    test(`${line} stays unknown`, async () => {
      const v = await analyze(line, { shell: 'pwsh' });
      assert.equal(v.decision, 'confirm', describeVerdict(v));
      assert.ok(v.findings.some((f) => f.ruleId.startsWith('dynamic.')), describeVerdict(v));
    });
  }
});
