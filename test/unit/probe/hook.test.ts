/**
 * The agent's hook measures too (no editor running: the hook decides with the policy): the
 * reason the agent reads carries what was measured, with numbers, on real temporary repositories
 * and with a fake `terraform` first on the agent's PATH.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { answerHook } from '../../../src/core/hooks/answer';
import { fixturesDir } from '../helpers/paths';
import { withTempDir } from '../helpers/tmp';
import { sandbox, type Sandbox } from './sandbox';

interface ClaudeAnswer {
  hookSpecificOutput?: { permissionDecision: string; permissionDecisionReason: string };
}

/** Claude Code's hook answer for a Bash call in the sandbox repository, without an editor. */
async function hook(s: Sandbox, command: string): Promise<ClaudeAnswer> {
  const payload = { session_id: 's', cwd: s.dir, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 't' };
  const out = await withTempDir('br-hook-runtime-', (runtime) =>
    // a runtime folder of its own: no editor's discovery file is found
    answerHook('claude-code', JSON.stringify(payload), { cwd: s.dir, env: { ...s.ctx().env, XDG_RUNTIME_DIR: runtime, CLAUDE_PROJECT_DIR: s.dir } }, { editor: false }),
  );
  assert.equal(out.exitCode, 0, out.stderr);
  return JSON.parse(out.stdout) as ClaudeAnswer;
}

function project(s: Sandbox): void {
  s.commit({ 'src/app.ts': 'export const a = 1;\n', 'src/util.ts': 'export const u = 1;\n', 'README.md': '# shop\n' }, 'Initial');
}

describe("the hook's reason to the agent", () => {
  test('git checkout -- . over uncommitted work: asks, saying which files and how many lines', async () => {
    const s = sandbox();
    project(s);
    s.write('src/app.ts', 'export const a = 1;\nexport const b = 2;\n');
    s.write('src/util.ts', 'export const u = 2;\n');
    const a = await hook(s, 'git checkout -- .');
    assert.equal(a.hookSpecificOutput?.permissionDecision, 'ask');
    assert.match(a.hookSpecificOutput!.permissionDecisionReason, /Measured: Discards uncommitted changes in 2 files \(\+2 −1\): src\/app\.ts and src\/util\.ts\./);
  });

  test('the same line on a clean tree: nothing to discard, no objection', async () => {
    const s = sandbox();
    project(s);
    const a = await hook(s, 'git checkout -- .');
    assert.equal(a.hookSpecificOutput, undefined, JSON.stringify(a));
  });

  test('terraform apply of a saved plan that replaces a database: the address is named', async () => {
    const s = sandbox();
    s.fake('terraform', `case "$*" in *"show -json"*) cat '${path.join(fixturesDir, 'probes', 'plan-replace-db.json')}' ;; *) exit 9 ;; esac`);
    const a = await hook(s, 'terraform apply tfplan');
    assert.equal(a.hookSpecificOutput?.permissionDecision, 'ask');
    assert.match(a.hookSpecificOutput!.permissionDecisionReason, /\(rule iac\.terraform-apply-plan, critical\)\. Measured: Replaces aws_db_instance\.orders \(its data goes\) and destroys 2 more resources\./);
    assert.deepEqual(s.calls('terraform'), ['show -json -no-color tfplan']);
  });
});
