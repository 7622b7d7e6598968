/** Where a hook call happens (core/hooks/locate.ts) and what the editor is shown about a change (answer.ts), without a process. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { editSummary } from '../../../src/core/hooks/answer';
import { locate, relativeTo, shownPaths } from '../../../src/core/hooks/locate';
import type { NormalizedRequest } from '../../../src/core/hooks/types';

let tmp = '';
let repo = '';
let sub = '';

before(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'br-locate-')));
  repo = path.join(tmp, 'repo');
  sub = path.join(repo, 'services', 'api');
  fs.mkdirSync(sub, { recursive: true });
  fs.mkdirSync(path.join(repo, '.git'));
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const origin = { agent: 'claude-code', event: 'PreToolUse', tool: 'Bash' } as const;

function command(extra: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return { ...origin, kind: 'command', command: 'ls', ...extra } as NormalizedRequest;
}

test("the request's own folder wins, and its workspace is the repository around it", () => {
  const where = locate(command({ cwd: sub }), { cwd: '/', env: {} });
  assert.deepEqual(where, { cwd: sub, root: repo });
});

test("without a folder in the request, the agent's project folder is both the folder and the workspace", () => {
  const where = locate(command(), { cwd: '/', env: { CLAUDE_PROJECT_DIR: sub } });
  assert.deepEqual(where, { cwd: sub, root: sub, opened: sub });
});

test("the workspace roots an agent reports win over its project folder and the repository", () => {
  const where = locate(command({ cwd: sub, workspaceRoots: [path.join(repo, 'services')] }), { cwd: '/', env: { CLAUDE_PROJECT_DIR: repo } });
  assert.deepEqual(where, { cwd: sub, root: path.join(repo, 'services'), opened: path.join(repo, 'services') });
});

test("a relative folder in the request is taken from the hook's own folder", () => {
  const where = locate(command({ cwd: 'services/api' }), { cwd: repo, env: {} });
  assert.deepEqual(where, { cwd: sub, root: repo });
});

test('the paths the model reads are relative to the workspace; a path outside it stays absolute', () => {
  const where = { cwd: sub, root: repo };
  const write = shownPaths({ ...origin, kind: 'write', path: 'main.tf', content: '' }, where);
  assert.equal((write as { path: string }).path, 'services/api/main.tf');
  const files = shownPaths({ ...origin, kind: 'files', changes: [{ op: 'delete', path: '/etc/hosts' }, { op: 'delete', path: '../web/x.sql' }] }, where);
  assert.deepEqual((files as { changes: { path: string }[] }).changes.map((c) => c.path), ['/etc/hosts', 'services/web/x.sql']);
  assert.equal(relativeTo(repo, repo), repo);
});

test('the edit summary for the editor carries the paths, the severity, the findings and the notes', () => {
  const req: NormalizedRequest = { ...origin, tool: 'Write', kind: 'write', path: 'db/004.sql', content: 'DROP TABLE customers;\n' };
  const summary = editSummary(req, {
    decision: 'confirm',
    severity: 'high',
    findings: [{ ruleId: 'sql.drop-table', severity: 'high', message: 'drops the table customers', path: 'db/004.sql', line: 1 }],
    notes: ['one note'],
  });
  assert.deepEqual(summary.paths, ['db/004.sql']);
  assert.equal(summary.severity, 'high');
  assert.deepEqual(summary.findings, [{ ruleId: 'sql.drop-table', severity: 'high', message: 'drops the table customers', path: 'db/004.sql', line: 1 }]);
  assert.deepEqual(summary.notes, ['one note']);
  assert.match(summary.subject, /db\/004\.sql/);
});
