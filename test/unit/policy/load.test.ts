import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_POLICY_FILE_BYTES, findWorkspaceRoot, loadPolicyFile, loadWorkspacePolicy } from '../../../src/core/policy';
import { fixturesDir } from '../helpers/paths';
import { tempDir, withTempDir } from '../helpers/tmp';

test('a missing policy file is an empty, valid policy', async () => {
  await withTempDir('blast-policy-', async (dir) => {
    const r = await loadPolicyFile(path.join(dir, '.blast-radius.json'));
    assert.equal(r.valid, true);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.document, {});
  });
});

test('a fixture file is read as a workspace file: tighten-only', async () => {
  const r = await loadPolicyFile(path.join(fixturesDir, 'policies', 'full.jsonc'));
  assert.equal(r.source, 'file');
  assert.equal(r.valid, true);
  assert.equal(r.document.deny?.length, 3);
});

test('a directory where the file should be is a problem, not a crash', async () => {
  await withTempDir('blast-policy-', async (dir) => {
    fs.mkdirSync(path.join(dir, '.blast-radius.json'));
    const r = await loadPolicyFile(path.join(dir, '.blast-radius.json'));
    assert.equal(r.valid, false);
    assert.match(r.problems[0]!.message, /is not a regular file/);
  });
});

test('an oversized file is refused', async () => {
  await withTempDir('blast-policy-', async (dir) => {
    const file = path.join(dir, '.blast-radius.json');
    fs.writeFileSync(file, `{"deny": ["x"]}${' '.repeat(MAX_POLICY_FILE_BYTES)}`);
    const r = await loadPolicyFile(file);
    assert.equal(r.valid, false);
    assert.match(r.problems[0]!.message, /larger than/);
  });
});

test('loadWorkspacePolicy: defaults tightened by the workspace file, loosening refused', async () => {
  await withTempDir('blast-policy-', async (dir) => {
    fs.writeFileSync(path.join(dir, '.blast-radius.json'), '{ // team policy\n "deny": ["terraform destroy"], "allow": ["rm"], "severity": { "medium": "confirm" } }');
    const { policy, problems } = await loadWorkspacePolicy(dir);
    assert.deepEqual(policy.deny.map((d) => `${d.source}:${d.label}`), ['file:terraform destroy']);
    assert.equal(policy.allow.length, 0);
    assert.equal(policy.severity.medium, 'confirm');
    assert.deepEqual(problems.map((p) => p.path), ['allow']);
    const none = await loadWorkspacePolicy(dir, '');
    assert.equal(none.policy.deny.length, 0);
  });
});

test('the workspace of a folder is the nearest folder up with a policy file or a repository', () => {
  const { dir, remove } = tempDir('br-workspace-');
  try {
    const repo = path.join(dir, 'repo');
    const nested = path.join(repo, 'services', 'api', 'src');
    fs.mkdirSync(nested, { recursive: true });
    fs.mkdirSync(path.join(repo, '.git'));
    assert.equal(findWorkspaceRoot(nested), repo);
    assert.equal(findWorkspaceRoot(repo), repo);
    // A policy file nearer than the repository's root marks a workspace of its own.
    fs.writeFileSync(path.join(repo, 'services', '.blast-radius.json'), '{}');
    assert.equal(findWorkspaceRoot(nested), path.join(repo, 'services'));
  } finally {
    remove();
  }
});

test('a folder with neither above it is its own workspace', () => {
  const { dir, remove } = tempDir('br-workspace-');
  try {
    const lone = path.join(dir, 'a', 'b');
    fs.mkdirSync(lone, { recursive: true });
    // The temporary folder may itself sit inside a repository; only a result inside `dir` is ours to check.
    const root = findWorkspaceRoot(lone);
    assert.ok(root === lone || !root.startsWith(dir), root);
  } finally {
    remove();
  }
});
