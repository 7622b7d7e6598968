import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, describeVerdict, findingOf } from './table';

describe('k8s: the context decides the blast radius', () => {
  const line = 'kubectl delete namespace shop';
  test('no known context: high, held for confirmation', async () => {
    const v = await analyze(line);
    assert.equal(v.severity, 'high');
    assert.equal(v.decision, 'confirm');
  });

  test('a local context: low, allowed', async () => {
    for (const kubeContext of ['kind-dev', 'minikube', 'docker-desktop', 'k3d-local']) {
      const v = await analyze(line, { kubeContext });
      assert.equal(v.severity, 'low', `${kubeContext}: ${describeVerdict(v)}`);
      assert.equal(v.decision, 'allow');
    }
  });

  test('a production context: critical, and the target names it', async () => {
    const f = await findingOf('k8s.delete', line, { kubeContext: 'prod-eu' });
    assert.equal(f.severity, 'critical');
    assert.equal(f.target, 'kube context prod-eu');
  });

  test('--context in the line wins over the caller\'s context', async () => {
    assert.equal((await findingOf('k8s.delete', `${line} --context kind-dev`, { kubeContext: 'prod-eu' })).severity, 'low');
    assert.equal((await findingOf('k8s.delete', `kubectl --context prod-eu delete ns shop`, { kubeContext: 'kind-dev' })).severity, 'critical');
  });

  test('read-only commands never fire, even in production', async () => {
    for (const cmd of ['kubectl get pods -A', 'kubectl describe ns shop', 'kubectl logs -f deploy/api', 'kubectl top nodes']) {
      const v = await analyze(cmd, { kubeContext: 'prod-eu' });
      assert.equal(v.findings.length, 0, `${cmd}: ${describeVerdict(v)}`);
    }
  });

  test('a delete run inside kubectl exec is not a kubectl delete', async () => {
    const v = await analyze('kubectl exec api-0 -- ls /tmp', { kubeContext: 'prod-eu' });
    assert.equal(v.findings.filter((f) => f.ruleId === 'k8s.delete').length, 0);
  });
});
