/**
 * The PowerShell guard cannot run here (no pwsh on this machine; see docs/guard.md). These
 * tests check what can be checked without it: the request it builds is one our server reads,
 * and the Enter handler only accepts a line on the allow path.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RequestReader } from '../../../src/core/guard/protocol';
import { MEDIA } from './helpers/pty';

const script = fs.readFileSync(path.join(MEDIA, 'pwsh-guard.ps1'), 'utf8');

/** Expands a PowerShell double-quoted string the way PowerShell would, for given variables. */
function expandPwsh(template: string, vars: Record<string, string>): string {
  return template
    .replace(/\$\(\$global:(\w+)\)/g, (_, v: string) => vars[v] ?? '')
    .replace(/\$(\w+)/g, (_, v: string) => vars[v] ?? '')
    .replace(/`n/g, '\n')
    .replace(/`0/g, '\0');
}

describe('PowerShell guard script', () => {
  test('binds Enter through PSReadLine', () => {
    assert.match(script, /Set-PSReadLineKeyHandler -Chord Enter /);
    assert.match(script, /GetBufferState\(\[ref\]\$line, \[ref\]\$cursor\)/);
  });

  test('builds a CHECK request that the guard server reads', () => {
    const m = /\$text = "(BR1 CHECK [^"]+)"/.exec(script);
    assert.ok(m, 'request template not found');
    const bytes = expandPwsh(m[1]!, {
      token: 'abc123',
      PID: '4321',
      __BrSeq: '3',
      cwd: 'C:\\Users\\me\\project',
      Line: 'Remove-Item -Recurse .\\dist',
    });
    const r = new RequestReader().push(Buffer.from(bytes, 'utf8'));
    assert.deepEqual(r, {
      ok: true,
      request: {
        verb: 'check',
        token: 'abc123',
        shell: 'pwsh',
        pid: 4321,
        seq: 3,
        flags: { child: false, partial: false },
        cwd: 'C:\\Users\\me\\project',
        line: 'Remove-Item -Recurse .\\dist',
        truncated: false,
      },
    });
  });

  test('builds a HELLO the server reads', () => {
    const m = /GetBytes\("(BR1 HELLO [^"]+)"\)/.exec(script);
    assert.ok(m);
    const r = new RequestReader().push(Buffer.from(expandPwsh(m[1]!, { token: 'abc123', PID: '7' })));
    assert.deepEqual(r, { ok: true, request: { verb: 'hello', token: 'abc123', shell: 'pwsh', pid: 7, guardVersion: '1' } });
  });

  test('after asking, only the allow path accepts the line; the refuse path reverts it', () => {
    const handler = script.slice(script.indexOf('$answer = __BrAsk $line'));
    const allowAt = handler.indexOf("if ($answer.Verdict -eq 'allow') {");
    assert.ok(allowAt > 0);
    const allowBlock = handler.slice(allowAt, handler.indexOf('return', allowAt));
    const refusePath = handler.slice(handler.indexOf('return', allowAt));
    assert.match(allowBlock, /AcceptLine\(\)/);
    assert.doesNotMatch(refusePath, /AcceptLine/);
    assert.match(refusePath, /RevertLine\(\)/);
  });

  test('waits no longer than BLAST_RADIUS_GUARD_TIMEOUT and treats a silent editor as a refusal', () => {
    assert.match(script, /ReceiveTimeout = \$wait \* 1000/);
    assert.match(script, /catch \[System\.IO\.IOException\] \{ return @\{ Verdict = 'deny'; Reason = "no answer from the editor within \$wait s; not run" \} \}/);
  });

  test('says how to load it, and that it is the extension that sets the variable', () => {
    assert.match(script, /if \(\$env:BLAST_RADIUS_PWSH_GUARD\) \{ \. \$env:BLAST_RADIUS_PWSH_GUARD \}/);
  });
});
