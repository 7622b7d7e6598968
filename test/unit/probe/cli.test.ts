/**
 * `blast-radius check` and `check-edit` with probes, in-process on real temporary repositories:
 * the measured sentence in the text, the `measured` object in --json, --no-probe for the static
 * answer, --jsonl static unless --probe, and a saved plan as JSON judged as an edit.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CliIO } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { fixturesDir } from '../helpers/paths';
import { sandbox, type Sandbox } from './sandbox';

function io(stdin = ''): CliIO & { stdout: string; stderr: string } {
  const lines = stdin.split('\n');
  const o = {
    stdout: '',
    stderr: '',
    out(t: string) {
      o.stdout += t;
    },
    err(t: string) {
      o.stderr += t;
    },
    readStdin: () => Promise.resolve(stdin),
    async *stdinLines() {
      for (const l of lines) yield l;
    },
  };
  return o;
}

function dirty(): Sandbox {
  const s = sandbox();
  s.commit({ 'src/app.ts': 'a\n' }, 'init');
  fs.appendFileSync(path.join(s.dir, 'src/app.ts'), 'b\nc\n');
  return s;
}

describe('check with probes', () => {
  test('the text says what was measured and the exit code follows the measured decision', async () => {
    const s = dirty();
    const o = io();
    assert.equal(await main(['check', '--cwd', s.dir, '--', 'git checkout -- src/app.ts'], o), 3);
    assert.match(o.stdout, /^high {6}git\.discard-changes {2}Checks out src\/app\.ts/m);
    assert.match(o.stdout, /^ {10}measured: Discards uncommitted changes in 1 file \(\+2 −0\): src\/app\.ts$/m);
    assert.match(o.stdout, /^confirm: needs confirmation \(highest severity high\)$/m);
  });

  test('--json carries the measured object and the sentence on the finding', async () => {
    const s = dirty();
    const o = io();
    assert.equal(await main(['check', '--json', '--cwd', s.dir, '--', 'git checkout -- src/app.ts'], o), 3);
    const v = JSON.parse(o.stdout) as { decision: string; findings: { measured?: string }[]; measured: { version: number; probes: { kind: string; loss: string; changes: unknown; effect: unknown }[] } };
    assert.equal(v.decision, 'confirm');
    assert.equal(v.findings[0]!.measured, 'Discards uncommitted changes in 1 file (+2 −0): src/app.ts');
    assert.equal(v.measured.version, 1);
    assert.equal(v.measured.probes[0]!.kind, 'git');
    assert.equal(v.measured.probes[0]!.loss, 'work');
    assert.deepEqual(v.measured.probes[0]!.changes, { files: 1, added: 2, removed: 0, binary: 0, paths: ['src/app.ts'] });
    assert.deepEqual(v.measured.probes[0]!.effect, { from: 'medium', to: 'high' });
  });

  test('--no-probe gives the static answer', async () => {
    const s = dirty();
    const o = io();
    assert.equal(await main(['check', '--json', '--no-probe', '--cwd', s.dir, '--', 'git checkout -- src/app.ts'], o), 0);
    const v = JSON.parse(o.stdout) as { decision: string; measured?: unknown };
    assert.equal(v.decision, 'allow');
    assert.equal(v.measured, undefined);
  });

  test('a measured "nothing" is said on an allowed line too', async () => {
    const s = sandbox();
    s.commit({ 'src/app.ts': 'a\n' }, 'init');
    const o = io();
    assert.equal(await main(['check', '--cwd', s.dir, '--', 'git checkout -- src/app.ts'], o), 0);
    assert.match(o.stdout, /^low {7}git\.discard-changes/m);
    assert.match(o.stdout, /measured: Nothing to discard: src\/app\.ts has no uncommitted changes/);
  });

  test('--jsonl is static unless --probe is given', async () => {
    const s = dirty();
    const line = `${JSON.stringify('git checkout -- src/app.ts')}\n`;
    const plain = io(line);
    await main(['check', '--stdin', '--jsonl', '--cwd', s.dir], plain);
    assert.equal((JSON.parse(plain.stdout.split('\n')[0]!) as { decision: string }).decision, 'allow');
    const probed = io(line);
    await main(['check', '--stdin', '--jsonl', '--probe', '--cwd', s.dir], probed);
    const v = JSON.parse(probed.stdout.split('\n')[0]!) as { decision: string; measured?: { probes: unknown[] } };
    assert.equal(v.decision, 'confirm');
    assert.equal(v.measured?.probes.length, 1);
  });

  test('a saved plan that replaces a database is held with its address named', async () => {
    const s = sandbox();
    s.commit({ 'main.tf': '' }, 'init');
    s.fake('terraform', `cat '${path.join(fixturesDir, 'probes', 'plan-replace-db.json')}'`);
    const o = io();
    const env = process.env.PATH;
    process.env.PATH = `${s.bin}:${env ?? ''}`;
    try {
      assert.equal(await main(['check', '--cwd', s.dir, '--', 'terraform apply tfplan'], o), 3);
    } finally {
      process.env.PATH = env;
    }
    assert.match(o.stdout, /^critical {2}iac\.terraform-apply-plan /m);
    assert.match(o.stdout, /measured: Replaces aws_db_instance\.orders \(its data goes\) and destroys 2 more resources/);
  });
});

describe('check-edit: a plan saved as JSON', () => {
  test('the destroyed resources are findings at their lines, stateful ones critical', async () => {
    const o = io();
    const file = path.join(fixturesDir, 'probes', 'plan-replace-db.json');
    assert.equal(await main(['check-edit', '--json', '--path', 'plans/prod.tfplan.json', '--after', file], o), 3);
    const v = JSON.parse(o.stdout) as { findings: { ruleId: string; severity: string; line: number; message: string }[] };
    const plan = v.findings.filter((f) => f.ruleId === 'terraform.plan-destroy');
    assert.deepEqual(
      plan.map((f) => [f.severity, f.message]),
      [
        ['critical', 'The plan replaces aws_db_instance.orders, a database: its data goes.'],
        ['high', 'The plan destroys aws_instance.worker[0].'],
        ['high', 'The plan destroys aws_security_group.worker.'],
      ],
    );
    const text = fs.readFileSync(file, 'utf8').split('\n');
    assert.match(text[plan[0]!.line - 1]!, /"address": "aws_db_instance\.orders"/);
    assert.ok(plan[0]!.line > text.findIndex((l) => l.includes('"resource_changes"')));
  });
});
