import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyPath, databaseUrlHost, isLocalHost, isLocalKubeContext, isProductionName, shiftSeverity, type PathClass } from '../../../src/core/command/context';
import type { ParsedLine } from '../../../src/core/shell/model';
import type { RuleContext } from '../../../src/core/command/rule';
import { analyze, describeVerdict } from './packs/table';

describe('production and local names', () => {
  test('production names', () => {
    for (const n of ['prod', 'prod-eu', 'eu-prod-1', 'Production', 'live', 'PRD', 'app_prd_2', 'prod2', 'arn:aws:eks:eu-west-1:1:cluster/prod']) assert.ok(isProductionName(n), n);
    for (const n of ['product-catalog', 'liveness', 'preprod', 'staging', 'dev', 'productive', undefined, '']) assert.ok(!isProductionName(n), String(n));
  });

  test('extra markers from the policy', () => {
    assert.ok(isProductionName('blue-eu-1', ['blue']));
    assert.ok(!isProductionName('blueprint', ['blue']));
  });

  test('local kube contexts', () => {
    for (const n of ['kind-dev', 'minikube', 'docker-desktop', 'k3d-test', 'rancher-desktop', 'colima', 'orbstack']) assert.ok(isLocalKubeContext(n), n);
    for (const n of ['prod-eu', 'gke_proj_europe-west1_main', 'kindling', undefined]) assert.ok(!isLocalKubeContext(n), String(n));
    assert.ok(isLocalKubeContext('team-sandbox', ['sandbox']));
  });

  test('database URL hosts', () => {
    assert.equal(databaseUrlHost('postgres://u:p@db.example.com:5432/app'), 'db.example.com');
    assert.equal(databaseUrlHost('mysql://root@127.0.0.1/app'), '127.0.0.1');
    assert.equal(databaseUrlHost('mongodb+srv://cluster0.abc.mongodb.net/shop'), 'cluster0.abc.mongodb.net');
    assert.equal(databaseUrlHost('postgresql:///app'), '');
    assert.equal(databaseUrlHost('https://example.com'), undefined);
    for (const h of ['', 'localhost', '127.0.0.1', '::1', '[::1]', 'db.localhost', 'host.docker.internal']) assert.ok(isLocalHost(h), h);
    for (const h of ['db.example.com', '10.0.0.5']) assert.ok(!isLocalHost(h), h);
  });
});

describe('path classification', () => {
  const line: ParsedLine = { source: '', shell: 'bash', commands: [], issues: [], functions: new Map() };
  const rc: RuleContext = {
    line,
    context: { cwd: '/home/dev/ws/app/src', workspaceRoot: '/home/dev/ws/app', home: '/home/dev' },
    env: (n) => (n === 'HOME' ? '/home/dev' : undefined),
    productionMarkers: [],
  };
  const cases: [string, PathClass, boolean?][] = [
    ['/', 'root'],
    ['/*', 'root'],
    ['~', 'home'],
    ['$HOME', 'home'],
    ['~/.ssh', 'home-config'],
    ['/etc', 'system'],
    ['/usr/local/lib', 'system'],
    ['C:\\', 'root'],
    ['C:\\Windows\\System32', 'system'],
    ['..', 'workspace-root'],
    ['../..', 'workspace-parent'],
    ['../../..', 'home'],
    ['../../../..', 'workspace-parent'],
    ['/home/dev/ws/app', 'workspace-root'],
    ['.', 'workspace'],
    ['./components', 'workspace'],
    ['../.git', 'workspace-vcs'],
    ['../dist', 'workspace-build'],
    ['../node_modules/x', 'workspace-build'],
    ['*', 'workspace'],
    ['/tmp/x', 'temp'],
    ['/var/tmp/cache', 'temp'],
    ['/srv/data', 'system'],
    ['/opt2/data', 'outside'],
    ['/home/alice/src/app', 'outside'],
    ['/root/work/app', 'outside'],
    ['/home/alice', 'system'],
    ['/root', 'system'],
    ['$DIR/x', 'unknown', true],
  ];
  for (const [p, cls, dynamic] of cases) {
    test(`${p} → ${cls}`, () => {
      assert.equal(classifyPath(p, rc, dynamic).cls, cls);
    });
  }
});

describe('a workspace under /tmp', () => {
  const line: ParsedLine = { source: '', shell: 'bash', commands: [], issues: [], functions: new Map() };
  const rc: RuleContext = {
    line,
    context: { cwd: '/tmp/ws', workspaceRoot: '/tmp/ws', home: '/home/dev' },
    env: () => undefined,
    productionMarkers: [],
  };
  const cases: [string, PathClass][] = [
    ['src', 'workspace'],
    ['dist', 'workspace-build'],
    ['.', 'workspace-root'],
    ['/tmp/other', 'temp'],
    ['/tmp', 'workspace-parent'],
  ];
  for (const [p, cls] of cases) {
    test(`${p} → ${cls} (the workspace wins over /tmp)`, () => {
      assert.equal(classifyPath(p, rc).cls, cls);
    });
  }
});

describe('kept path classes (classifyPath remembers a path per place)', () => {
  const line: ParsedLine = { source: '', shell: 'bash', commands: [], issues: [], functions: new Map() };
  const at = (context: RuleContext['context'], env: Record<string, string> = {}): RuleContext => ({ line, context, env: (n) => env[n], productionMarkers: [] });

  test('the same path is classified again in another folder, workspace or home', () => {
    const inWs = at({ cwd: '/srv/app', workspaceRoot: '/srv/app', home: '/home/dev' });
    const inHome = at({ cwd: '/home/dev', workspaceRoot: '/srv/app', home: '/home/dev' });
    const otherWs = at({ cwd: '/srv/app', workspaceRoot: '/srv', home: '/home/dev' });
    assert.equal(classifyPath('build', inWs).cls, 'workspace-build');
    assert.equal(classifyPath('build', inHome).cls, 'outside');
    assert.equal(classifyPath('build', otherWs).cls, 'workspace-build');
    assert.equal(classifyPath('.ssh', inHome).cls, 'home-config');
    assert.equal(classifyPath('.ssh', inWs).cls, 'workspace');
    assert.equal(classifyPath('build', inWs).cls, 'workspace-build');
  });

  test('a home only the environment names counts (a line can set HOME), and so does its absence', () => {
    assert.equal(classifyPath('~/.aws', at({ cwd: '/w', workspaceRoot: '/w' }, { HOME: '/home/a' })).resolved, '/home/a/.aws');
    assert.equal(classifyPath('~/.aws', at({ cwd: '/w', workspaceRoot: '/w' }, { HOME: '/home/b' })).resolved, '/home/b/.aws');
    assert.equal(classifyPath('~/.aws', at({ cwd: '/w', workspaceRoot: '/w' })).cls, 'unknown');
  });

  test('a missing folder and an empty one are different places, and no folder name runs into the next', () => {
    assert.equal(classifyPath('data', at({ workspaceRoot: '/srv/app' })).cls, 'workspace');
    assert.equal(classifyPath('data', at({ cwd: '', workspaceRoot: '/srv/app' })).cls, 'unknown');
    // Without lengths in the key, these two places would be one: cwd 'a', workspace 'b/c' and cwd 'a/b', workspace 'c'.
    const one = classifyPath('x', at({ cwd: '/a\u0000', workspaceRoot: '/b' }));
    const two = classifyPath('x', at({ cwd: '/a', workspaceRoot: '\u0000/b' }));
    assert.notDeepEqual(one, two);
  });

  test('dynamic and static forms of a word are kept apart', () => {
    const rc = at({ cwd: '/w', workspaceRoot: '/w', home: '/home/dev' });
    assert.equal(classifyPath('$DIR/x', rc, true).cls, 'unknown');
    assert.notEqual(classifyPath('$DIR/x', rc, false).cls, 'unknown');
  });

  test('what it gives is frozen: a rule cannot change what the next one reads', () => {
    const a = classifyPath('/etc/passwd', at({ cwd: '/w', workspaceRoot: '/w' }));
    assert.ok(Object.isFrozen(a));
    assert.equal(a.cls, 'system');
  });
});

test('severity shifts stay within low…critical', () => {
  assert.equal(shiftSeverity('high', -2), 'low');
  assert.equal(shiftSeverity('low', -2), 'low');
  assert.equal(shiftSeverity('medium', 5), 'critical');
  assert.equal(shiftSeverity('none', 1), 'none');
});

describe('blast radius end to end (kubernetes pack)', () => {
  const cases: [string, { kubeContext?: string }, string][] = [
    ['kubectl delete deploy api', { kubeContext: 'kind-dev' }, 'low'],
    ['kubectl delete deploy api', { kubeContext: 'prod-eu' }, 'critical'],
    ['kubectl --context prod-eu delete deploy api', { kubeContext: 'kind-dev' }, 'critical'],
    ['sudo -E kubectl delete deploy api --context=minikube', {}, 'low'],
  ];
  for (const [line, ctx, severity] of cases) {
    test(`${line} in ${ctx.kubeContext ?? 'no context'} → ${severity}`, async () => {
      const v = await analyze(line, ctx);
      const f = v.findings.find((x) => x.ruleId.startsWith('k8s.'));
      assert.ok(f, describeVerdict(v));
      assert.equal(f.severity, severity, describeVerdict(v));
      assert.match(f.target ?? '', /kube context/);
    });
  }
});
