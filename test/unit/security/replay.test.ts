/**
 * Attacks: replaying a person's approval. A person who approves one command (or one file
 * change) in the editor approves exactly that call: that command, in that folder, for that
 * agent session, once. An agent that got `terraform destroy` approved in a scratch folder, or in
 * another session, or a minute ago, must be asked about again.
 *
 * The editor is the stand-in for code-server's layout (test/fixtures/editor-host) relaying to a
 * guard server in this process whose decision plays the person: it asks (HOLD) and approves,
 * and counts what it was asked. Each row approves one call, then makes another; the second is
 * asked about again, with its own command, folder and session, and the person's answer to it is
 * what the agent gets. The last rows are the guard server's own rule: an agent's request never
 * shares a decision with another request (only parts of one terminal line do).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { encodeRequest, parseEditSummary, type CheckRequest, type EditRequest } from '../../../src/core/guard/protocol';
import { startGuardServer, type GuardAnswer, type GuardServer } from '../../../src/core/guard/server';
import { answerHook } from '../../../src/core/hooks/answer';
import { type EditorHost, startBelievedEditor } from '../helpers/editorHost';
import { fixturesDir } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';
import { ROOMY_BUDGET } from '../hooks/helpers/judge';

let tmp = '';
let removeTmp = (): void => undefined;
let ws = '';
let env: Record<string, string> = {};
let server: GuardServer;
let editor: EditorHost;
/** What the person was asked, in order. */
const asked: Array<CheckRequest | EditRequest> = [];
/** The person's next answers (default: approve). */
const answers: Array<'allow' | 'deny'> = [];

before(async () => {
  ({ dir: tmp, remove: removeTmp } = tempDir('br-replay-'));
  ws = path.join(tmp, 'ws');
  fs.cpSync(path.join(fixturesDir, 'demo-workspace'), ws, { recursive: true });
  const runtime = path.join(tmp, 'run');
  fs.mkdirSync(runtime, { mode: 0o700 });
  env = { XDG_RUNTIME_DIR: runtime, CLAUDE_PROJECT_DIR: '' };
  const person = async (req: CheckRequest | EditRequest, ctx: { hold(r: string): void }): Promise<GuardAnswer> => {
    asked.push(req);
    ctx.hold('asking the person');
    const a = answers.shift() ?? 'allow';
    return { verdict: a, reason: a === 'allow' ? 'allowed once by you' : 'denied by you in the editor' };
  };
  server = await startGuardServer({ decide: person, decideEdit: person });
  editor = await startBelievedEditor(server, ws, env);
});

after(async () => {
  editor.stop();
  await server.close();
  removeTmp();
});

function bash(command: string, o: { cwd?: string; session?: string; id?: string } = {}): string {
  return JSON.stringify({ session_id: o.session ?? 'session-1', cwd: o.cwd ?? ws, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: o.id ?? 'toolu_1' });
}

function write(file: string, content: string, session = 'session-1'): string {
  return JSON.stringify({ session_id: session, cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: path.join(ws, file), content }, tool_use_id: 'toolu_w' });
}

async function decision(input: string): Promise<string> {
  const out = await answerHook('claude-code', input, { cwd: ws, env: { ...process.env, ...ROOMY_BUDGET, ...env } });
  return (JSON.parse(out.stdout) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision;
}

const line = (r: CheckRequest | EditRequest | undefined): string | undefined => (r && r.verb === 'check' ? r.line : undefined);

interface Replay {
  name: string;
  /** The call the person approves. */
  first: string;
  /** The call that tries to ride on that approval. */
  second: string;
  /** What the person must see in the second request. */
  check(second: CheckRequest | EditRequest): void;
}

const terraform = 'terraform';

const REPLAYS: Replay[] = [
  {
    name: 'the same command again (a new tool call)',
    first: bash('terraform destroy -auto-approve', { id: 'toolu_1' }),
    second: bash('terraform destroy -auto-approve', { id: 'toolu_2' }),
    check: (r) => assert.equal(line(r), 'terraform destroy -auto-approve'),
  },
  {
    name: 'the very same tool call replayed (same tool_use_id)',
    first: bash('rm -rf build', { id: 'toolu_same' }),
    second: bash('rm -rf build', { id: 'toolu_same' }),
    check: (r) => assert.equal(line(r), 'rm -rf build'),
  },
  {
    name: 'the same command in another folder',
    first: bash('rm -rf build', { cwd: path.join(ws, terraform) }),
    second: bash('rm -rf build', { cwd: ws }),
    check: (r) => assert.equal(r.cwd, ws),
  },
  {
    name: 'the same command from another agent session',
    first: bash('git push --force origin main', { session: 'session-A' }),
    second: bash('git push --force origin main', { session: 'session-B' }),
    check: (r) => assert.equal(r.verb === 'check' ? r.flags.session : undefined, 'session-B'),
  },
  {
    name: 'a different command after an approval',
    first: bash('rm -rf build'),
    second: bash('rm -rf /'),
    check: (r) => assert.equal(line(r), 'rm -rf /'),
  },
  {
    name: 'the approved command with more appended',
    first: bash('git reset --hard HEAD~1'),
    second: bash('git reset --hard HEAD~1 && rm -rf ~'),
    check: (r) => assert.equal(line(r), 'git reset --hard HEAD~1 && rm -rf ~'),
  },
  {
    name: 'a file change, then the same file with other content',
    first: write('db/migrations/010_drop.sql', 'DROP TABLE orders;\n'),
    second: write('db/migrations/010_drop.sql', 'DROP TABLE orders;\nDROP TABLE customers;\n'),
    check: (r) => {
      assert.equal(r.verb, 'edit');
      const summary = r.verb === 'edit' ? parseEditSummary(r.summary) : undefined;
      assert.match(summary?.findings.map((f) => f.message).join(' ') ?? '', /customers/);
    },
  },
  {
    name: 'a file change approved in one session, made again from another',
    first: write('db/migrations/011_drop.sql', 'DROP TABLE users;\n', 'session-A'),
    second: write('db/migrations/011_drop.sql', 'DROP TABLE users;\n', 'session-B'),
    check: (r) => assert.equal(r.verb === 'edit' ? r.session : undefined, 'session-B'),
  },
];

for (const r of REPLAYS) {
  test(`replayed approval: ${r.name} — the person is asked again, and their answer is the one that counts`, async () => {
    asked.length = 0;
    answers.length = 0;
    answers.push('allow', 'deny');
    assert.equal(await decision(r.first), 'allow');
    assert.equal(asked.length, 1);
    assert.equal(await decision(r.second), 'deny', 'the second call got the first approval');
    assert.equal(asked.length, 2, 'the person was not asked about the second call');
    r.check(asked[1]!);
  });
}

test('replayed approval: two calls at once, one approved and one refused: each agent call gets its own answer', async () => {
  asked.length = 0;
  answers.length = 0;
  answers.push('allow', 'deny');
  const [a, b] = await Promise.all([decision(bash('terraform destroy', { id: 'x1' })), decision(bash('terraform destroy', { id: 'x2' }))]);
  assert.equal(asked.length, 2);
  assert.deepEqual([a, b].sort(), ['allow', 'deny']);
});

// ---------------------------------------------------------------------------------------------
// The guard server: which requests may share a decision

/** Sends one CHECK to `s` and returns the final answer line. */
function check(s: GuardServer, req: Omit<CheckRequest, 'verb' | 'token' | 'truncated'>): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const c = net.connect(s.port, s.host, () => c.write(encodeRequest({ verb: 'check', token: s.token, truncated: false, ...req })));
    c.setEncoding('utf8');
    c.on('data', (d: string) => (got += d));
    c.on('error', reject);
    c.on('close', () => resolve(got.split('\n').filter((l) => !l.startsWith('BR1 HOLD')).join('\n')));
  });
}

test('guard server: agent requests with the same pid, line number and line are each decided (no shared approval)', async () => {
  let decided = 0;
  const s = await startGuardServer({
    decide: async () => {
      decided++;
      return { verdict: 'allow', reason: 'allowed once by you' };
    },
  });
  try {
    const req = { shell: 'bash' as const, pid: 4242, seq: 7, flags: { child: false, partial: false, agent: 'claude-code' }, cwd: ws, line: 'terraform destroy' };
    await check(s, req);
    await check(s, req);
    assert.equal(decided, 2);
    // nor does an agent's request join a terminal line's decision
    await check(s, { ...req, flags: { child: false, partial: false } });
    await check(s, req);
    assert.equal(decided, 4);
  } finally {
    await s.close();
  }
});

test('guard server (control): parts of one terminal line share its decision', async () => {
  let decided = 0;
  const s = await startGuardServer({
    decide: async () => {
      decided++;
      return { verdict: 'allow', reason: '' };
    },
  });
  try {
    const req = { shell: 'bash' as const, pid: 4242, seq: 7, flags: { child: false, partial: false }, cwd: ws, line: 'make deploy' };
    await check(s, req);
    await check(s, req);
    assert.equal(decided, 1);
    // a new line (next line number) is decided again
    await check(s, { ...req, seq: 8 });
    assert.equal(decided, 2);
  } finally {
    await s.close();
  }
});
