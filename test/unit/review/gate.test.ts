import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCommandAnalyzer } from '../../../src/core/command/analyze';
import { type GateCommand, type GatePending, gateCommands } from '../../../src/core/review/gate';
import type { Severity } from '../../../src/core/severity';

const ROOT = '/work/shop';

/** A command from words, `$X` words marked dynamic (what the shell model gives). */
function cmd(line: string): GateCommand {
  const [program, ...args] = line.split(/\s+/);
  return { program: program!, args: args.map((text) => ({ text, dynamic: text.includes('$') })) };
}

function pending(rel: string, severity: Severity = 'high', ruleIds = ['some.rule']): GatePending {
  return { id: `edit:${ROOT}/${rel}#h1`, file: `${ROOT}/${rel}`, severity, ruleIds };
}

const PENDING = [
  pending('terraform/main.tf', 'high', ['terraform.prevent-destroy-removed']),
  pending('terraform/modules/db/main.tf', 'critical'),
  pending('infra/staging/main.tf', 'high'),
  pending('db/migrate/20240101_drop_orders.rb', 'critical', ['orm.drop-table']),
  pending('db/migrations/004_drop.sql', 'critical', ['sql.drop-table']),
  pending('prisma/migrations/2024/migration.sql', 'high'),
  pending('alembic/versions/abc_drop.py', 'high'),
  pending('k8s/deployment.yaml', 'high', ['k8s.replicas-zero']),
  pending('k8s/base/service.yaml', 'high'),
  pending('charts/api/templates/deploy.yaml', 'medium'),
  pending('src/server.js', 'high'),
  pending('docs/notes.md', 'low'),
];

/** [command line, cwd relative to ROOT, files that must hold it (relative)] */
const HOLDS: Array<[string, string, string[]]> = [
  ['terraform apply', 'terraform', ['terraform/main.tf', 'terraform/modules/db/main.tf']],
  ['terraform apply -auto-approve', 'terraform', ['terraform/main.tf', 'terraform/modules/db/main.tf']],
  ['terraform -chdir=terraform apply', '.', ['terraform/main.tf', 'terraform/modules/db/main.tf']],
  ['tofu destroy', 'terraform/modules/db', ['terraform/modules/db/main.tf']],
  ['terragrunt run-all apply', 'infra', ['infra/staging/main.tf']],
  ['terraform -chdir=$DIR apply', '.', ['terraform/main.tf', 'terraform/modules/db/main.tf', 'infra/staging/main.tf']],
  ['rails db:migrate', '.', ['db/migrate/20240101_drop_orders.rb', 'db/migrations/004_drop.sql']],
  ['bin/rails db:migrate', '.', ['db/migrate/20240101_drop_orders.rb', 'db/migrations/004_drop.sql']],
  ['bundle exec rake db:migrate', '.', ['db/migrate/20240101_drop_orders.rb', 'db/migrations/004_drop.sql']],
  ['npx prisma migrate deploy', '.', ['prisma/migrations/2024/migration.sql']],
  ['pnpm exec prisma db push', '.', ['prisma/migrations/2024/migration.sql']],
  ['alembic upgrade head', '.', ['alembic/versions/abc_drop.py']],
  ['poetry run alembic upgrade head', '.', ['alembic/versions/abc_drop.py']],
  ['python -m alembic downgrade -1', '.', ['alembic/versions/abc_drop.py']],
  ['kubectl apply -f k8s/', '.', ['k8s/deployment.yaml']],
  ['kubectl apply -f k8s -R', '.', ['k8s/deployment.yaml', 'k8s/base/service.yaml']],
  ['kubectl apply --filename=k8s/deployment.yaml', '.', ['k8s/deployment.yaml']],
  ['kubectl --context prod apply -f deployment.yaml', 'k8s', ['k8s/deployment.yaml']],
  ['kubectl apply -k k8s/base', '.', ['k8s/base/service.yaml']],
  ['kubectl apply -f $MANIFESTS', '.', ['k8s/deployment.yaml', 'k8s/base/service.yaml', 'charts/api/templates/deploy.yaml']],
  ['helm upgrade api ./charts/api', '.', ['charts/api/templates/deploy.yaml']],
  // knex reads its folder from a knexfile: every migration folder under the cwd counts
  ['knex migrate:latest', '.', ['db/migrate/20240101_drop_orders.rb', 'db/migrations/004_drop.sql', 'prisma/migrations/2024/migration.sql']],
  ['knex migrate:latest', 'db', ['db/migrate/20240101_drop_orders.rb', 'db/migrations/004_drop.sql']],
];

for (const [line, cwd, files] of HOLDS) {
  test(`\`${line}\` in ${cwd} is held by ${files.join(', ')}`, () => {
    const r = gateCommands([cmd(line)], `${ROOT}/${cwd}`, PENDING, { roots: [ROOT] });
    assert.equal(r.hold, true);
    assert.deepEqual(r.reasons.map((x) => x.file.slice(ROOT.length + 1)).sort(), [...files].sort());
    assert.match(r.summary, /unreviewed risky changes/);
  });
}

/** Near misses: deploy-looking commands that do not act on any pending file, and ordinary commands. */
const PASSES: Array<[string, string]> = [
  ['terraform plan', 'terraform'],
  ['terraform apply', 'infra/production'],
  ['terraform fmt', 'terraform'],
  ['kubectl get pods', '.'],
  ['kubectl apply -f https://example.com/x.yaml', '.'],
  ['kubectl apply -f k8s/other.yaml', '.'],
  ['kubectl diff -f k8s/', '.'],
  ['helm upgrade api bitnami/nginx', '.'],
  ['rails server', '.'],
  ['prisma generate', '.'],
  ['alembic history', '.'],
  ['ls -la', 'terraform'],
  ['git push', '.'],
  ['npm test', '.'],
];

for (const [line, cwd] of PASSES) {
  test(`\`${line}\` in ${cwd} is not held`, () => {
    const r = gateCommands([cmd(line)], `${ROOT}/${cwd}`, PENDING, { roots: [ROOT] });
    assert.equal(r.hold, false, r.summary);
    assert.equal(r.summary, '');
  });
}

test('the reason names the file, its rules and the deploy step', () => {
  const r = gateCommands([cmd('terraform apply')], `${ROOT}/terraform`, [PENDING[0]!], { roots: [ROOT] });
  assert.equal(r.reasons.length, 1);
  assert.equal(
    r.reasons[0]!.message,
    'terraform/main.tf has an unreviewed high-risk change (terraform.prevent-destroy-removed) that `terraform apply` in terraform/ would act on',
  );
  assert.match(r.summary, /^terraform apply would act on unreviewed risky changes in terraform\/main\.tf; review them first/);
});

test('low-risk pending items do not hold deploys unless asked', () => {
  const low = [pending('terraform/main.tf', 'low')];
  assert.equal(gateCommands([cmd('terraform apply')], `${ROOT}/terraform`, low).hold, false);
  assert.equal(gateCommands([cmd('terraform apply')], `${ROOT}/terraform`, low, { minSeverity: 'low' }).hold, true);
});

test('an unresolved path says so in the reason', () => {
  const r = gateCommands([cmd('kubectl apply -f -')], ROOT, PENDING, { roots: [ROOT] });
  assert.equal(r.hold, true);
  assert.match(r.reasons[0]!.message, /reads manifests from standard input/);
});

test('every command of a line counts, and each pending item is named once', () => {
  const r = gateCommands([cmd('echo start'), cmd('terraform apply'), cmd('terraform apply')], `${ROOT}/terraform`, PENDING, { roots: [ROOT] });
  assert.equal(r.reasons.length, 2);
});

test('paths compare case-insensitively when asked; Windows separators are normalised', () => {
  const p = [{ id: 'x', file: 'C:\\Work\\Shop\\terraform\\main.tf', severity: 'high' as const, ruleIds: [] }];
  assert.equal(gateCommands([cmd('terraform apply')], 'c:/work/shop/terraform', p, { caseInsensitive: true }).hold, true);
  assert.equal(gateCommands([cmd('terraform apply')], 'c:/work/shop/terraform', p).hold, false);
});

test('malformed input never throws', () => {
  const bad = [{ program: 'terraform' } as unknown as GateCommand, null as unknown as GateCommand, cmd('terraform apply')];
  assert.equal(gateCommands(bad, `${ROOT}/terraform`, PENDING).hold, true);
});

test('a cd earlier in the line moves where later commands run; a cd to a variable makes it unknown', () => {
  const r = gateCommands([cmd('cd terraform'), cmd('terraform apply')], ROOT, PENDING, { roots: [ROOT] });
  assert.deepEqual(r.reasons.map((x) => x.file.slice(ROOT.length + 1)).sort(), ['terraform/main.tf', 'terraform/modules/db/main.tf']);
  assert.equal(gateCommands([cmd('cd docs'), cmd('terraform apply')], ROOT, PENDING).hold, false);
  const unknown = gateCommands([cmd('cd $INFRA'), cmd('terraform apply')], ROOT, PENDING, { roots: [ROOT] });
  assert.equal(unknown.reasons.length, 3);
  assert.match(unknown.reasons[0]!.message, /could not be read from the command line/);
});

test('commands from the real shell parser fit the gate (cd … && terraform apply, sudo, kubectl -f)', async () => {
  const analyzer = await createCommandAnalyzer();
  const gate = (line: string, cwd = ROOT): string[] =>
    gateCommands(analyzer.parse(line).commands, cwd, PENDING, { roots: [ROOT] })
      .reasons.map((x) => x.file.slice(ROOT.length + 1))
      .sort();
  assert.deepEqual(gate('cd terraform && terraform apply -auto-approve'), ['terraform/main.tf', 'terraform/modules/db/main.tf']);
  assert.deepEqual(gate("bash -c 'kubectl apply -f k8s/deployment.yaml'"), ['k8s/deployment.yaml']);
  assert.deepEqual(gate('DATABASE_URL=postgres://x npx prisma migrate deploy'), ['prisma/migrations/2024/migration.sql']);
  assert.deepEqual(gate('terraform plan && echo done'), []);
});
