import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDecision, formatUnreadable } from '../../../src/core/hooks/format';
import type { AgentId, HookAnswer, HookOutput } from '../../../src/core/hooks/types';

const R = 'Blast Radius: `rm -rf /` would delete everything.';
const ask: HookAnswer = { decision: 'ask', reason: R };
const deny: HookAnswer = { decision: 'deny', reason: R };
const pass: HookAnswer = { decision: 'pass' };
const allow: HookAnswer = { decision: 'allow', reason: 'approved' };

function out(agent: AgentId, answer: HookAnswer, event?: string, snakeCase?: boolean): { json: unknown; o: HookOutput } {
  const to = { agent, ...(event ? { event } : {}), ...(snakeCase ? { snakeCase } : {}) };
  const o = formatDecision(to, answer);
  return { json: JSON.parse(o.stdout), o };
}

test('every answer is JSON on stdout with exit 0 and nothing on stderr', () => {
  for (const agent of ['claude-code', 'vscode', 'copilot-cli', 'cursor', 'gemini', 'codex'] as const) {
    for (const a of [ask, deny, pass, allow]) {
      const o = formatDecision({ agent }, a);
      assert.equal(o.exitCode, 0, `${agent} ${a.decision}`);
      assert.equal(o.stderr, '');
      assert.ok(o.stdout.endsWith('\n'));
      assert.doesNotThrow(() => JSON.parse(o.stdout));
    }
  }
});

for (const agent of ['claude-code', 'vscode'] as const) {
  test(`${agent}: ask, deny and a person's allow use hookSpecificOutput.permissionDecision`, () => {
    assert.deepEqual(out(agent, ask, 'PreToolUse').json, {
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'ask', permissionDecisionReason: R },
    });
    assert.deepEqual(out(agent, deny, 'PreToolUse').json, {
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: R },
    });
    assert.deepEqual(out(agent, allow, 'PreToolUse').json, {
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: 'approved' },
    });
  });

  test(`${agent}: no objection is an explicit "continue", never an auto-approval`, () => {
    assert.deepEqual(out(agent, pass, 'PreToolUse').json, { continue: true });
  });
}

test('Copilot CLI: top-level permissionDecision; no objection is an empty object', () => {
  assert.deepEqual(out('copilot-cli', ask).json, { permissionDecision: 'ask', permissionDecisionReason: R });
  assert.deepEqual(out('copilot-cli', deny).json, { permissionDecision: 'deny', permissionDecisionReason: R });
  assert.deepEqual(out('copilot-cli', pass).json, {});
});

test('Copilot CLI: the snake_case form also gets hookSpecificOutput', () => {
  assert.deepEqual(out('copilot-cli', deny, 'PreToolUse', true).json, {
    permissionDecision: 'deny',
    permissionDecisionReason: R,
    hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: R },
  });
});

test('Cursor: beforeShellExecution answers permission with messages for the user and the agent', () => {
  assert.deepEqual(out('cursor', ask, 'beforeShellExecution').json, { permission: 'ask', user_message: R, agent_message: R });
  assert.deepEqual(out('cursor', deny, 'beforeShellExecution').json, { permission: 'deny', user_message: R, agent_message: R });
  assert.deepEqual(out('cursor', pass, 'beforeShellExecution').json, { permission: 'allow' });
});

test('Cursor: preToolUse cannot ask, so a confirmation becomes a refusal that says why', () => {
  const { json } = out('cursor', ask, 'preToolUse');
  const j = json as { permission: string; agent_message: string };
  assert.equal(j.permission, 'deny');
  assert.ok(j.agent_message.startsWith(R));
  assert.match(j.agent_message, /cannot ask for one from a hook/);
});

test('Cursor: after-the-fact events get an empty answer', () => {
  assert.deepEqual(out('cursor', pass, 'afterFileEdit').json, {});
});

test('Gemini CLI: deny with a reason; a confirmation becomes a refusal; no objection is {}', () => {
  assert.deepEqual(out('gemini', deny).json, { decision: 'deny', reason: R });
  const j = out('gemini', ask).json as { decision: string; reason: string };
  assert.equal(j.decision, 'deny');
  assert.match(j.reason, /let them run it themselves/);
  assert.deepEqual(out('gemini', pass).json, {});
});

test('Codex: only deny is answered; ask becomes deny; allow and pass are {}', () => {
  assert.deepEqual(out('codex', deny, 'PreToolUse').json, {
    hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: R },
  });
  const j = out('codex', ask, 'PreToolUse').json as { hookSpecificOutput: { permissionDecision: string } };
  assert.equal(j.hookSpecificOutput.permissionDecision, 'deny');
  assert.deepEqual(out('codex', pass).json, {});
  assert.deepEqual(out('codex', allow).json, {});
});

test('unreadable input from a known agent is that agent\'s ask, with a reason for the model', () => {
  const o = formatUnreadable('claude-code', 'PreToolUse', 'the hook input is not valid JSON');
  const j = JSON.parse(o.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
  assert.equal(j.hookSpecificOutput.permissionDecision, 'ask');
  assert.match(j.hookSpecificOutput.permissionDecisionReason, /^Blast Radius could not read the hook input \(the hook input is not valid JSON\)/);
});

test('unreadable input from an unknown agent blocks with exit 2 and the reason on stderr', () => {
  const o = formatUnreadable(undefined, undefined, 'the hook input is not valid JSON');
  assert.equal(o.exitCode, 2);
  assert.equal(o.stdout, '');
  assert.match(o.stderr, /^Blast Radius could not read the hook input/);
});
