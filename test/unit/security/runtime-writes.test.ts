/**
 * Attacks: writing the runtime folder or the judge's record, or starting a listener that claims
 * to be the editor. Before it can forge the editor or the judge (forged-editor, forged-judge),
 * an agent has to put a record in Blast Radius's runtime folder, or start a process laid out like
 * an editor's extension host. Whatever does it is a critical finding: every shell spelling
 * (guard.hook-files), interpreter code (evasion.guard-file-writes), a process that imitates the
 * editor (guard.fake-editor), and the agents' own write and edit tools
 * (cicd.guard-runtime-changed). (hook-files.test.ts runs the shell spellings in real shells.)
 * The names and patterns come from src/core/guard/runtimeDir.ts.
 *
 * Each shell row runs through the real command engine (critical, the expected rule) and through
 * the hook as Claude Code calls it (not let through: ask or deny); each tool row through the
 * hook of the agent that has that tool.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerHook } from '../../../src/core/hooks/answer';
import type { AgentId } from '../../../src/core/hooks/types';
import { analyze } from '../command/packs/table';
import { repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';
import { ROOMY_BUDGET } from '../hooks/helpers/judge';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const DISCOVERY = '/run/user/1000/blast-radius/0123456789abcdef01234567.json';
const JUDGE = '/run/user/1000/blast-radius/hook-judge-0123abcd.json';
const SERVER = '/tmp/blast-radius-1000/server-0123456789abcdef0123';

interface Row {
  line: string;
  rule: string;
  severity?: 'critical' | 'high';
}

const SHELL: Row[] = [
  // redirections
  { line: `echo '{"version":1,"port":40999}' > ${DISCOVERY}`, rule: 'guard.hook-files' },
  { line: 'cat /tmp/fake.json >> "$XDG_RUNTIME_DIR/blast-radius/hook-judge-0123abcd.json"', rule: 'guard.hook-files' },
  { line: `printf 'BR1 40999 x' >| ${SERVER}`, rule: 'guard.hook-files' },
  { line: `: > ${JUDGE}`, rule: 'guard.hook-files' },
  { line: 'cd /run/user/1000/blast-radius && echo {} > 0123456789abcdef01234567.json', rule: 'guard.hook-files' },
  // file tools
  { line: `cp /tmp/fake.json ${DISCOVERY}`, rule: 'guard.hook-files' },
  { line: `mv /tmp/fake.json "$XDG_RUNTIME_DIR/blast-radius/hook-judge-0123abcd.json"`, rule: 'guard.hook-files' },
  { line: `ln -sf /tmp/fake.json ${DISCOVERY}`, rule: 'guard.hook-files' },
  { line: `tee ${JUDGE} < /tmp/fake.json`, rule: 'guard.hook-files' },
  { line: `install -m 600 /tmp/fake.json ${DISCOVERY}`, rule: 'guard.hook-files' },
  { line: `rsync -a /tmp/fake.json ${JUDGE}`, rule: 'guard.hook-files' },
  { line: `dd if=/tmp/fake.json of=${DISCOVERY}`, rule: 'guard.hook-files' },
  { line: `sed -i 's/40123/40999/' ${JUDGE}`, rule: 'guard.hook-files' },
  { line: `perl -pi -e 's/40123/40999/' ${JUDGE}`, rule: 'guard.hook-files' },
  { line: `truncate -s 0 ${SERVER}`, rule: 'guard.hook-files' },
  { line: `rm -f ${JUDGE}`, rule: 'guard.hook-files' },
  { line: 'rm -rf /run/user/1000/blast-radius', rule: 'guard.hook-files' },
  // through wrappers
  { line: `bash -c "echo {} > ${DISCOVERY}"`, rule: 'guard.hook-files' },
  { line: `sudo tee ${JUDGE} < /tmp/fake.json`, rule: 'guard.hook-files' },
  { line: `find /tmp -name fake.json -exec cp {} ${DISCOVERY} \\;`, rule: 'guard.hook-files' },
  // interpreters
  { line: `python3 -c "open('${DISCOVERY}','w').write('{}')"`, rule: 'evasion.guard-file-writes' },
  { line: `python3 -c "import pathlib; pathlib.Path('${JUDGE}').write_text('{}')"`, rule: 'evasion.guard-file-writes' },
  { line: `python3 -c "import os; os.replace('/tmp/fake.json', os.path.join(os.environ['XDG_RUNTIME_DIR'], 'blast-radius', 'hook-judge-0123abcd.json'))"`, rule: 'evasion.guard-file-writes' },
  { line: `node -e "require('fs').writeFileSync('${DISCOVERY}', '{}')"`, rule: 'evasion.guard-file-writes' },
  { line: `node -e "require('fs').renameSync('/tmp/fake.json', process.env.XDG_RUNTIME_DIR + '/blast-radius/hook-judge-0123abcd.json')"`, rule: 'evasion.guard-file-writes' },
  { line: `perl -e 'open(my $f, ">${JUDGE}"); print $f "{}"'`, rule: 'evasion.guard-file-writes' },
  { line: `ruby -e 'File.write("${DISCOVERY}", "{}")'`, rule: 'evasion.guard-file-writes' },
  { line: `php -r 'file_put_contents("${JUDGE}", "{}");'`, rule: 'evasion.guard-file-writes' },
  { line: `python3 - <<'EOF'\nopen('${DISCOVERY}', 'w').write('{}')\nEOF`, rule: 'evasion.guard-file-writes' },
  // a listener that claims to be the editor
  { line: 'node /tmp/fake/out/bootstrap-fork.js --type=extensionHost', rule: 'guard.fake-editor' },
  { line: 'VSCODE_ESM_ENTRYPOINT=vs/workbench/api/node/extensionHostProcess node relay.js', rule: 'guard.fake-editor' },
  { line: 'setsid -f node /tmp/cs/out/node/entry.js', rule: 'guard.fake-editor' },
  { line: `python3 -c "import subprocess; subprocess.Popen(['node', 'relay.js', '--type=extensionHost'])"`, rule: 'guard.fake-editor' },
  { line: 'nohup code-server --bind-addr 127.0.0.1:8080 . &', rule: 'guard.fake-editor', severity: 'high' },
  { line: 'code serve-web --port 8000', rule: 'guard.fake-editor', severity: 'high' },
];

let tmp = '';
let removeTmp = (): void => undefined;
let ws = '';
let runtime = '';
let judgeRecord = '';

before(() => {
  ({ dir: tmp, remove: removeTmp } = tempDir('br-runtime-writes-'));
  ws = path.join(tmp, 'ws');
  fs.mkdirSync(path.join(ws, '.git'), { recursive: true });
  runtime = path.join(tmp, 'run');
  fs.mkdirSync(path.join(runtime, 'blast-radius'), { recursive: true, mode: 0o700 });
  judgeRecord = path.join(runtime, 'blast-radius', 'hook-judge-0123abcd.json');
  fs.writeFileSync(judgeRecord, '{"version":1,"build":"0123abcd","host":"127.0.0.1","port":40123,"token":"ab","pid":1}\n', { mode: 0o600 });
});

after(() => removeTmp());

async function hook(agent: AgentId, payload: object): Promise<string> {
  const out = await answerHook(agent, JSON.stringify(payload), { cwd: ws, env: { ...process.env, ...ROOMY_BUDGET, XDG_RUNTIME_DIR: path.join(tmp, 'no-editor'), CLAUDE_PROJECT_DIR: '' } });
  return out.stdout;
}

for (const row of SHELL) {
  test(`runtime folder, shell: ${row.line.split('\n')[0]} — ${row.severity ?? 'critical'} (${row.rule}), not let through`, async () => {
    const v = await analyze(row.line);
    const f = v.findings.find((x) => x.ruleId === row.rule);
    assert.equal(f?.severity, row.severity ?? 'critical', JSON.stringify(v.findings.map((x) => [x.ruleId, x.severity])));
    assert.notEqual(v.decision, 'allow');
    const out = await hook('claude-code', { session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: row.line }, tool_use_id: 't' });
    assert.match(out, /"permissionDecision":"(?:ask|deny)"/);
    assert.match(out, new RegExp(`rule ${row.rule.replace('.', '\\.')}`));
  });
}

test('runtime folder, shell (control): reading it, or files named like it elsewhere, is not a finding of these rules', async () => {
  for (const line of [`cat ${JUDGE}`, 'ls -la /run/user/1000/blast-radius', `python3 -c "print(open('${DISCOVERY}').read())"`, 'echo {} > /run/user/1000/other-app/0123456789abcdef01234567.json', 'node server.js --type=web']) {
    const v = await analyze(line);
    const hit = v.findings.find((x) => ['guard.hook-files', 'evasion.guard-file-writes', 'guard.fake-editor'].includes(x.ruleId) && x.severity === 'critical');
    assert.equal(hit, undefined, line);
  }
});

/** Each agent's write or edit tool, aimed at a record in the runtime folder. */
function tools(): Array<{ name: string; agent: AgentId; payload: object; answer: RegExp }> {
  const file = judgeRecord;
  const rel = path.relative(ws, file);
  const ask = /"permissionDecision":"ask"/;
  return [
    { name: 'Claude Code Write', agent: 'claude-code', payload: { session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: file, content: '{"port":40999}\n' }, tool_use_id: 't' }, answer: ask },
    { name: 'Claude Code Edit', agent: 'claude-code', payload: { session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Edit', tool_input: { file_path: file, old_string: '40123', new_string: '40999' }, tool_use_id: 't' }, answer: ask },
    { name: 'Claude Code MultiEdit', agent: 'claude-code', payload: { session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'MultiEdit', tool_input: { file_path: file, edits: [{ old_string: '40123', new_string: '40999' }] }, tool_use_id: 't' }, answer: ask },
    { name: 'VS Code create_file', agent: 'vscode', payload: { hookEventName: 'PreToolUse', sessionId: 's', cwd: ws, tool_name: 'create_file', tool_input: { filePath: path.join(runtime, 'blast-radius', '0123456789abcdef01234567.json'), content: '{}' }, tool_use_id: 't' }, answer: ask },
    { name: 'Copilot CLI create', agent: 'copilot-cli', payload: { timestamp: 1, cwd: ws, toolName: 'create', toolArgs: JSON.stringify({ path: path.join(runtime, 'blast-radius', '0123456789abcdef01234567.json'), file_text: '{}' }) }, answer: /"permissionDecision":"ask"/ },
    { name: 'Codex apply_patch', agent: 'codex', payload: { session_id: 's', turn_id: '1', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'apply_patch', tool_input: { command: `*** Begin Patch\n*** Update File: ${rel}\n@@\n-{"version":1,"build":"0123abcd","host":"127.0.0.1","port":40123,"token":"ab","pid":1}\n+{"version":1,"build":"0123abcd","host":"127.0.0.1","port":40999,"token":"ab","pid":1}\n*** End Patch\n` }, tool_use_id: 't' }, answer: /"permissionDecision":"deny"/ },
    { name: 'Gemini CLI write_file', agent: 'gemini', payload: { session_id: 's', cwd: ws, hook_event_name: 'BeforeTool', tool_name: 'write_file', tool_input: { file_path: file, content: '{}' } }, answer: /"decision":"deny"/ },
    { name: 'Cursor Write', agent: 'cursor', payload: { hook_event_name: 'preToolUse', conversation_id: 'c', cwd: ws, workspace_roots: [ws], tool_name: 'Write', tool_input: { file_path: file, contents: '{}' }, tool_use_id: 't' }, answer: /"permission":"deny"/ },
  ];
}

for (const t of ['Claude Code Write', 'Claude Code Edit', 'Claude Code MultiEdit', 'VS Code create_file', 'Copilot CLI create', 'Codex apply_patch', 'Gemini CLI write_file', 'Cursor Write']) {
  test(`runtime folder, agent tool: ${t} of a record — critical (cicd.guard-runtime-changed), refused or asked in the agent's dialect`, async () => {
    const row = tools().find((x) => x.name === t)!;
    const out = await hook(row.agent, row.payload);
    assert.match(out, row.answer);
    assert.match(out, /cicd\.guard-runtime-changed, critical/);
    assert.match(fs.readFileSync(judgeRecord, 'utf8'), /"port":40123/, 'the hook changed nothing');
  });
}

test('runtime folder, through the built CLI as Claude Code runs it: a Bash redirection and a Write are asked about', () => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  const env = { ...process.env, ...ROOMY_BUDGET, XDG_RUNTIME_DIR: path.join(tmp, 'no-editor'), CLAUDE_PROJECT_DIR: '', BLAST_RADIUS_HOOK_JUDGE: 'off' };
  for (const tool of [
    { tool_name: 'Bash', tool_input: { command: `echo '{"port":40999}' > ${judgeRecord}` }, rule: 'guard.hook-files' },
    { tool_name: 'Write', tool_input: { file_path: judgeRecord, content: '{"port":40999}\n' }, rule: 'cicd.guard-runtime-changed' },
  ]) {
    const r = spawnSync(process.execPath, [cli, 'hook', 'claude-code'], { cwd: ws, env, encoding: 'utf8', input: JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: tool.tool_name, tool_input: tool.tool_input, tool_use_id: 't' }) });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /"permissionDecision":"ask"/);
    assert.match(r.stdout, new RegExp(`rule ${tool.rule.replace(/\./g, '\\.')}, critical`));
  }
});
