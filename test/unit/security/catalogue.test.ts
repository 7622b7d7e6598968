/**
 * The attack suite's catalogue: every table's ids are unique across the suite, every category
 * written so far has its share of attacks, and every attack not defended yet says why.
 * docs/security.md lists the categories and the promises they back.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hookFiles } from './attacks/hookFiles';
import { sandboxAttacks } from './attacks/sandbox';
import { bashTamper, fishTamper, zshTamper } from './attacks/tamper';
import { deferredWork, unguardedShells } from './attacks/unguarded';
import type { Category, ShellAttack } from './harness/attack';

const ALL: readonly ShellAttack[] = [...bashTamper, ...zshTamper, ...fishTamper, ...unguardedShells, ...deferredWork, ...hookFiles, ...sandboxAttacks];

describe('attack suite catalogue', () => {
  test('ids are unique across the suite', () => {
    const seen = new Set<string>();
    for (const a of ALL) {
      assert.ok(!seen.has(a.id), `duplicate attack id ${a.id}`);
      seen.add(a.id);
    }
  });

  test('every category written so far has its attacks, in every shell it concerns', () => {
    const count = (c: Category, shell?: string): number => ALL.filter((a) => a.category === c && (!shell || a.shell === shell)).length;
    for (const shell of ['bash', 'zsh', 'fish']) assert.ok(count('shell-tamper', shell) >= 20, `shell tamper in ${shell}: ${count('shell-tamper', shell)}`);
    assert.ok(count('unguarded-shell') >= 30, `unguarded shells: ${count('unguarded-shell')}`);
    assert.ok(count('deferred') >= 30, `deferred work: ${count('deferred')}`);
    assert.ok(count('hook-files') >= 30, `hook files: ${count('hook-files')}`);
    assert.ok(ALL.length >= 150, `${ALL.length} attacks`);
  });

  test('an attack not defended yet says why, and which part of the work closes it', () => {
    for (const a of ALL.filter((x) => x.open)) assert.ok(/needs|planned/.test(a.open!), `${a.id}: ${a.open}`);
  });

  test('every attack types something and names what it needs', () => {
    for (const a of ALL) {
      assert.ok(a.lines.length > 0 && a.lines.every((l) => l.trim() !== ''), a.id);
      assert.ok(a.id.startsWith(`${a.shell}.`), `${a.id} should start with its shell`);
    }
  });
});
