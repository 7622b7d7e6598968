/** The knowledge-table helpers packs are written with (command/operations.ts). */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fillTemplate, isQuiet, matchOperations, operandWords, type Operation } from '../../../../src/core/command/operations';
import type { RuleContext } from '../../../../src/core/command/rule';
import { analyzer, DEFAULT_CTX } from './table';

async function commandOf(line: string): Promise<{ cmd: ReturnType<Awaited<ReturnType<typeof analyzer>>['parse']>['commands'][number]; rc: RuleContext }> {
  const a = await analyzer();
  const parsed = a.parse(line);
  const rc: RuleContext = { line: parsed, context: DEFAULT_CTX, env: () => undefined, productionMarkers: ['prod'] };
  return { cmd: parsed.commands[0]!, rc };
}

const OPS: readonly Operation[] = [
  { path: 'kv delete|rm', severity: 'high', what: 'deletes {0?the key} from {--mount|-m?the default mount}' },
  { path: '* *-delete', severity: 'high', what: 'deletes {*}' },
  { path: 'nothing', severity: 'high', what: () => undefined },
  { path: 'nothing', severity: 'medium', what: 'second row' },
];

describe('knowledge tables', () => {
  test('paths match after global options with values, case-insensitively, with alternatives and globs', async () => {
    const a = await commandOf('tool --address http://x KV Rm secret/a');
    const [hit] = [...matchOperations(a.cmd, OPS, ['--address'], a.rc)];
    assert.equal(hit?.op, OPS[0]);
    assert.deepEqual(hit?.m.operands.map((w) => w.text), ['secret/a']);
    const b = await commandOf('tool lke cluster-delete 42');
    assert.equal([...matchOperations(b.cmd, OPS, [], b.rc)][0]?.op, OPS[1]);
  });

  test('a row whose text gives up leaves the next matching row', async () => {
    const a = await commandOf('tool nothing');
    assert.deepEqual([...matchOperations(a.cmd, OPS, [], a.rc)].map((h) => h.op.severity), ['high', 'medium']);
  });

  test('templates fill operands and option values, with fallbacks, and tidy the spaces', async () => {
    const a = await commandOf('tool kv delete app/db -m kv2');
    const m = [...matchOperations(a.cmd, OPS, ['-m'], a.rc)][0]!.m;
    assert.equal(fillTemplate(OPS[0]!.what as string, m), 'deletes app/db from kv2');
    const b = await commandOf('tool kv delete');
    assert.equal(fillTemplate(OPS[0]!.what as string, [...matchOperations(b.cmd, OPS, [], b.rc)][0]!.m), 'deletes the key from the default mount');
  });

  test('operands skip the values of the options that take one, and everything after -- counts', async () => {
    const a = await commandOf('tool -n 3 --flag x -- -y z');
    assert.deepEqual(operandWords(a.cmd, ['-n']).map((w) => w.text), ['x', '-y', 'z']);
  });

  test('help and rehearsal forms are quiet', async () => {
    for (const line of ['tool kv delete --help', 'tool kv delete -help', 'tool help kv delete', 'tool kv delete --dry-run']) assert.ok(isQuiet((await commandOf(line)).cmd), line);
    assert.ok(!isQuiet((await commandOf('tool kv delete -n')).cmd));
    assert.ok(isQuiet((await commandOf('tool kv delete -n')).cmd, ['-n']));
  });
});
