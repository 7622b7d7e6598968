/**
 * CI/CD and repository control: GitHub workflows that gain broad token permissions, run
 * untrusted pull-request code with secrets, lose or neutralise their tests, or deploy to
 * production on every push; CODEOWNERS entries removed.
 *
 * Workflows are read with the YAML parser (../../formats/yaml) and compared structurally, so
 * reordering keys or reformatting stays quiet.
 *
 * The other `cicd.*` rules live by subject: ./agentControl.ts (git hooks, agent configuration,
 * VS Code settings) and ./ownFiles.ts (this product's policy file, sign-off record and runtime
 * folder).
 */
import { asRecord, pathString, type YamlPath } from '../../formats/yaml';
import { productionMarkers } from '../../rules/production';
import { parseYamlDocuments } from '../documents';
import type { Edit, EditRule, EditRuleFinding } from '../rule';
import { atAfter, atBefore } from '../rule';
import type { Side } from '../types';
import { nameParts } from './text';

// ---------------------------------------------------------------------------------------------
// Workflows

interface Workflow {
  data: Record<string, unknown> | undefined;
  /** 1-based line of a key path (`jobs.test.steps[2].run`), when present. */
  at(path: YamlPath): number | undefined;
}

function workflow(edit: Edit, side: Side): Workflow {
  return edit.memo(`cicd:wf:${side}`, () => {
    const doc = parseYamlDocuments(edit, side)[0];
    const lines = new Map<string, number>();
    for (const e of doc?.entries ?? []) lines.set(pathString(e.path), e.line);
    return { data: asRecord(doc?.data), at: (p: YamlPath) => lines.get(pathString(p)) };
  });
}

function triggers(data: Record<string, unknown> | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const on = data?.['on'] ?? data?.['true'];
  if (typeof on === 'string') {
    out.set(on, null);
  } else if (Array.isArray(on)) {
    for (const e of on) if (typeof e === 'string') out.set(e, null);
  } else {
    const r = asRecord(on);
    if (r) for (const [k, v] of Object.entries(r)) out.set(k, v);
  }
  return out;
}

function jobsOf(data: Record<string, unknown> | undefined): [string, Record<string, unknown>][] {
  const jobs = asRecord(data?.['jobs']);
  if (!jobs) return [];
  const out: [string, Record<string, unknown>][] = [];
  for (const [id, j] of Object.entries(jobs)) {
    const r = asRecord(j);
    if (r) out.push([id, r]);
  }
  return out;
}

function stepsOf(job: Record<string, unknown>): Record<string, unknown>[] {
  const steps = job['steps'];
  return Array.isArray(steps) ? steps.map((s) => asRecord(s) ?? {}) : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

const TEST_CMD_RE =
  /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:test|t)\b|\b(?:npm|pnpm|yarn|bun)\s+run\s+[\w:.-]*test[\w:.-]*|\bnpx\s+(?:jest|vitest|mocha|ava|playwright\s+test|cypress\s+run)\b|(?:^|[\s;&|])(?:jest|vitest|mocha|ava)(?:\s|$)|\bpytest\b|\bpython3?\s+-m\s+(?:pytest|unittest)\b|\btox\b|\bnox\b|\bgo\s+test\b|\bcargo\s+(?:test|nextest)\b|\bmvn\b[^\n]*\b(?:test|verify)\b|\bgradlew?\b[^\n]*\b(?:test|check)\b|\bdotnet\s+test\b|\brspec\b|\brake\s+(?:test|spec)\b|\bphpunit\b|\bmake\s+(?:test|check)\b|\bctest\b|\bswift\s+test\b|\bmix\s+test\b|\bdeno\s+test\b/i;
const TEST_NAME_RE = /\btests?\b|\bspecs?\b|\bunit\b|\be2e\b|\bintegration\b|\bpytest\b|\bjest\b|\bvitest\b/i;

function isTestStep(step: Record<string, unknown>): boolean {
  return TEST_CMD_RE.test(str(step['run'])) || TEST_NAME_RE.test(str(step['name']));
}

function stepIdentity(step: Record<string, unknown>): string {
  const s = str(step['name']) || str(step['run']) || str(step['uses']) || str(step['id']);
  return s.trim().replace(/\s+/g, ' ');
}

function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^\s*(?:true|\$\{\{\s*true\s*\}\})\s*$/i.test(v));
}

function isFalse(v: unknown): boolean {
  return v === false || (typeof v === 'string' && /^\s*(?:false|\$\{\{\s*false\s*\}\})\s*$/i.test(v));
}

const HEAD_REF_RE = /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs\/pull\/|github\.event\.pull_request\.number|github\.event\.number|pull_request\.head\.repo/;
const HEAD_RUN_RE = /\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|pull)\b[^\n]*(?:pull\/|github\.event\.pull_request\.head|github\.head_ref)/;

/** Lines (after side) where a pull_request_target workflow checks out the pull request's code. */
function headCheckouts(wf: Workflow): number[] {
  const out: number[] = [];
  for (const [id, job] of jobsOf(wf.data)) {
    stepsOf(job).forEach((step, i) => {
      const w = asRecord(step['with']);
      if (/^actions\/checkout@/i.test(str(step['uses'])) && w) {
        for (const key of ['ref', 'repository']) {
          if (HEAD_REF_RE.test(str(w[key]))) out.push(wf.at(['jobs', id, 'steps', i, 'with', key]) ?? wf.at(['jobs', id, 'steps', i]) ?? 1);
        }
      }
      if (HEAD_RUN_RE.test(str(step['run']))) out.push(wf.at(['jobs', id, 'steps', i, 'run']) ?? 1);
    });
  }
  return out;
}

const DEPLOY_RE = /deploy|release|publish|rollout|ship|promote/i;
const REF_FILTER_RE = /github\.ref\b|github\.ref_name|github\.base_ref|refs\/(?:heads|tags)\/|github\.event_name\s*==/;

/** Job ids that deploy to production on a push to any branch without an environment gate. */
function ungatedProdDeploys(wf: Workflow, markers: readonly string[]): string[] {
  const on = triggers(wf.data);
  if (!on.has('push')) return [];
  const push = asRecord(on.get('push'));
  const branches = push?.['branches'];
  const filtered =
    push !== undefined &&
    (push['tags'] !== undefined ||
      (branches !== undefined && !(Array.isArray(branches) && branches.every((b) => b === '**' || b === '*')) && branches !== '**'));
  if (filtered) return [];
  const out: string[] = [];
  for (const [id, job] of jobsOf(wf.data)) {
    if (job['environment'] !== undefined) continue;
    if (REF_FILTER_RE.test(str(job['if']))) continue;
    const steps = stepsOf(job);
    const deploys =
      DEPLOY_RE.test(id) ||
      DEPLOY_RE.test(str(job['name'])) ||
      steps.some((s) => DEPLOY_RE.test(str(s['name'])) || DEPLOY_RE.test(str(s['run'])) || DEPLOY_RE.test(str(s['uses'])));
    if (!deploys) continue;
    const text = JSON.stringify(job);
    if (!nameParts(text).some((p) => markers.includes(p))) continue;
    out.push(id);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CODEOWNERS

interface OwnerEntry {
  pattern: string;
  owners: string[];
  line: number;
}

function ownerEntries(lines: readonly string[]): Map<string, OwnerEntry> {
  const out = new Map<string, OwnerEntry>();
  lines.forEach((l, i) => {
    const t = l.replace(/(^|\s)#.*$/, '').trim();
    if (t === '' || t.startsWith('[') || t.startsWith('^[')) return; // GitLab section headers
    const [pattern, ...owners] = t.split(/\s+/);
    if (pattern) out.set(pattern, { pattern, owners, line: i + 1 });
  });
  return out;
}

const WF_HEAD = 'name: CI\n';

export const cicdRules: EditRule[] = [
  {
    id: 'cicd.workflow-permissions',
    description: 'A GitHub workflow gained broad token permissions (write-all, or contents/id-token write for every job), or lost its restrictive permissions block.',
    severity: 'high',
    suggestion: 'Keep `permissions: contents: read` at the top and grant write scopes only to the job that needs them.',
    kinds: ['github-workflow'],
    examples: {
      match: [
        {
          name: 'write-all at the top',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`,
          after: `${WF_HEAD}on: push\npermissions: write-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`,
          line: 3,
          side: 'after',
          severity: 'high',
        },
        {
          name: 'id-token write for the whole workflow',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`,
          after: `${WF_HEAD}on: push\npermissions:\n  id-token: write\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`,
          line: 4,
          side: 'after',
          severity: 'medium',
        },
      ],
      nearMiss: [
        {
          name: 'write scope on one job',
          path: '.github/workflows/release.yml',
          before: `${WF_HEAD}on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`,
          after: `${WF_HEAD}on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n      - run: make\n`,
        },
        {
          name: 'read-only block added',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs: {}\n`,
          after: `${WF_HEAD}on: push\npermissions:\n  contents: read\njobs: {}\n`,
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const a = workflow(edit, 'after');
      const b = workflow(edit, 'before');
      const out: EditRuleFinding[] = [];
      const pa = a.data?.['permissions'];
      const pb = b.data?.['permissions'];
      if (pa === 'write-all' && pb !== 'write-all') {
        out.push(atAfter(a.at(['permissions']) ?? 1, 'the workflow token now has write access to everything (permissions: write-all)'));
      }
      const ra = asRecord(pa);
      const rb = asRecord(pb);
      for (const scope of ['contents', 'id-token', 'actions', 'packages', 'deployments']) {
        if (ra?.[scope] === 'write' && rb?.[scope] !== 'write' && pb !== 'write-all') {
          out.push(
            atAfter(a.at(['permissions', scope]) ?? 1, `every job in the workflow now gets ${scope}: write`, {
              severity: scope === 'contents' || scope === 'id-token' ? 'medium' : 'low',
            }),
          );
        }
      }
      for (const [id, job] of jobsOf(a.data)) {
        const before = jobsOf(b.data).find(([bid]) => bid === id)?.[1];
        if (job['permissions'] === 'write-all' && before?.['permissions'] !== 'write-all' && pa !== 'write-all') {
          out.push(atAfter(a.at(['jobs', id, 'permissions']) ?? 1, `job "${id}" now has a token with write access to everything (write-all)`));
        }
      }
      if (pb !== undefined && pb !== 'write-all' && pa === undefined && edit.before !== null) {
        const jobsRestricted = jobsOf(a.data).length > 0 && jobsOf(a.data).every(([, j]) => j['permissions'] !== undefined);
        if (!jobsRestricted) {
          out.push(atBefore(b.at(['permissions']) ?? 1, 'the permissions block was removed: jobs fall back to the repository default, which may be write access', { severity: 'medium' }));
        }
      }
      return out;
    },
  },
  {
    id: 'cicd.pr-target-checkout',
    description: 'A pull_request_target workflow checks out the pull request head: untrusted code runs with secrets and a write token.',
    severity: 'critical',
    suggestion: 'Use the pull_request event for building untrusted code, or split it: build in pull_request, then act on the artifact in a workflow_run job.',
    kinds: ['github-workflow'],
    examples: {
      match: [
        {
          name: 'trigger switched and head checked out',
          path: '.github/workflows/preview.yml',
          before: `${WF_HEAD}on: pull_request\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm run build\n`,
          after: `${WF_HEAD}on: pull_request_target\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm run build\n`,
          line: 9,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'labeler on pull_request_target without checkout of the head',
          path: '.github/workflows/labeler.yml',
          before: null,
          after: `${WF_HEAD}on: pull_request_target\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/labeler@v5\n`,
        },
        {
          name: 'head checkout on pull_request',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n`,
          after: `${WF_HEAD}on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.pull_request.head.sha }}\n`,
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const a = workflow(edit, 'after');
      if (!triggers(a.data).has('pull_request_target')) return undefined;
      const heads = headCheckouts(a);
      if (heads.length === 0) return undefined;
      const b = workflow(edit, 'before');
      if (triggers(b.data).has('pull_request_target') && headCheckouts(b).length >= heads.length) return undefined;
      return heads.map((line) =>
        atAfter(line, 'pull_request_target runs with secrets and a write token, and this step checks out the untrusted pull request code'),
      );
    },
  },
  {
    id: 'cicd.test-step-removed',
    description: 'A CI step or job that runs tests was removed from a workflow.',
    severity: 'high',
    suggestion: 'Keep the test step; if it is slow or flaky, fix or split it instead of deleting it.',
    kinds: ['github-workflow'],
    examples: {
      match: [
        {
          name: 'npm test step removed',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - name: Unit tests\n        run: npm test\n      - run: npm run build\n`,
          after: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm run build\n`,
          line: 9,
          side: 'before',
        },
        {
          name: 'test job removed',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: golangci-lint run\n`,
          after: `${WF_HEAD}on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: golangci-lint run\n`,
          line: 4,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'test step renamed and its command changed',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Test\n        run: npm test\n`,
          after: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Unit tests (CI reporter)\n        run: npm run test:ci\n`,
        },
        {
          name: 'lint step removed',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint\n      - run: npm test\n`,
          after: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n`,
        },
      ],
    },
    check(edit) {
      const b = workflow(edit, 'before');
      if (!b.data) return undefined;
      const a = workflow(edit, 'after');
      if (edit.after !== null && !a.data) return undefined; // unreadable YAML: other rules and the review see it
      const afterJobs = new Map(jobsOf(a.data));
      const out: EditRuleFinding[] = [];
      for (const [id, job] of jobsOf(b.data)) {
        const testSteps = stepsOf(job)
          .map((s, i) => ({ s, i }))
          .filter(({ s }) => isTestStep(s));
        if (testSteps.length === 0) continue;
        const aj = afterJobs.get(id);
        if (!aj) {
          // A renamed job keeps its test steps somewhere else in the workflow.
          const elsewhere = new Set([...afterJobs.values()].flatMap((j) => stepsOf(j).filter(isTestStep).map(stepIdentity)));
          if (testSteps.every(({ s }) => elsewhere.has(stepIdentity(s)))) continue;
          out.push(atBefore(b.at(['jobs', id]) ?? 1, `job "${id}", which ran tests, was removed from the workflow`));
          continue;
        }
        const afterTests = stepsOf(aj).filter(isTestStep);
        if (afterTests.length >= testSteps.length) continue;
        const kept = new Set(afterTests.map(stepIdentity));
        for (const { s, i } of testSteps) {
          if (kept.has(stepIdentity(s))) continue;
          out.push(atBefore(b.at(['jobs', id, 'steps', i]) ?? 1, `test step "${stepIdentity(s).slice(0, 60)}" was removed from job "${id}"`));
        }
      }
      return out;
    },
  },
  {
    id: 'cicd.test-step-disabled',
    description: 'A CI test step or job was made non-blocking (continue-on-error: true) or switched off (if: false).',
    severity: 'high',
    suggestion: 'Let failing tests fail the build; quarantine a flaky test in the test suite with a tracked issue instead.',
    kinds: ['github-workflow'],
    examples: {
      match: [
        {
          name: 'continue-on-error on pytest',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest -q\n`,
          after: `${WF_HEAD}on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest -q\n        continue-on-error: true\n`,
          line: 8,
          side: 'after',
        },
        {
          name: 'test job switched off',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx playwright test\n`,
          after: `${WF_HEAD}on: push\njobs:\n  e2e:\n    if: false\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx playwright test\n`,
          line: 5,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'continue-on-error on a notification step',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n      - name: Notify Slack\n        uses: slackapi/slack-github-action@v1\n`,
          after: `${WF_HEAD}on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n      - name: Notify Slack\n        uses: slackapi/slack-github-action@v1\n        continue-on-error: true\n`,
        },
        {
          name: 'experimental matrix leg already allowed to fail',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  test:\n    continue-on-error: true\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo test\n`,
          after: `${WF_HEAD}on: push\njobs:\n  test:\n    continue-on-error: true\n    runs-on: ubuntu-22.04\n    steps:\n      - run: cargo test\n`,
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const a = workflow(edit, 'after');
      const b = workflow(edit, 'before');
      const beforeJobs = new Map(jobsOf(b.data));
      const out: EditRuleFinding[] = [];
      for (const [id, job] of jobsOf(a.data)) {
        const bj = beforeJobs.get(id);
        const steps = stepsOf(job);
        const runsTests = steps.some(isTestStep);
        if (runsTests) {
          if (isTrue(job['continue-on-error']) && !isTrue(bj?.['continue-on-error'])) {
            out.push(atAfter(a.at(['jobs', id, 'continue-on-error']) ?? 1, `test failures in job "${id}" no longer fail the build (continue-on-error: true)`));
          }
          if (isFalse(job['if']) && !isFalse(bj?.['if'])) {
            out.push(atAfter(a.at(['jobs', id, 'if']) ?? 1, `job "${id}", which runs tests, is switched off (if: false)`));
          }
        }
        const beforeSteps = new Map((bj ? stepsOf(bj) : []).map((s) => [stepIdentity(s), s]));
        steps.forEach((s, i) => {
          if (!isTestStep(s)) return;
          const prev = beforeSteps.get(stepIdentity(s));
          if (isTrue(s['continue-on-error']) && !isTrue(prev?.['continue-on-error'])) {
            out.push(atAfter(a.at(['jobs', id, 'steps', i, 'continue-on-error']) ?? 1, `test step "${stepIdentity(s).slice(0, 60)}" can now fail without failing the build`));
          }
          if (isFalse(s['if']) && !isFalse(prev?.['if'])) {
            out.push(atAfter(a.at(['jobs', id, 'steps', i, 'if']) ?? 1, `test step "${stepIdentity(s).slice(0, 60)}" is switched off (if: false)`));
          }
        });
      }
      return out;
    },
  },
  {
    id: 'cicd.deploy-on-push',
    description: 'A workflow deploys to production on every push, with no branch filter and no protected environment.',
    severity: 'high',
    suggestion: 'Restrict the trigger (on: push: branches: [main]) and deploy through a protected environment (environment: production) with required reviewers.',
    kinds: ['github-workflow'],
    examples: {
      match: [
        {
          name: 'production deploy on any push',
          path: '.github/workflows/deploy.yml',
          before: null,
          after: `name: Deploy\non: push\njobs:\n  deploy-production:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./scripts/deploy.sh production\n`,
          line: 4,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'protected environment',
          path: '.github/workflows/deploy.yml',
          before: null,
          after: `name: Deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: ./scripts/deploy.sh production\n`,
        },
        {
          name: 'main branch only',
          path: '.github/workflows/deploy.yml',
          before: null,
          after: `name: Deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./scripts/deploy.sh production\n`,
        },
        {
          name: 'staging deploy on push',
          path: '.github/workflows/staging.yml',
          before: null,
          after: `name: Staging\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./scripts/deploy.sh staging\n`,
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const markers = productionMarkers(edit.context.productionMarkers);
      const was = new Set(ungatedProdDeploys(workflow(edit, 'before'), markers));
      const a = workflow(edit, 'after');
      return ungatedProdDeploys(a, markers)
        .filter((id) => !was.has(id))
        .map((id) => atAfter(a.at(['jobs', id]) ?? 1, `job "${id}" deploys to production on every push to any branch, with no protected environment`));
    },
  },
  {
    id: 'cicd.codeowners-removed',
    description: 'CODEOWNERS entries were removed or lost owners, so changes there no longer need those reviewers.',
    severity: 'high',
    suggestion: 'Keep the entry; change its owners rather than removing required review.',
    kinds: ['codeowners'],
    examples: {
      match: [
        {
          name: 'infra entry removed',
          path: '.github/CODEOWNERS',
          before: '*       @acme/web\n/infra/ @acme/platform\n/db/    @acme/dba\n',
          after: '*       @acme/web\n/db/    @acme/dba\n',
          line: 2,
          side: 'before',
          severity: 'high',
        },
        {
          name: 'owner dropped from an entry',
          path: 'CODEOWNERS',
          before: '/payments/ @acme/payments @acme/security\n',
          after: '/payments/ @acme/payments\n',
          line: 1,
          side: 'after',
          severity: 'medium',
        },
      ],
      nearMiss: [
        { name: 'owner added', path: 'CODEOWNERS', before: '/api/ @acme/api\n', after: '/api/ @acme/api @acme/security\n' },
        { name: 'entries reordered', path: '.github/CODEOWNERS', before: '/a/ @x\n/b/ @y\n', after: '/b/ @y\n/a/ @x\n' },
        { name: 'comment edited', path: 'CODEOWNERS', before: '# owners\n/a/ @x\n', after: '# Owners of the code\n/a/ @x\n' },
      ],
    },
    check(edit) {
      const before = ownerEntries(edit.lines('before'));
      const after = ownerEntries(edit.lines('after'));
      const out: EditRuleFinding[] = [];
      for (const e of before.values()) {
        const now = after.get(e.pattern);
        if (!now) {
          out.push(atBefore(e.line, `CODEOWNERS entry for ${e.pattern} removed: changes there no longer need ${e.owners.join(' ') || 'its owners'}`));
          continue;
        }
        const lost = e.owners.filter((o) => !now.owners.includes(o));
        if (lost.length === 0) continue;
        out.push(
          atAfter(now.line, `${lost.join(' ')} no longer own${lost.length === 1 ? 's' : ''} ${e.pattern}`, {
            severity: now.owners.length === 0 ? 'high' : 'medium',
          }),
        );
      }
      return out;
    },
  },
];
