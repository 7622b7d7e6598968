import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, corpus, notable, of } from './familyHelpers';

corpus('cicd', 12, 12);

const DEPLOY = `name: Deploy
on: push
jobs:
  rollout:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ./deploy.sh --cluster flagship-eu
`;

describe('cicd.deploy-on-push: production markers', () => {
  it('stays quiet when no production marker names the target', () => {
    assert.deepEqual(of(analyze('.github/workflows/deploy.yml', null, DEPLOY), 'cicd.deploy-on-push'), []);
  });

  it('uses the markers the caller passes in context', () => {
    const v = analyze('.github/workflows/deploy.yml', null, DEPLOY, { productionMarkers: ['flagship'] });
    assert.deepEqual(
      of(v, 'cicd.deploy-on-push').map((f) => `${f.side}:${f.line}`),
      ['after:4'],
    );
  });

  it('stays quiet when a job if: restricts the branch', () => {
    const gated = DEPLOY.replace('--cluster flagship-eu', '--env production').replace('    runs-on:', "    if: github.ref == 'refs/heads/main'\n    runs-on:");
    assert.deepEqual(of(analyze('.github/workflows/deploy.yml', null, gated), 'cicd.deploy-on-push'), []);
  });

  it('does not report an ungated production deploy that was already there', () => {
    const prod = DEPLOY.replace('--cluster flagship-eu', '--env production');
    const after = prod.replace('actions/checkout@v4', 'actions/checkout@v4.2.2');
    assert.deepEqual(notable(analyze('.github/workflows/deploy.yml', prod, after)), []);
  });
});

describe('cicd: workflows that do not parse', () => {
  it('does not crash or invent findings on broken YAML', () => {
    const v = analyze('.github/workflows/ci.yml', 'name: CI\non: push\njobs: {}\n', 'name: CI\non: [push\njobs:\n  - : :\n');
    assert.deepEqual(
      v.findings.filter((f) => f.ruleId.startsWith('edit.')),
      [],
    );
  });
});

describe('cicd.workflow-permissions', () => {
  it('reports a restrictive block removed at its old line', () => {
    const before = 'name: CI\non: push\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n';
    const after = 'name: CI\non: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n';
    assert.deepEqual(
      of(analyze('.github/workflows/ci.yml', before, after), 'cicd.workflow-permissions').map((f) => [f.severity, f.side, f.line]),
      [['medium', 'before', 3]],
    );
  });

  it('reports write-all given to one job', () => {
    const before = 'name: CI\non: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n';
    const after = 'name: CI\non: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    permissions: write-all\n    steps:\n      - run: make\n';
    assert.deepEqual(
      of(analyze('.github/workflows/ci.yml', before, after), 'cicd.workflow-permissions').map((f) => [f.severity, f.line]),
      [['high', 6]],
    );
  });
});

describe('cicd.pr-target-checkout', () => {
  it('reports gh pr checkout in a run step of a pull_request_target workflow', () => {
    const after =
      'name: Bench\non: pull_request_target\njobs:\n  bench:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: gh pr checkout ${{ github.event.pull_request.number }}\n        env:\n          GH_TOKEN: ${{ github.token }}\n      - run: npm ci && npm run bench\n';
    assert.deepEqual(
      of(analyze('.github/workflows/bench.yml', null, after), 'cicd.pr-target-checkout').map((f) => [f.severity, f.line]),
      [['critical', 8]],
    );
  });
});

describe('cicd.codeowners-removed', () => {
  it('reports every entry of a deleted CODEOWNERS file', () => {
    const v = analyze('docs/CODEOWNERS', '# owners\n/api/ @acme/api\n/web/ @acme/web\n', null);
    assert.deepEqual(
      of(v, 'cicd.codeowners-removed').map((f) => `${f.side}:${f.line}`),
      ['before:2', 'before:3'],
    );
  });

  it('rates an entry left with no owner high', () => {
    const v = analyze('CODEOWNERS', '/secrets/ @acme/security\n', '/secrets/\n');
    assert.deepEqual(
      of(v, 'cicd.codeowners-removed').map((f) => [f.severity, f.side, f.line]),
      [['high', 'after', 1]],
    );
  });
});

describe('cicd: the policy file and settings', () => {
  it('reports a policy file that no longer parses', () => {
    const v = analyze('.blast-radius.json', '{ "deny": ["terraform destroy"] }\n', '{ "deny": ["terraform destroy" \n');
    assert.deepEqual(
      of(v, 'cicd.policy-file-changed').map((f) => [f.severity, f.side, f.line]),
      [['high', 'after', 1]],
    );
  });

  it('rates a rule disabled by the policy critical', () => {
    const before = '{\n  "disabledRules": []\n}\n';
    const after = '{\n  "disabledRules": ["secrets.*"]\n}\n';
    assert.deepEqual(
      of(analyze('.blast-radius.json', before, after), 'cicd.policy-file-changed').map((f) => [f.severity, f.line]),
      [['critical', 2]],
    );
  });

  it('rates lowered approvals critical', () => {
    const before = '{\n  "approvals": { "critical": 2 }\n}\n';
    const after = '{\n  "approvals": { "critical": 1 }\n}\n';
    assert.deepEqual(
      of(analyze('.blast-radius.json', before, after), 'cicd.policy-file-changed').map((f) => f.severity),
      ['critical'],
    );
  });

  it('reports a Blast Radius setting removed from .vscode/settings.json at its old line', () => {
    const before = '{\n  "editor.tabSize": 2,\n  "blastRadius.edits.review": "all"\n}\n';
    const after = '{\n  "editor.tabSize": 2\n}\n';
    assert.deepEqual(
      of(analyze('.vscode/settings.json', before, after), 'cicd.vscode-setting-loosened').map((f) => `${f.side}:${f.line}`),
      ['before:3'],
    );
  });

  it('reports an entry added to the Copilot terminal allow list', () => {
    const before = '{\n  "github.copilot.chat.agent.terminal.allowList": {}\n}\n';
    const after = '{\n  "github.copilot.chat.agent.terminal.allowList": {\n    "kubectl": true\n  }\n}\n';
    assert.deepEqual(
      of(analyze('.vscode/settings.json', before, after), 'cicd.vscode-setting-loosened').map((f) => `${f.side}:${f.line}`),
      ['after:3'],
    );
  });
});

describe('cicd: hooks', () => {
  it('reports a new git hook as a change that runs code', () => {
    const v = analyze('.githooks/post-checkout', null, '#!/bin/sh\ncurl -s https://hooks.acme.dev/p | sh\n');
    assert.deepEqual(
      of(v, 'cicd.hook-changed').map((f) => [f.severity, f.side, f.line]),
      [['high', 'after', 1]],
    );
  });

  it('reports the Blast Radius check removed from a CI workflow as high', () => {
    const before = 'name: Verify\non: pull_request\njobs:\n  verify:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npx blast-radius verify --base origin/main\n';
    const after = 'name: Verify\non: pull_request\njobs:\n  verify:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
    assert.deepEqual(
      of(analyze('.github/workflows/verify.yml', before, after), 'cicd.guard-removed').map((f) => [f.severity, f.side, f.line]),
      [['high', 'before', 8]],
    );
  });
});
