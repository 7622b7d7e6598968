/** docs/signoff.md stays true: its record example is a valid record, its policy example a valid policy. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePolicyDocument } from '../../../src/core/policy/resolve';
import { parseRecord, recordPath } from '../../../src/core/signoff/record';
import { signoffPolicyFromText } from '../../../src/core/signoff/policy';
import { repoRoot } from '../helpers/paths';

const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'signoff.md'), 'utf8');

function blocks(lang: string): string[] {
  const out: string[] = [];
  const re = new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g');
  for (let m = re.exec(doc); m; m = re.exec(doc)) out.push(m[1]!);
  return out;
}

test('the record example in docs/signoff.md is a valid record', () => {
  const [example] = blocks('json');
  assert.ok(example, 'no json example in docs/signoff.md');
  const id = (JSON.parse(example) as { id: string; time: string }).id;
  const time = (JSON.parse(example) as { id: string; time: string }).time;
  const r = parseRecord(example, recordPath({ id, time }));
  assert.ok(r.ok, r.ok ? '' : r.message);
});

test('the policy example in docs/signoff.md is a valid policy with the documented meaning', () => {
  const [example] = blocks('jsonc');
  assert.ok(example);
  const parsed = parsePolicyDocument(example, 'file');
  assert.deepEqual(parsed.problems, []);
  const p = signoffPolicyFromText(example).policy;
  assert.equal(p.required.critical, 2);
  assert.deepEqual(p.seniors, [['*@platform.example.com', 'dana@example.com']]);
});

test('the CI example runs verify against the pull request base with full history, from a workflow and a tool the branch cannot change', () => {
  const [workflow] = blocks('yaml');
  assert.ok(workflow);
  assert.match(workflow, /^\s+- run: blast-radius verify --base origin\/\$\{\{ github\.base_ref \}\}$/m);
  assert.match(workflow, /fetch-depth: 0/);
  assert.match(workflow, /^\s+pull_request_target:/m, 'the workflow file comes from the base branch');
  assert.match(workflow, /persist-credentials: false/);
  assert.match(workflow, /npm install --global --ignore-scripts blast-radius@\d+\.\d+\.\d+/, 'a pinned release, no install scripts');
  assert.doesNotMatch(workflow, /npm ci|npm install(?! --global)/, "nothing from the branch's package.json runs before verify");
});

test('the team set-up example is a valid policy that requires signed records and names the allowed signers', () => {
  const example = blocks('jsonc').find((b) => b.includes('allowedSignersFile'));
  assert.ok(example, 'no signed-approvals policy example in docs/signoff.md');
  const parsed = parsePolicyDocument(example, 'file');
  assert.deepEqual(parsed.problems, []);
  const p = signoffPolicyFromText(example).policy;
  assert.equal(p.requireSignedRecords, true);
  assert.equal(p.allowedSignersFile, '.github/allowed_signers');
});
