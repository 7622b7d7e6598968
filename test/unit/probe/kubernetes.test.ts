/**
 * The kubectl probe with a fake `kubectl` first on the command's PATH that prints recorded
 * `get -o name` output: which deletes it counts, with which arguments, and when it asks at all.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { judgeMeasured, measureLine, type ProbeOptions } from '../../../src/core/probe/index';
import { fixturesDir } from '../helpers/paths';
import { analyzer, sandbox, type Sandbox } from './sandbox';

function withKubectl(file = 'kubectl-shop-namespace.txt'): Sandbox {
  const s = sandbox();
  s.fake('kubectl', `case "$*" in *" get "*) cat '${path.join(fixturesDir, 'probes', file)}' ;; *) exit 9 ;; esac`);
  return s;
}

async function measure(s: Sandbox, line: string, kubeContext?: string, opts: ProbeOptions = {}) {
  const a = await analyzer();
  return measureLine(a.parse(line), s.ctx(kubeContext ? { kubeContext } : {}), opts);
}

describe('kubectl probe', () => {
  test('a selector delete on a production context is counted with the same context, namespace and selector', async () => {
    const s = withKubectl('kubectl-pods.txt');
    const m = await measure(s, 'kubectl delete pods -n web -l app=web --context prod-eu');
    const p = m!.probes[0]!;
    assert.equal(p.kind, 'kubernetes');
    assert.equal(p.class, 'slow');
    assert.equal(p.production, true);
    assert.deepEqual(p.objects, { count: 12, byKind: { pod: 12 }, stateful: 0, context: 'prod-eu', namespace: 'web' });
    assert.deepEqual(s.calls('kubectl'), ['--context=prod-eu --request-timeout=5s get pods -n web -l app=web -o name --ignore-not-found']);
  });

  test('a namespace delete lists what the namespace holds, volumes and claims included', async () => {
    const s = withKubectl();
    const m = await measure(s, 'kubectl delete namespace shop', 'prod-eu');
    const p = m!.probes[0]!;
    assert.equal(p.objects?.count, 14);
    assert.equal(p.objects?.stateful, 2);
    assert.equal(p.loss, 'infrastructure');
    assert.match(s.calls('kubectl')[0]!, /^--request-timeout=5s get all,configmaps,secrets,persistentvolumeclaims,.* -n shop -o name/);
  });

  test('clusters that are not production-marked are asked only when opted in', async () => {
    const s = withKubectl();
    assert.equal(await measure(s, 'kubectl delete deploy --all', 'staging'), undefined);
    assert.equal(await measure(s, 'kubectl delete deploy --all', 'prod-eu', { kubernetes: 'off' }), undefined);
    assert.equal((await measure(s, 'kubectl delete deploy --all', 'staging', { kubernetes: 'always' }))?.probes[0]?.objects?.count, 14);
  });

  test('an opted-in cluster is asked only for a line still held: a medium delete the policy allows is not counted', async () => {
    const s = withKubectl();
    const a = await analyzer();
    const allowed = await judgeMeasured(a, 'kubectl delete deploy -l app=web', s.ctx({ kubeContext: 'staging' }), { kubernetes: 'always' });
    assert.deepEqual([allowed.verdict.decision, allowed.measured], ['allow', undefined]);
    assert.deepEqual(s.calls('kubectl'), []);
    const held = await judgeMeasured(a, 'kubectl delete deploy,pvc -l app=shop', s.ctx({ kubeContext: 'staging' }), { kubernetes: 'always' });
    assert.equal(held.verdict.decision, 'confirm');
    assert.equal(held.measured?.probes[0]?.objects?.count, 14);
    assert.equal(s.calls('kubectl').length, 1);
  });

  test('deletes by name, from files and dry runs are not counted', async () => {
    const s = withKubectl();
    for (const line of ['kubectl delete pod api-1', 'kubectl delete -f k8s/', 'kubectl delete pods --all --dry-run=server', 'kubectl get pods']) {
      assert.equal(await measure(s, line, 'prod-eu'), undefined, line);
    }
    assert.deepEqual(s.calls('kubectl'), []);
  });

  test('a cluster that fails is "not measured"', async () => {
    const s = sandbox();
    s.fake('kubectl', 'echo "error: You must be logged in to the server (Unauthorized)" >&2; exit 1');
    const m = await measure(s, 'kubectl delete pods --all', 'prod-eu');
    assert.equal(m?.probes[0]?.status, 'not-measured');
    assert.match(m!.probes[0]!.sentence, /^Not measured: kubectl get failed: error: You must be logged in to the server \(Unauthorized\)/);
  });
});
