/**
 * Attacks: an agent approving its own change with `blast-radius approve`. Two layers, each tried
 * on its own:
 *
 * 1. The command engine reads every spelling that starts the CLI's `approve` (absolute paths,
 *    links under another name, `node …/cli.js`, package runners, wrappers, `bash -c`, interpreter
 *    code, a variable taken out of the environment): guard.self-approve, critical, so the agent's
 *    hook asks (or refuses) instead of letting it run.
 * 2. `approve` itself, run for real against a repository with a change waiting for sign-off,
 *    refuses to write a record when a coding agent is among its ancestors (its program, its
 *    install path, or an agent marker in the environment an ancestor was started with), or when
 *    it is not at a person's terminal. Each row starts it the way an agent could, exits non-zero
 *    and leaves no record; the control row, at a terminal with no agent above it, approves.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerHook } from '../../../src/core/hooks/answer';
import { AGENT_ENVIRONMENT_MARKERS } from '../../../src/core/signoff/identity';
import { analyze } from '../command/packs/table';
import { repoRoot } from '../helpers/paths';
import { runAtTerminal, shQuote } from '../helpers/terminal';
import { tempDir } from '../helpers/tmp';
import { ALICE, makeRepo, type Repo } from '../signoff/helpers';

const cli = path.join(repoRoot, 'dist', 'cli.js');

// ---------------------------------------------------------------------------------------------
// 1. The command engine

const SPELLINGS: string[] = [
  'blast-radius approve --all-pending',
  'blast-radius approve 5e5aee3b92ff --commit',
  '/usr/local/bin/blast-radius approve --all-pending',
  './node_modules/.bin/blast-radius approve 5e5aee3b92ff',
  'node ~/.vscode/extensions/blast-radius.blast-radius-0.1.0/dist/cli.js approve --all-pending',
  'node --no-warnings dist/cli.mjs approve 5e5aee3b92ff',
  'npx blast-radius approve --all-pending',
  'npx --yes blast-radius@latest approve 5e5aee3b92ff',
  'pnpm dlx blast-radius approve --all-pending',
  'bunx blast-radius approve --all-pending',
  'yarn dlx blast-radius approve --all-pending',
  'env -u CLAUDECODE blast-radius approve --all-pending',
  'env -i HOME="$HOME" PATH=/usr/bin:/bin blast-radius approve --all-pending',
  'CLAUDECODE= GEMINI_CLI= blast-radius approve --all-pending',
  "bash -c 'blast-radius approve --all-pending'",
  'sh -c "npx blast-radius approve 5e5aee3b92ff"',
  "script -qec 'blast-radius approve --all-pending' /dev/null",
  'setsid -f blast-radius approve --all-pending',
  'nohup blast-radius approve --all-pending &',
  'timeout 30 blast-radius approve --all-pending',
  'sudo -u "$USER" blast-radius approve --all-pending',
  'xargs blast-radius approve < ids.txt',
  'command blast-radius approve --all-pending',
  'exec blast-radius approve --all-pending',
  `python3 -c "import subprocess; subprocess.run(['blast-radius', 'approve', '--all-pending'])"`,
  `node -e "require('child_process').execSync('blast-radius approve --all-pending')"`,
  '/tmp/ok approve --all-pending',
  'ln -s "$(command -v blast-radius)" /tmp/ok && /tmp/ok approve 5e5aee3b92ff',
  'cp dist/cli.js /tmp/x.js && node /tmp/x.js approve --all-pending',
  '"$BR" approve --all-pending',
  '$(which blast-radius) approve --all-pending',
  'git add -A && blast-radius approve --all-pending --commit && git push',
];

for (const line of SPELLINGS) {
  test(`self-approve spelling: ${line} — critical (guard.self-approve), and the agent's hook does not let it run`, async () => {
    const v = await analyze(line);
    const f = v.findings.find((x) => x.ruleId === 'guard.self-approve');
    assert.equal(f?.severity, 'critical', JSON.stringify(v.findings.map((x) => x.ruleId)));
    assert.notEqual(v.decision, 'allow');
    const out = await answerHook('claude-code', JSON.stringify({ session_id: 's', cwd: repoRoot, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: line }, tool_use_id: 't' }), { cwd: repoRoot, env: { HOME: process.env['HOME'] ?? '/root', PATH: process.env['PATH'] ?? '' } });
    assert.match(out.stdout, /"permissionDecision":"(?:ask|deny)"/);
  });
}

test('self-approve spellings (control): what writes no record is not flagged', async () => {
  for (const line of ['blast-radius approve --all-pending --as-check', 'blast-radius approve --help', 'blast-radius verify --base main', 'gh pr review --approve', 'kubectl certificate approve csr-5e5aee3b92ff']) {
    const v = await analyze(line);
    assert.equal(v.findings.find((x) => x.ruleId === 'guard.self-approve'), undefined, line);
  }
});

// ---------------------------------------------------------------------------------------------
// 2. approve itself

let tmp = '';
let removeTmp = (): void => undefined;
let repo: Repo;
let changeId = '';

/** The environment of a person's shell: no agent marker in it. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...repo.env };
  for (const k of AGENT_ENVIRONMENT_MARKERS) delete env[k];
  return env;
}

const reviews = (): string => path.join(repo.dir, '.blast-radius', 'reviews');

before(() => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  ({ dir: tmp, remove: removeTmp } = tempDir('br-self-approve-'));
  repo = makeRepo('br-self-approve-repo-');
  repo.as(ALICE);
  repo.write('.blast-radius.json', '{\n  "approvals": { "high": 1, "critical": 1 }\n}\n');
  repo.write('db/migrations/001_users.sql', 'CREATE TABLE users (id BIGINT PRIMARY KEY);\n');
  repo.commitAll('initial');
  repo.git('checkout', '-q', '-b', 'drop-users');
  repo.write('db/migrations/002_drop_users.sql', 'DROP TABLE users;\n');
  repo.commitAll('drop the users table');
  const v = spawnSync(process.execPath, [cli, 'verify', '--json'], { cwd: repo.dir, env: cleanEnv(), encoding: 'utf8' });
  changeId = (JSON.parse(v.stdout) as { changes: Array<{ id: string }> }).changes[0]!.id;
  assert.match(changeId, /^[0-9a-f]{12}$/);
});

after(() => {
  repo.rm();
  removeTmp();
});

/** A folder on PATH-less disk holding `name` as a link to /bin/sh: a process that looks like that agent. */
function agentShell(name: string): string {
  const dir = path.join(tmp, `agent-${name}`);
  fs.mkdirSync(dir, { recursive: true });
  const link = path.join(dir, name);
  if (!fs.existsSync(link)) fs.symlinkSync('/bin/sh', link);
  return link;
}

/**
 * A shell command line that runs `command` at a new terminal (script) and exits with its code.
 * (`; exit $?` also keeps the shell from exec-ing script in its own place: it stays an ancestor.)
 */
function atTerminal(command: string): string {
  return `script -qec ${shQuote(command)} /dev/null; exit $?`;
}

const approveCmd = (launcher = `${shQuote(process.execPath)} ${shQuote(cli)}`): string => `${launcher} approve ${changeId}`;

interface Run {
  code: number | null;
  out: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Run {
  const r = spawnSync(file, args, { cwd: repo.dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, out: `${r.stdout}${r.stderr}`.replace(/\r/g, '') };
}

interface RuntimeAttack {
  name: string;
  start(): Run;
  why: RegExp;
}

const AGENT_NAMES = ['claude', 'codex', 'gemini', 'cursor-agent', 'copilot'];

const RUNTIME: RuntimeAttack[] = [
  {
    name: 'run by an agent tool without a terminal (input is a pipe)',
    start: () => run(process.execPath, [cli, 'approve', changeId]),
    why: /refused: its input is not a terminal/,
  },
  {
    name: "run with the agent's marker in its environment (CLAUDECODE=1)",
    start: () => run(process.execPath, [cli, 'approve', changeId], { ...cleanEnv(), CLAUDECODE: '1' }),
    why: /refused: this command was started by an AI agent \(CLAUDECODE is set\)/,
  },
  {
    name: "the marker removed (env -u CLAUDECODE), at a terminal, under a shell started with it",
    start: () => run('/bin/sh', ['-c', atTerminal(`env -u CLAUDECODE ${approveCmd()}`)], { ...cleanEnv(), CLAUDECODE: '1' }),
    why: /refused: it was started by a coding agent: process \d+ \(\S+\), started with CLAUDECODE set/,
  },
  {
    name: 'every agent variable cleared (env -i), at a terminal, under a shell started with GEMINI_CLI=1',
    start: () => run('/bin/sh', ['-c', atTerminal(`env -i PATH=/usr/bin:/bin HOME=${shQuote(repo.env['HOME'] ?? '')} ${approveCmd()}`)], { ...cleanEnv(), GEMINI_CLI: '1' }),
    why: /refused: it was started by a coding agent: .*started with GEMINI_CLI set/,
  },
  ...AGENT_NAMES.map(
    (name): RuntimeAttack => ({
      name: `at a terminal, under a process named ${name}`,
      start: () => run(agentShell(name), ['-c', atTerminal(approveCmd())]),
      why: new RegExp(`refused: it was started by a coding agent: ${name} \\(process \\d+\\)`),
      }),
  ),
  {
    name: "at a terminal, under node running an agent's npm package (@anthropic-ai/claude-code)",
    start: () => {
      const pkg = path.join(tmp, 'node_modules', '@anthropic-ai', 'claude-code');
      fs.mkdirSync(pkg, { recursive: true });
      const script = path.join(pkg, 'cli.js');
      fs.writeFileSync(script, "process.exitCode = require('node:child_process').spawnSync('/bin/sh', ['-c', process.argv[2]], { stdio: 'inherit' }).status ?? 1;\n");
      return run(process.execPath, [script, atTerminal(approveCmd())]);
    },
    why: /refused: it was started by a coding agent: \S*@anthropic-ai\/claude-code\/cli\.js \(process \d+\)/,
  },
  {
    name: 'a link to the CLI under another name (ok), at a terminal, under claude',
    start: () => {
      const link = path.join(tmp, 'ok');
      if (!fs.existsSync(link)) fs.symlinkSync(cli, link);
      return run(agentShell('claude'), ['-c', atTerminal(`${shQuote(process.execPath)} ${shQuote(link)} approve ${changeId}`)]);
    },
    why: /refused: it was started by a coding agent: claude/,
  },
  {
    name: 'a copy of the CLI, at a terminal, under codex',
    start: () => {
      const copy = path.join(tmp, 'copy');
      if (!fs.existsSync(copy)) fs.cpSync(path.join(repoRoot, 'dist'), copy, { recursive: true });
      return run(agentShell('codex'), ['-c', atTerminal(approveCmd(`${shQuote(process.execPath)} ${shQuote(path.join(copy, 'cli.js'))}`))]);
    },
    why: /refused: it was started by a coding agent: codex/,
  },
  {
    name: 'a new session without a controlling terminal (setsid), input still the terminal',
    start: () => run('/bin/sh', ['-c', atTerminal(`setsid -w ${approveCmd()}`)]),
    why: /refused: it has no controlling terminal/,
  },
  {
    name: 'at a terminal, but its input redirected from a file',
    start: () => run('/bin/sh', ['-c', atTerminal(`${approveCmd()} < /dev/null`)]),
    why: /refused: its input is not a terminal/,
  },
];

for (const a of RUNTIME) {
  test(`approve at run time: ${a.name} — refused, nothing written`, () => {
    const r = a.start();
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, a.why);
    assert.match(r.out, /Nothing was written|started by an AI agent/);
    assert.doesNotMatch(r.out, /Approved as/);
    assert.equal(fs.existsSync(reviews()), false, 'a record was written');
    assert.equal(repo.git('status', '--porcelain').trim(), '');
  });
}

test('approve at run time (control): a person at their terminal, no agent above, approves', () => {
  const r = runAtTerminal([process.execPath, cli, 'approve', changeId], { cwd: repo.dir, env: cleanEnv() });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /Approved as Alice Author <alice@example\.com>/);
  assert.equal(fs.readdirSync(reviews()).length, 1);
});
