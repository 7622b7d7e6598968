/**
 * Platform CLIs: deleting apps, repositories, projects, servers, volumes, databases, secrets and
 * domains on hosted platforms — GitHub (`gh`), GitLab (`glab`), Heroku, Fly.io, Vercel, Netlify,
 * Cloudflare Wrangler, Supabase, Firebase, Railway, Dokku, Cloud Foundry, DigitalOcean
 * (`doctl`), Hetzner (`hcloud`), Linode, Scaleway, Vultr, UpCloud, Exoscale, Civo, Oracle Cloud,
 * OpenStack, IBM Cloud, Elastic Beanstalk, SAM, Copilot, Amplify and eksctl.
 *
 * Each tool's table comes from its CLI reference. `--help`, `help` and `--dry-run` stay quiet;
 * a production-looking app, project, environment or resource name makes a finding critical.
 */
import type { Severity } from '../../severity';
import { NO_UNDO, SHARED_DELETE } from '../generic/weight';
import { sqlFindings } from './database';
import { readWordFile } from '../files';
import { type Operation, type OpMatch, operationsRule } from '../operations';
import { hasFlag, programsOf, type CommandRuleExamples, type RulePack } from '../rule';
import { optionValues } from '../words';

/** `deletes the <noun> <operand>` from the words of the path before the verb (`compute droplet delete web-1`). */
function deletesNoun(verb = 'deletes', after = ''): (m: OpMatch) => string {
  return (m) => {
    const noun = m.path
      .slice(0, -1)
      .map((w) => w.text)
      .filter((t) => !/^(compute|alpha|beta|resource)$/.test(t))
      .join(' ')
      .replace(/s$/, '');
    const what = m.operands.map((w) => w.text).join(', ') || (optionValues(m.cmd, '--name', '-n', '--cluster', '--id', '--instance-id')[0]?.text ?? '');
    return `${verb} the ${noun || 'resource'} ${what}${after}`.replace(/ +/g, ' ').trim();
  };
}

/** Rows for `tool [group…] delete|rm …` at one to three levels of subcommands. */
function anyDelete(verbs: string, severity: Severity = 'high', extra: Partial<Operation> = {}): Operation[] {
  return ['* * * ' + verbs, '* * ' + verbs, '* ' + verbs].map((path) => ({ path, severity, what: deletesNoun(), ...extra }));
}

// ---------------------------------------------------------------------------------------------
// GitHub and GitLab

const GH_VALUED = ['-R', '--repo', '--hostname', '-X', '--method', '-H', '--header', '-F', '--field', '-f', '--raw-field', '-q', '--jq', '-t', '--template', '-e', '--env', '-o', '--org', '--owner', '-L', '--limit', '--json', '-c', '--codespace', '--visibility', '-b', '--body', '--input', '--cache', '-r', '--ref', '--app'];

function inEnv(m: OpMatch): string {
  const env = optionValues(m.cmd, '-e', '--env')[0]?.text;
  const org = optionValues(m.cmd, '-o', '--org')[0]?.text;
  return env ? ` of the environment ${env}` : org ? ` of the organization ${org}` : '';
}

function apiDelete(m: OpMatch): string | undefined {
  const method = optionValues(m.cmd, '-X', '--method')[0]?.text.toUpperCase();
  if (method !== 'DELETE') return undefined;
  return `sends DELETE to ${m.operands[0]?.text ?? 'the API'}: the object it names is deleted`;
}

const gh = operationsRule({
  id: 'platform.gh',
  description: 'gh repo delete/archive/edit --visibility public, release/issue/gist/project/label delete, secret and variable delete, api -X DELETE, cache/run/codespace delete.',
  programs: ['gh'],
  valued: GH_VALUED,
  scope: ['-R', '--repo'],
  scopeLabel: 'repository',
  suggestion: 'Check the repository and name first (gh repo view, gh … list); archive rather than delete where you can.',
  ops: [
    { path: 'repo delete', severity: 'critical', what: 'deletes the GitHub repository {0?in this folder} with its issues, pull requests, wiki and releases' },
    { path: 'repo archive', severity: 'medium', what: 'archives the repository {0?in this folder}: it becomes read-only until unarchived' },
    { path: 'repo edit', severity: 'high', what: (m) => (/^public$/i.test(optionValues(m.cmd, '--visibility')[0]?.text ?? '') ? `makes the repository ${m.operands[0]?.text ?? ''} public: its code and whole history become visible to everyone`.replace(/ +/g, ' ') : undefined) },
    { path: 'repo deploy-key delete', severity: SHARED_DELETE, what: `deletes the deploy key {0}: whatever uses it loses access; there is ${NO_UNDO}` },
    { path: 'release delete', severity: 'high', what: 'deletes the release {0} with its notes and uploaded assets', raise: [{ flags: ['--cleanup-tag'], severity: 'high', why: 'and its tag' }] },
    { path: 'release delete-asset', severity: SHARED_DELETE, what: `deletes the asset {1} of the release {0}; there is ${NO_UNDO}` },
    { path: 'issue delete', severity: 'high', what: 'deletes the issue {0} and its comments for good' },
    { path: 'gist delete', severity: 'high', what: 'deletes the gist {0}' },
    { path: 'project delete', severity: 'high', what: 'deletes the project {0} and its items' },
    { path: 'label delete', severity: 'medium', what: 'deletes the label {0} from every issue and pull request' },
    { path: 'secret delete|remove', severity: 'high', what: (m) => `deletes the Actions secret ${m.operands[0]?.text ?? ''}${inEnv(m)}: workflows that use it fail, and its value cannot be read back`.replace(/ +/g, ' ') },
    { path: 'variable delete|remove', severity: 'high', what: (m) => `deletes the Actions variable ${m.operands[0]?.text ?? ''}${inEnv(m)}: workflows that use it change behaviour`.replace(/ +/g, ' ') },
    { path: 'ssh-key|gpg-key delete', severity: SHARED_DELETE, what: `deletes the key {0} from the account: logins or signatures that use it stop working; there is ${NO_UNDO}` },
    { path: 'cache delete', severity: 'low', what: 'deletes the Actions cache {0}', raise: [{ flags: ['--all', '-a'], severity: 'medium', why: 'every one of them' }] },
    { path: 'run delete', severity: 'medium', what: 'deletes the workflow run {0} with its logs and artifacts' },
    { path: 'codespace delete', severity: 'medium', what: 'deletes the codespace {-c|--codespace?it selects}: work not pushed from it is lost', raise: [{ flags: ['--all'], severity: 'high', why: 'every one of them' }] },
    { path: 'workflow disable', severity: 'medium', what: 'disables the workflow {0}' },
    { path: 'api', severity: 'high', what: apiDelete },
  ],
  examples: {
    match: [
      { cmd: 'gh repo delete acme/api --yes', exactly: 'critical' },
      { cmd: 'gh repo archive acme/legacy --yes', exactly: 'medium' },
      { cmd: 'gh api -X DELETE repos/acme/api/git/refs/heads/main', exactly: 'high' },
      'gh api --method DELETE /orgs/acme/members/alice',
      { cmd: 'gh cache delete --all --repo acme/api', exactly: 'medium' },
      'gh issue delete 482 --yes',
      'gh gist delete 5b0e0062eb8e --yes',
      { cmd: 'gh secret delete DEPLOY_TOKEN --repo acme/api', exactly: 'high' },
      { cmd: 'gh variable delete PROD_URL --env production', exactly: 'critical' },
      { cmd: 'gh release delete v1.2.0 --cleanup-tag -y', exactly: 'high' },
      { cmd: 'gh codespace delete --all --force', exactly: 'high' },
      'gh repo edit acme/internal --visibility public --accept-visibility-change-consequences',
    ],
    nearMiss: ['gh pr list --state open', 'gh repo delete --help', 'gh release create v2.4.0 --generate-notes', 'gh api repos/acme/api', 'gh api -X GET repos/acme/api/releases', 'gh cache list', 'gh secret list --repo acme/api', 'gh repo edit --description "API"', 'gh issue create --title "Delete button does nothing"'],
  },
});

const glab = operationsRule({
  id: 'platform.glab',
  description: 'glab repo delete, release/issue/mr/label/variable/schedule/ci delete, api -X DELETE: GitLab projects and their data deleted.',
  programs: ['glab'],
  valued: ['-R', '--repo', '-X', '--method', '-H', '--header', '-F', '--field', '-f', '--raw-field', '-g', '--group', '-s', '--scope', '-e', '--environment', '--hostname', '-p', '--page', '-P', '--per-page'],
  scope: ['-R', '--repo', '-g', '--group', '-s', '--scope'],
  scopeLabel: 'project',
  suggestion: 'Check the project and name first (glab repo view, glab … list); archive rather than delete where you can.',
  ops: [
    { path: 'repo|project delete', severity: 'critical', what: 'deletes the GitLab project {0?in this folder} with its issues, merge requests, pipelines and registry' },
    { path: 'release delete', severity: 'high', what: 'deletes the release {0} with its notes and assets', raise: [{ flags: ['--with-tag', '-t'], severity: 'high', why: 'and its tag' }] },
    { path: 'issue delete', severity: 'high', what: 'deletes the issue {0} for good' },
    { path: 'mr delete', severity: 'high', what: 'deletes the merge request {0} for good' },
    { path: 'label delete', severity: 'medium', what: 'deletes the label {0}' },
    { path: 'variable delete|remove', severity: 'high', what: 'deletes the CI/CD variable {0}: pipelines that use it fail' },
    { path: 'schedule delete', severity: 'medium', what: 'deletes the pipeline schedule {0}' },
    { path: 'ci delete', severity: 'medium', what: 'deletes the pipelines {*?it selects} with their logs and artifacts' },
    { path: 'ssh-key|deploy-key|gpg-key delete', severity: SHARED_DELETE, what: `deletes the key {0}: access that uses it stops working; there is ${NO_UNDO}` },
    { path: 'snippet delete', severity: 'high', what: 'deletes the snippet {0}' },
    { path: 'api', severity: 'high', what: apiDelete },
  ],
  examples: {
    match: [{ cmd: 'glab repo delete acme/api --yes', exactly: 'critical' }, 'glab variable delete DEPLOY_TOKEN', 'glab api -X DELETE projects/42', { cmd: 'glab release delete v1.0 --with-tag', exactly: 'high' }],
    nearMiss: ['glab mr list', 'glab repo view acme/api', 'glab ci view', 'glab variable list', 'glab api projects/42'],
  },
});

// ---------------------------------------------------------------------------------------------
// Heroku, Dokku, Cloud Foundry

const heroku = operationsRule({
  id: 'platform.heroku',
  description: 'heroku apps:destroy, pg:reset, pg:copy, addons:destroy, config:unset, ps:scale to zero, domains:clear, spaces:destroy.',
  programs: ['heroku'],
  valued: ['-a', '--app', '-r', '--remote', '--confirm', '-t', '--team', '--space'],
  scope: ['-a', '--app', '-r', '--remote', '--confirm', '-t', '--team'],
  scopeLabel: 'app',
  suggestion: 'Check the app first (heroku apps:info -a APP); take a database backup (heroku pg:backups:capture).',
  ops: [
    { path: 'apps:destroy|apps:delete|destroy', severity: 'high', what: 'deletes the app {-a|--app|0?in this folder} with its add-ons, config and data' },
    { path: 'pg:reset', severity: 'high', what: 'deletes every table and row of the database {0?DATABASE}' },
    { path: 'pg:copy', severity: 'high', what: 'overwrites the database {1} with a copy of {0}: what {1} held is lost' },
    { path: 'pg:backups:delete|pg:backups:destroy', severity: 'high', what: 'deletes the database backup {0}' },
    { path: 'addons:destroy|addons:remove', severity: 'high', what: 'deletes the add-on {0} and the data it holds' },
    { path: 'config:unset|config:remove', severity: 'high', what: 'removes the config vars {*} from the app: their values are gone and the app restarts without them' },
    { path: 'ps:scale|scale', severity: 'high', what: (m) => (m.operands.some((w) => /^[\w-]+=0(:|$)/.test(w.text)) ? `stops every ${m.operands.filter((w) => /=0(:|$)/.test(w.text)).map((w) => w.text.split('=')[0]).join(' and ')} dyno: the app stops serving them` : undefined) },
    { path: 'domains:clear', severity: 'high', what: 'removes every custom domain from the app' },
    { path: 'domains:remove', severity: 'medium', what: 'removes the domain {0} from the app' },
    { path: 'spaces:destroy', severity: 'critical', what: 'deletes the private space {0?named by --space}' },
    { path: 'pipelines:destroy', severity: 'medium', what: 'deletes the pipeline {0}' },
    { path: 'releases:rollback|rollback', severity: 'medium', what: 'rolls the app back to release {0?before this one}' },
    { path: 'access:remove', severity: 'medium', what: 'removes {0} from the app: they lose access' },
    { path: 'maintenance:on', severity: 'medium', what: 'puts the app in maintenance mode: it stops serving requests' },
    { path: 'pg:killall', severity: 'medium', what: 'kills every connection to the database {0?DATABASE}: running queries are cut off' },
  ],
  examples: {
    match: [
      { cmd: 'heroku apps:destroy --app acme-staging --confirm acme-staging', exactly: 'high' },
      { cmd: 'heroku apps:destroy --app acme-prod --confirm acme-prod', exactly: 'critical' },
      'heroku pg:reset DATABASE_URL -a acme-staging --confirm acme-staging',
      'heroku addons:destroy heroku-redis --app acme-staging',
      { cmd: 'heroku config:unset STRIPE_SECRET_KEY -a acme-staging', exactly: 'high' },
      'heroku ps:scale web=0 worker=0 -a acme-staging',
      'heroku domains:clear -a acme-staging',
    ],
    nearMiss: ['heroku logs --tail -a acme-staging', 'heroku config -a acme-staging', 'heroku pg:info -a acme-prod', 'heroku apps:destroy --help', 'heroku ps:scale web=2 -a acme', 'heroku config:set A=1 -a acme'],
  },
});

const dokku = operationsRule({
  id: 'platform.dokku',
  description: 'dokku apps:destroy, <datastore>:destroy, config:unset, storage and domains removal.',
  programs: ['dokku'],
  valued: ['--app'],
  scopeLabel: 'app',
  suggestion: 'Export the data first (dokku postgres:export …).',
  ops: [
    { path: 'apps:destroy', severity: 'high', what: 'deletes the app {0} with its containers and config' },
    { path: '*', severity: 'high', what: (m) => { const v = m.path[0]!.text; const mm = /^(postgres|mysql|mariadb|mongo|redis|rabbitmq|elasticsearch|couchdb|clickhouse|memcached|nats|rethinkdb|solr|meilisearch|pushpin|omnisci|typesense):(destroy|unlink)$/.exec(v); if (mm) return mm[2] === 'destroy' ? `deletes the ${mm[1]} service ${m.operands[0]?.text ?? ''} and all its data` : undefined; if (v === 'config:unset') return `removes the config vars ${m.operands.slice(1).map((w) => w.text).join(', ')} from ${m.operands[0]?.text ?? 'the app'}`; if (v === 'domains:clear') return `removes every domain of ${m.operands[0]?.text ?? 'the app'}`; return undefined; } },
  ],
  examples: { match: ['dokku apps:destroy api --force', 'dokku postgres:destroy api-db --force', 'dokku config:unset api STRIPE_KEY'], nearMiss: ['dokku apps:list', 'dokku postgres:info api-db', 'dokku config:set api A=1', 'dokku logs api -t'] },
});

const cf = operationsRule({
  id: 'platform.cf',
  description: 'Cloud Foundry cf delete, delete-service, delete-space, delete-org, purge-service-instance, unset-env.',
  programs: ['cf', 'cf7', 'cf8'],
  valued: ['-o', '-s', '-c', '-p', '-i', '-m', '-k', '-b'],
  suggestion: 'Check the target first (cf target); export service data before deleting it.',
  ops: [
    { path: 'delete', severity: 'high', what: 'deletes the app {0}', raise: [{ flags: ['-r'], severity: 'high', why: 'and its routes' }] },
    { path: 'delete-service|ds', severity: 'high', what: 'deletes the service instance {0} and its data' },
    { path: 'purge-service-instance', severity: 'high', what: 'removes the service instance {0} without asking the broker to clean up' },
    { path: 'delete-space', severity: 'critical', what: 'deletes the space {0} with every app and service in it' },
    { path: 'delete-org', severity: 'critical', what: 'deletes the org {0} with every space, app and service in it' },
    { path: 'delete-route|delete-orphaned-routes', severity: 'medium', what: 'deletes routes {*}' },
    { path: 'unset-env', severity: SHARED_DELETE, what: `removes the variable {1} from the app {0}: its value is gone; there is ${NO_UNDO}` },
  ],
  examples: { match: ['cf delete api -f -r', { cmd: 'cf delete-space prod -f', exactly: 'critical' }, 'cf delete-service orders-db -f'], nearMiss: ['cf apps', 'cf push api', 'cf target -o acme -s dev', 'cf logs api --recent'] },
});

// ---------------------------------------------------------------------------------------------
// Fly, Vercel, Netlify, Railway, Render

const fly = operationsRule({
  id: 'platform.fly',
  description: 'fly apps/machine/volumes/postgres/redis destroy, secrets unset, scale count 0, orgs delete.',
  programs: ['fly', 'flyctl'],
  valued: ['-a', '--app', '-c', '--config', '-o', '--org', '-r', '--region', '--image', '-t', '--access-token', '--process-group', '--vm-size'],
  scope: ['-a', '--app', '-o', '--org'],
  scopeLabel: 'app',
  suggestion: 'Check the app first (fly status -a APP); snapshot volumes before destroying them.',
  ops: [
    { path: 'apps|app destroy|delete|remove|rm', severity: 'high', what: 'deletes the app {0} with its machines, volumes and secrets' },
    { path: 'destroy', severity: 'high', what: 'deletes the app {0} with its machines, volumes and secrets' },
    { path: 'volumes|volume|vol destroy|delete|rm', severity: 'high', what: 'deletes the volume {0} and the data on it' },
    { path: 'machine|machines|m destroy|remove|rm|delete', severity: 'high', what: 'destroys the machine {0}' },
    { path: 'postgres|pg|mpg|redis|tigris|storage|mysql|consul destroy|delete', severity: 'high', what: (m) => `deletes the ${m.path[0]!.text} cluster ${m.operands[0]?.text ?? ''} and all its data`.trim() },
    { path: 'secrets|secret unset|rm|remove|delete', severity: 'high', what: 'removes the secrets {*} from the app: their values are gone and machines restart without them' },
    { path: 'scale count', severity: 'high', what: (m) => (m.operands.some((w) => /^(0|[\w-]+=0)$/.test(w.text)) ? 'scales the app to zero machines: it stops serving' : undefined) },
    { path: 'orgs|org delete', severity: 'critical', what: 'deletes the organization {0} with every app in it' },
    { path: 'certs|cert remove|delete|rm', severity: 'medium', what: 'removes the certificate for {0}' },
    { path: 'ips release', severity: 'medium', what: 'releases the IP address {0}: DNS pointing at it breaks' },
  ],
  examples: {
    match: [{ cmd: 'fly apps destroy acme-api --yes', exactly: 'high' }, 'fly machine destroy 3d8d9d1a2b3c4e --force', 'flyctl volumes destroy vol_123 -y', { cmd: 'fly secrets unset DATABASE_URL -a acme-api', exactly: 'high' }, 'fly postgres destroy acme-db', 'fly scale count 0 -a acme-api'],
    nearMiss: ['fly status -a acme-api', 'fly logs -a acme-api', 'flyctl volumes list -a acme-api', 'fly deploy', 'fly scale count 2', 'fly secrets list'],
  },
});

const vercel = operationsRule({
  id: 'platform.vercel',
  description: 'vercel remove, project rm, env rm, domains/dns/alias/certs rm, blob del.',
  programs: ['vercel', 'vc'],
  valued: ['--scope', '--token', '-t', '--cwd', '--local-config', '-A', '-S', '--environment', '--target'],
  scope: ['--scope', '-S', '--environment', '--target'],
  scopeLabel: 'scope',
  suggestion: 'Check the project and scope first (vercel project ls, vercel whoami).',
  ops: [
    { path: 'remove|rm', severity: 'high', what: 'removes the project or deployment {*}' },
    { path: 'project|projects rm|remove', severity: 'critical', what: 'deletes the project {0} with its deployments and settings' },
    { path: 'env rm|remove', severity: 'high', what: (m) => `removes the environment variable ${m.operands[0]?.text ?? ''}${m.operands[1] ? ` from ${m.operands[1].text}` : ''}: its value is gone`.replace(/ +/g, ' ') },
    { path: 'domains|domain rm|remove', severity: 'high', what: 'removes the domain {0} from the account' },
    { path: 'dns rm|remove', severity: SHARED_DELETE, what: `removes the DNS record {0}: names that use it stop resolving; there is ${NO_UNDO}` },
    { path: 'alias|aliases rm|remove', severity: 'medium', what: 'removes the alias {0}' },
    { path: 'certs|cert rm|remove', severity: 'medium', what: 'removes the certificate {0}' },
    { path: 'blob del|rm|delete', severity: 'high', what: 'deletes the blobs {*}' },
  ],
  examples: { match: [{ cmd: 'vercel remove acme-web --yes', exactly: 'high' }, 'vercel project rm acme-web', 'vercel domains rm acme.com --yes', 'vercel env rm STRIPE_KEY production -y'], nearMiss: ['vercel deploy', 'vercel env ls', 'vercel env pull .env.local', 'vercel project ls'] },
});

const netlify = operationsRule({
  id: 'platform.netlify',
  description: 'netlify sites:delete, env:unset, blobs:delete.',
  programs: ['netlify', 'ntl'],
  valued: ['--site', '--context', '--scope', '--auth', '--filter'],
  scope: ['--site', '--context'],
  scopeLabel: 'site',
  suggestion: 'Check the site first (netlify status).',
  ops: [
    { path: 'sites:delete', severity: 'critical', what: 'deletes the site {0} with its deploys and settings' },
    { path: 'sites delete', severity: 'critical', what: 'deletes the site {0} with its deploys and settings' },
    { path: 'env:unset|env:delete|env:remove', severity: 'high', what: 'removes the environment variable {0}: its value is gone' },
    { path: 'env unset|delete|remove', severity: 'high', what: 'removes the environment variable {0}: its value is gone' },
    { path: 'blobs:delete', severity: SHARED_DELETE, what: `deletes the blob {1} from the store {0}; there is ${NO_UNDO}` },
  ],
  examples: { match: ['netlify sites:delete 1a2b3c --force', 'netlify env:unset STRIPE_KEY'], nearMiss: ['netlify deploy --prod', 'netlify env:list', 'netlify status', 'netlify env:set A 1'] },
});

const railway = operationsRule({
  id: 'platform.railway',
  description: 'railway down, delete, environment/service/volume delete.',
  programs: ['railway'],
  valued: ['-s', '--service', '-e', '--environment', '-p', '--project'],
  scope: ['-e', '--environment', '-p', '--project', '-s', '--service'],
  scopeLabel: 'Railway',
  suggestion: 'Check the linked project and environment first (railway status).',
  ops: [
    { path: 'down', severity: 'high', what: 'removes the latest deployment of the service: it stops serving' },
    { path: 'delete', severity: 'critical', what: 'deletes the project {0?linked here} with its services, volumes and variables' },
    { path: 'environment|env delete|rm|remove', severity: 'critical', what: 'deletes the environment {0} with its services and variables' },
    { path: 'volume delete|rm|remove', severity: 'high', what: 'deletes the volume {0?it selects} and its data' },
    { path: 'service delete|rm|remove', severity: 'high', what: 'deletes the service {0?it selects}' },
  ],
  examples: { match: ['railway down -y', 'railway environment delete staging', 'railway volume delete -v data'], nearMiss: ['railway status', 'railway up', 'railway logs', 'railway variables'] },
});

// ---------------------------------------------------------------------------------------------
// Cloudflare Wrangler, Supabase, Firebase

/** `wrangler d1 execute DB --command "SQL"` / `--file x.sql`: the SQL's destructive statements. */
function d1Execute(m: OpMatch): string | undefined {
  const texts: { text: string; from: string }[] = [];
  for (const w of optionValues(m.cmd, '--command')) texts.push({ text: w.text, from: '--command' });
  for (const w of optionValues(m.cmd, '--file')) {
    const r = readWordFile(m.rc, w);
    if ('text' in r) texts.push({ text: r.text, from: w.text });
    else return `runs the SQL in ${w.text}, which cannot be checked here (${r.error})`;
  }
  for (const t of texts) {
    const f = sqlFindings({ text: t.text, span: [0, t.text.length], exact: false, from: t.from }, 'sqlite')[0];
    if (f) return `${f.message.replace(/^SQL /, '').replace(/\.$/, '')} in the D1 database ${m.operands[0]?.text ?? ''}${hasFlag(m.cmd, '--remote') ? '' : ' (local copy)'}`;
  }
  return undefined;
}

const wrangler = operationsRule({
  id: 'platform.wrangler',
  description: 'wrangler delete, d1/kv/r2/queues/vectorize/pages/hyperdrive delete, secret delete, d1 execute of destructive SQL.',
  programs: ['wrangler'],
  valued: ['--name', '--env', '-e', '--binding', '--namespace-id', '--preview', '--config', '-c', '--command', '--file', '--account-id', '--jurisdiction', '--project-name', '--timestamp', '--bookmark'],
  scope: ['--env', '-e', '--name'],
  scopeLabel: 'environment',
  suggestion: 'Check the account and name first (wrangler whoami, wrangler … list); export D1 data (wrangler d1 export) before changing it.',
  ops: [
    { path: 'delete', severity: 'high', what: 'deletes the Worker {--name|0?of this project} and its routes' },
    { path: 'd1 delete', severity: 'high', what: 'deletes the D1 database {0} and all its data' },
    { path: 'd1 execute', severity: 'high', what: d1Execute, severityOf: (m) => (hasFlag(m.cmd, '--remote') ? 'high' : 'medium') },
    { path: 'd1 time-travel restore', severity: 'high', what: 'restores the D1 database {0} to an earlier point: later changes are lost' },
    { path: 'kv namespace delete', severity: 'high', what: 'deletes the KV namespace {--binding|--namespace-id|0} and every key in it' },
    { path: 'kv:namespace delete', severity: 'high', what: 'deletes the KV namespace {--binding|--namespace-id|0} and every key in it' },
    { path: 'kv key delete', severity: 'high', what: 'deletes the key {0} from the KV namespace {--binding|--namespace-id}' },
    { path: 'kv:key delete', severity: 'high', what: 'deletes the key {0} from the KV namespace {--binding|--namespace-id}' },
    { path: 'kv bulk delete', severity: 'high', what: 'deletes every key listed in {0} from the KV namespace {--binding|--namespace-id}' },
    { path: 'kv:bulk delete', severity: 'high', what: 'deletes every key listed in {0} from the KV namespace {--binding|--namespace-id}' },
    { path: 'r2 bucket delete', severity: 'high', what: 'deletes the R2 bucket {0}' },
    { path: 'r2 object delete', severity: 'high', what: 'deletes the R2 object {0}' },
    { path: 'queues|queue delete', severity: 'high', what: 'deletes the queue {0} and the messages in it' },
    { path: 'vectorize delete', severity: 'high', what: 'deletes the Vectorize index {0} and its vectors' },
    { path: 'hyperdrive delete', severity: 'medium', what: 'deletes the Hyperdrive config {0}' },
    { path: 'pages project delete', severity: 'high', what: 'deletes the Pages project {0} with its deployments' },
    { path: 'pages deployment delete', severity: 'medium', what: 'deletes the Pages deployment {0}' },
    { path: 'secret delete', severity: 'high', what: 'deletes the Worker secret {0}: its value is gone' },
    { path: 'dispatch-namespace delete', severity: 'high', what: 'deletes the dispatch namespace {0} and its Workers' },
    { path: 'workflows delete', severity: 'medium', what: 'deletes the workflow {0}' },
  ],
  examples: {
    match: [
      'wrangler delete --name acme-api',
      'wrangler kv key delete session:42 --binding SESSIONS --remote',
      'wrangler r2 bucket delete acme-uploads',
      { cmd: 'wrangler d1 delete acme-prod -y', exactly: 'critical' },
      { cmd: 'wrangler d1 execute acme --remote --command "DROP TABLE users"', exactly: 'high' },
      { cmd: 'wrangler d1 execute acme --command "DELETE FROM users"', exactly: 'medium' },
      'wrangler pages project delete acme-site',
      'npx wrangler queues delete email-jobs',
    ],
    nearMiss: ['wrangler dev', 'wrangler tail acme-api', 'wrangler kv key list --binding SESSIONS', 'wrangler whoami', 'wrangler d1 execute acme --remote --command "SELECT count(*) FROM users"', 'wrangler deploy'],
  },
});

const supabase = operationsRule({
  id: 'platform.supabase',
  description: 'supabase db reset (local, or --linked), projects/branches/functions delete, secrets unset, storage rm, stop --no-backup.',
  programs: ['supabase'],
  valued: ['--project-ref', '--db-url', '--workdir', '--profile', '-o', '--output', '--env-file', '--version'],
  scope: ['--project-ref', '--db-url'],
  scopeLabel: 'project',
  suggestion: 'Dump the database first (supabase db dump), and check which project is linked (supabase projects list).',
  ops: [
    {
      path: 'db reset',
      severity: 'medium',
      what: (m) => (hasFlag(m.cmd, '--linked', '--db-url') ? 'drops every table of the linked (remote) database and rebuilds it from the migrations' : 'drops the local development database and rebuilds it from the migrations'),
      raise: [{ flags: ['--linked', '--db-url'], severity: 'high' }],
    },
    { path: 'projects delete', severity: 'critical', what: 'deletes the Supabase project {0} with its database, storage and auth users' },
    { path: 'branches delete', severity: 'high', what: 'deletes the preview branch {0} and its database' },
    { path: 'functions delete', severity: 'high', what: 'deletes the Edge Function {0}' },
    { path: 'secrets unset', severity: 'high', what: 'removes the secrets {*}: their values are gone' },
    { path: 'storage rm', severity: 'high', what: 'deletes the storage objects {*}', raise: [{ flags: ['-r', '--recursive'], severity: 'high', why: 'with everything under them' }] },
    { path: 'orgs delete', severity: 'critical', what: 'deletes the organization {0}' },
    { path: 'stop', severity: 'medium', when: ['--no-backup'], what: 'stops the local stack and deletes its data volumes' },
  ],
  examples: {
    match: [{ cmd: 'supabase db reset', exactly: 'medium' }, { cmd: 'supabase db reset --linked', exactly: 'high' }, { cmd: 'supabase projects delete abcdefghijklmnop', exactly: 'critical' }, 'supabase secrets unset STRIPE_KEY', 'supabase functions delete send-email'],
    nearMiss: ['supabase start', 'supabase db diff', 'supabase db push --dry-run', 'supabase projects list', 'supabase stop'],
  },
});

const firebase = operationsRule({
  id: 'platform.firebase',
  description: 'firebase firestore:delete, database:remove/set, functions:delete, hosting:disable, hosting channel/site delete, secrets destroy.',
  programs: ['firebase'],
  valued: ['--project', '-P', '--token', '--instance', '--database', '--region', '--site', '--config', '-c', '--only', '--data'],
  scope: ['--project', '-P'],
  scopeLabel: 'project',
  suggestion: 'Export the data first (gcloud firestore export / firebase database:get), and check the project (firebase use).',
  ops: [
    {
      path: 'firestore:delete',
      severity: 'high',
      what: (m) => (hasFlag(m.cmd, '--all-collections') ? 'deletes every document of every collection in the Firestore database' : `deletes the Firestore ${hasFlag(m.cmd, '-r', '--recursive') ? 'path' : 'document'} ${m.operands[0]?.text ?? ''}${hasFlag(m.cmd, '-r', '--recursive') ? ' and everything under it' : ''}`.replace(/ +/g, ' ')),
      raise: [{ flags: ['--all-collections'], severity: 'critical' }],
    },
    { path: 'firestore:databases:delete', severity: 'critical', what: 'deletes the Firestore database {0} and all its data' },
    { path: 'database:remove', severity: 'high', what: (m) => `deletes ${m.operands[0]?.text === '/' ? 'everything in the Realtime Database' : `the Realtime Database path ${m.operands[0]?.text ?? ''} and everything under it`}`, severityOf: (m) => (m.operands[0]?.text === '/' ? 'critical' : 'high') },
    { path: 'database:set', severity: 'high', what: 'overwrites the Realtime Database path {0} and everything under it' },
    { path: 'functions:delete', severity: 'high', what: 'deletes the Cloud Functions {*}' },
    { path: 'functions:secrets:destroy', severity: 'high', what: 'destroys the secret {0}: its value is gone' },
    { path: 'functions:config:unset', severity: 'medium', what: 'removes the function config {*}' },
    { path: 'hosting:disable', severity: 'high', what: 'takes the site down: Hosting serves a not-found page until the next deploy' },
    { path: 'hosting:channel:delete', severity: 'high', what: 'deletes the preview channel {0} and its URL' },
    { path: 'hosting:sites:delete', severity: 'high', what: 'deletes the Hosting site {0} with its releases' },
    { path: 'ext:uninstall', severity: 'medium', what: 'uninstalls the extension {0} and its functions' },
    { path: 'remoteconfig:rollback', severity: 'medium', what: 'rolls Remote Config back to an earlier version' },
    { path: 'auth:import', severity: 'medium', what: 'imports users from {0}, overwriting accounts with the same ids' },
  ],
  examples: {
    match: [{ cmd: 'firebase firestore:delete --all-collections --force --project acme-dev', exactly: 'critical' }, 'firebase firestore:delete users -r --force', { cmd: 'firebase database:remove / --force --project acme-dev', exactly: 'critical' }, 'firebase functions:delete sendWelcomeEmail --force', 'firebase hosting:channel:delete preview-42 --force', 'firebase hosting:disable'],
    nearMiss: ['firebase emulators:start', 'firebase projects:list', 'firebase functions:log', 'firebase deploy --only hosting', 'firebase database:get /users'],
  },
});

// ---------------------------------------------------------------------------------------------
// Cloud servers: DigitalOcean, Hetzner, Linode, Scaleway, Vultr, UpCloud, Exoscale, Civo, OCI,
// OpenStack, IBM Cloud

const serverExamples = (match: CommandRuleExamples['match'], nearMiss: CommandRuleExamples['nearMiss']): CommandRuleExamples => ({ match, nearMiss });

const doctl = operationsRule({
  id: 'platform.doctl',
  description: 'doctl … delete (droplets, volumes, databases, clusters, domains, apps, snapshots) and droplet-action rebuild.',
  programs: ['doctl'],
  valued: ['-c', '--config', '--context', '-t', '--access-token', '-o', '--output', '--format', '-u', '--api-url', '--region', '--tag-name', '--image'],
  scope: ['--context'],
  scopeLabel: 'context',
  suggestion: 'Check the resource first (doctl … get), and take a snapshot of droplets and volumes.',
  ops: [
    { path: 'kubernetes|k8s|kube|k cluster|c delete|d|rm', severity: 'high', what: deletesNoun(), raise: [{ flags: ['--dangerous'], severity: 'critical', why: 'with its volumes and load balancers (--dangerous)' }] },
    { path: 'compute droplet-action rebuild', severity: 'high', what: 'rebuilds the droplet {0} from an image: everything on its disk is replaced' },
    ...anyDelete('delete|rm|del|d'),
  ],
  examples: serverExamples(
    [{ cmd: 'doctl compute droplet delete web-1 --force', exactly: 'high' }, 'doctl databases delete 9cc10173 --force', { cmd: 'doctl kubernetes cluster delete prod-k8s --dangerous --force', exactly: 'critical' }, 'doctl compute volume delete 506f78a4 --force', 'doctl compute domain records delete acme.com 3352896 --force', 'doctl apps delete 1a2b'],
    ['doctl compute droplet list', 'doctl apps list', 'doctl databases get 9cc1', 'doctl compute droplet create web-2 --image ubuntu-24-04-x64'],
  ),
});

const hcloud = operationsRule({
  id: 'platform.hcloud',
  description: 'hcloud … delete (servers, volumes, firewalls, images, load balancers) and server rebuild.',
  programs: ['hcloud'],
  valued: ['--context', '--config', '-o', '--output', '--image', '--type', '--location', '--selector', '-l'],
  scope: ['--context'],
  scopeLabel: 'context',
  suggestion: 'Check the resource first (hcloud … describe), and snapshot servers and volumes.',
  ops: [
    { path: 'server rebuild', severity: 'high', what: 'rebuilds the server {0} from {--image?an image}: everything on its disk is replaced' },
    { path: '* delete', severity: 'high', what: deletesNoun() },
  ],
  examples: serverExamples([{ cmd: 'hcloud server delete web-1', exactly: 'high' }, 'hcloud server rebuild --image ubuntu-24.04 db-1', 'hcloud firewall delete default-deny', 'hcloud volume delete pg-data'], ['hcloud server list', 'hcloud volume list', 'hcloud server describe web-1', 'hcloud context use prod']),
});

const linode = operationsRule({
  id: 'platform.linode',
  description: 'linode-cli … delete / *-delete (linodes, LKE clusters, volumes, domains, databases), linodes rebuild, obj rm/rb.',
  programs: ['linode-cli', 'linode'],
  valued: ['--as-user', '--format', '--page', '--page-size', '--image', '--root_pass', '--label'],
  suggestion: 'Check the id first (linode-cli … view ID), and take a backup or snapshot.',
  ops: [
    { path: 'linodes rebuild', severity: 'high', what: 'rebuilds the Linode {0} from an image: everything on its disks is replaced' },
    { path: 'obj|object-storage rb|rm|del', severity: 'high', what: (m) => `deletes ${m.path[1]!.text === 'rb' ? 'the bucket' : ''} ${m.operands.map((w) => w.text).join(' ')}${hasFlag(m.cmd, '--recursive') ? ' and everything in it' : ''}`.replace(/ +/g, ' ') },
    { path: '* delete|rm', severity: 'high', what: deletesNoun() },
    { path: '* *-delete|*-rm', severity: 'high', what: (m) => `deletes the ${m.path[1]!.text.replace(/-delete$/, '').replace(/-/g, ' ')} ${m.operands.map((w) => w.text).join(' ')}`.trim() },
  ],
  examples: serverExamples([{ cmd: 'linode-cli linodes delete 12345678', exactly: 'high' }, 'linode-cli lke cluster-delete 4321', 'linode-cli domains delete 1234', 'linode-cli linodes rebuild 123 --image linode/debian12'], ['linode-cli linodes list', 'linode-cli lke clusters-list', 'linode-cli linodes view 123']),
});

const scaleway = operationsRule({
  id: 'platform.scaleway',
  description: 'scw … delete / terminate (instances with their volumes, databases, clusters, buckets).',
  programs: ['scw'],
  valued: ['-p', '--profile', '-c', '--config', '-o', '--output'],
  scope: ['-p', '--profile'],
  scopeLabel: 'profile',
  suggestion: 'Check the resource first (scw … get), and snapshot volumes.',
  ops: anyDelete('delete|terminate', 'high', { what: (m: OpMatch) => `${deletesNoun()({ ...m, operands: m.operands.filter((w) => !w.text.includes('=')) })}${m.cmd.args.some((a) => /^with-volumes=(all|local|block)$/.test(a.text)) ? ' and its volumes' : ''}` }),
  examples: serverExamples([{ cmd: 'scw instance server delete 11111111-1111 with-volumes=all with-ip=true', exactly: 'high' }, 'scw rdb instance delete 2222', 'scw k8s cluster delete 3333'], ['scw instance server list', 'scw rdb instance get 2222', 'scw init']),
});

const vultr = operationsRule({
  id: 'platform.vultr',
  description: 'vultr-cli … delete/destroy (instances, bare metal, Kubernetes, databases, block storage, snapshots).',
  programs: ['vultr-cli', 'vultr'],
  valued: ['--config', '-o', '--output'],
  suggestion: 'Check the id first (vultr-cli … get ID), and take a snapshot.',
  ops: [{ path: '* reinstall', severity: 'high', what: 'reinstalls the {0}: everything on its disk is replaced' }, ...anyDelete('delete|destroy|d|del|rm')],
  examples: serverExamples([{ cmd: 'vultr-cli instance delete cb676a46-66fd', exactly: 'high' }, 'vultr-cli kubernetes delete 1a2b'], ['vultr-cli instance list', 'vultr-cli instance get cb676a46']),
});

const smallClouds = operationsRule({
  id: 'platform.cloud-servers',
  description: 'UpCloud upctl, Exoscale exo, Civo, Koyeb: deleting servers, services, storage, databases and clusters.',
  programs: ['upctl', 'exo', 'civo', 'koyeb'],
  valued: ['-o', '--output', '--config', '-z', '--zone', '--region', '-C'],
  suggestion: 'Check the resource first (… show / … get), and take a backup.',
  ops: anyDelete('delete|remove|rm|del'),
  examples: serverExamples(['upctl server delete web-1 --delete-storages', 'exo compute instance delete web-1 --force', 'civo instance remove web-1 -y'], ['upctl server list', 'exo compute instance list', 'civo instance ls']),
});

const oci = operationsRule({
  id: 'platform.oci',
  description: 'Oracle Cloud oci … delete / terminate / bulk-delete (instances, databases, buckets, objects).',
  programs: ['oci'],
  valued: ['--profile', '--config-file', '--region', '--compartment-id', '-c', '--instance-id', '--bucket-name', '--bucket', '--output', '--query'],
  scope: ['--profile'],
  scopeLabel: 'profile',
  suggestion: 'Check the OCID and profile first; take a backup of volumes and databases.',
  ops: [
    { path: 'compute instance terminate', severity: 'high', what: (m) => `terminates the instance ${optionValues(m.cmd, '--instance-id')[0]?.text ?? ''}${/^false$/i.test(optionValues(m.cmd, '--preserve-boot-volume')[0]?.text ?? '') ? ' and deletes its boot volume' : ''}`.replace(/ +/g, ' ') },
    ...anyDelete('delete|terminate|bulk-delete'),
  ],
  examples: serverExamples(['oci compute instance terminate --instance-id ocid1.instance.oc1..aaaa --preserve-boot-volume false --force', 'oci os object bulk-delete --bucket-name logs --force', 'oci db autonomous-database delete --autonomous-database-id ocid1.x'], ['oci compute instance list --compartment-id ocid1.compartment.oc1..aaaa', 'oci os object list --bucket-name logs']),
});

const openstack = operationsRule({
  id: 'platform.openstack',
  description: 'openstack … delete (servers, volumes, stacks, images, users, projects), server rebuild, project purge.',
  programs: ['openstack'],
  valued: ['--os-cloud', '--os-project-name', '--os-region-name', '--os-auth-url', '--project', '--format', '-f', '-c', '--column'],
  scope: ['--os-cloud', '--os-project-name', '--project'],
  scopeLabel: 'cloud',
  suggestion: 'Check the cloud and project first (openstack … show), and snapshot servers and volumes.',
  ops: [
    { path: 'project purge', severity: 'critical', what: 'deletes every resource of the project {--project?it selects}' },
    { path: 'project delete', severity: 'critical', what: 'deletes the project {*} and access to everything in it' },
    { path: 'server rebuild', severity: 'high', what: 'rebuilds the server {0} from an image: everything on its disk is replaced' },
    { path: 'container delete', severity: 'high', what: 'deletes the object container {*}', raise: [{ flags: ['--recursive', '-r'], severity: 'high', why: 'with every object in it' }] },
    ...anyDelete('delete'),
  ],
  examples: serverExamples([{ cmd: 'openstack server delete --wait web-1', exactly: 'high' }, { cmd: 'openstack project purge --project acme-dev', exactly: 'critical' }, 'openstack stack delete -y orders', 'openstack volume delete pg-data'], ['openstack server list', 'openstack stack show orders', 'openstack volume create --size 10 data']),
});

const ibmcloud = operationsRule({
  id: 'platform.ibmcloud',
  description: 'IBM Cloud ibmcloud … *-delete / rm (service instances, clusters, buckets, VPC instances, resource groups).',
  programs: ['ibmcloud', 'ic'],
  valued: ['-g', '-r', '--output', '-c', '--cluster', '--bucket'],
  suggestion: 'Check the resource first (ibmcloud … get / show), and back up its data.',
  ops: [
    { path: '* *-delete|*-rm', severity: 'high', what: (m) => (/-(delete|rm)$/.test(m.path[1]!.text) ? `deletes the ${m.path[1]!.text.replace(/-(delete|rm)$/, '').replace(/-/g, ' ')} ${m.operands.map((w) => w.text).join(' ')}`.trim() : undefined) },
    ...anyDelete('delete|rm|remove'),
  ],
  examples: serverExamples(['ibmcloud resource service-instance-delete orders-db --force --recursive', 'ibmcloud ks cluster rm --cluster prod-1 -f', 'ibmcloud is instance-delete web-1'], ['ibmcloud resource service-instances', 'ibmcloud ks cluster ls', 'ibmcloud is instances']),
});

// ---------------------------------------------------------------------------------------------
// AWS deploy tools: Elastic Beanstalk, SAM, Copilot, Amplify, eksctl

const awsDeployTools = operationsRule({
  id: 'platform.aws-deploy-tools',
  description: 'eb terminate, sam delete, copilot app/env/svc delete, amplify delete, eksctl delete: stacks and everything they created removed.',
  programs: ['eb', 'sam', 'copilot', 'amplify', 'eksctl'],
  valued: ['--profile', '--region', '--stack-name', '-a', '--app', '-e', '--env', '-n', '--name', '-f', '--config-file', '--cluster'],
  scope: ['--profile', '--stack-name', '-a', '--app', '-e', '--env', '--cluster'],
  scopeLabel: 'target',
  suggestion: 'Check the account and stack first; back up databases and buckets the stack owns.',
  ops: [
    { path: 'terminate', severity: 'high', what: (m) => (hasFlag(m.cmd, '--all') ? `terminates the application ${m.operands[0]?.text ?? ''} and every environment of it`.replace(/ +/g, ' ') : `terminates the environment ${m.operands[0]?.text ?? '(the current one)'} and its resources`), raise: [{ flags: ['--all'], severity: 'critical' }] },
    { path: 'delete', severity: 'high', what: (m) => (m.cmd.program === 'sam' ? `deletes the stack ${optionValues(m.cmd, '--stack-name')[0]?.text ?? ''} and every resource it created`.replace(/ +/g, ' ') : m.cmd.program === 'eksctl' ? `deletes the ${m.operands[0]?.text ?? 'cluster'} ${optionValues(m.cmd, '--name', '-n', '--cluster')[0]?.text ?? m.operands[1]?.text ?? ''} and its resources`.replace(/ +/g, ' ') : 'deletes the app and every cloud resource it created') },
    { path: 'app|env|svc|job|pipeline delete', severity: 'high', what: (m) => `deletes the ${m.path[0]!.text} ${optionValues(m.cmd, '-n', '--name', '-a', '--app')[0]?.text ?? m.operands[0]?.text ?? ''} and its resources`.replace(/ +/g, ' ') },
  ],
  examples: serverExamples([{ cmd: 'eb terminate acme-staging --force', exactly: 'high' }, { cmd: 'eb terminate acme --all --force', exactly: 'critical' }, 'sam delete --stack-name orders-api --no-prompts', 'copilot app delete --yes', 'amplify delete --force', 'eksctl delete cluster --name shop'], ['eb status', 'eb deploy acme-staging', 'sam build', 'sam validate --lint', 'eksctl get cluster', 'copilot svc deploy']),
});

// ---------------------------------------------------------------------------------------------
// Cluster and deployment tools: Argo CD, Flux, kapp, istioctl, helmfile, Skaffold, Nomad, Kamal,
// kubeadm, talosctl, SST

const deployTools = operationsRule({
  id: 'platform.deploy-tools',
  description: 'argocd app/proj/cluster delete, flux uninstall/delete, kapp delete, istioctl uninstall, helmfile destroy, skaffold delete, nomad job stop -purge, kamal remove, kubeadm reset, talosctl reset, sst remove.',
  programs: ['argocd', 'flux', 'kapp', 'istioctl', 'helmfile', 'skaffold', 'nomad', 'kamal', 'kubeadm', 'talosctl', 'sst'],
  valued: ['-a', '--app', '-n', '--namespace', '--kube-context', '--context', '-p', '--profile', '-e', '--environment', '-f', '--file', '--stage', '-d', '--destination', '--server', '--grpc-web-root-path', '--nodes', '--endpoints', '-address', '-namespace', '-region', '--cascade', '--propagation-policy'],
  scope: ['--kube-context', '--context', '-p', '--profile', '-e', '--environment', '--stage', '-namespace', '-n', '--namespace', '-d', '--destination'],
  scopeLabel: 'target',
  suggestion: 'Check the target first (context, environment, namespace), and know how to bring it back.',
  ops: [
    { path: 'app|apps delete', severity: 'high', what: (m) => `deletes the Argo CD app${m.operands.length > 1 ? 's' : ''} ${m.operands.map((w) => w.text).join(', ')}${/^(false|0)$/i.test(optionValues(m.cmd, '--cascade')[0]?.text ?? '') ? '' : ' and every Kubernetes resource it deployed'}` },
    { path: 'proj|project delete', severity: 'medium', what: 'deletes the Argo CD project {0}' },
    { path: 'cluster rm|remove', severity: 'medium', what: (m) => (m.cmd.program === 'argocd' ? `removes the cluster ${m.operands[0]?.text ?? ''} from Argo CD`.trim() : undefined) },
    { path: 'uninstall', severity: 'high', what: (m) => (m.cmd.program === 'flux' ? 'removes Flux and every object it reconciles from the cluster' : m.cmd.program === 'istioctl' ? `removes Istio from the cluster${hasFlag(m.cmd, '--purge') ? ', with every revision' : ''}: traffic policies and mTLS stop` : undefined), severityOf: (m) => (m.cmd.program === 'flux' ? 'medium' : 'high') },
    { path: 'delete', severity: 'high', what: (m) => (m.cmd.program === 'kapp' ? `deletes the kapp app ${optionValues(m.cmd, '-a', '--app')[0]?.text ?? ''} and every resource it owns`.replace(/ +/g, ' ') : m.cmd.program === 'skaffold' ? 'deletes every resource Skaffold deployed' : m.cmd.program === 'flux' ? `deletes the Flux ${m.operands.map((w) => w.text).join(' ')}` : undefined), severityOf: (m) => (m.cmd.program === 'flux' ? 'medium' : 'high') },
    { path: 'destroy', severity: 'high', what: (m) => (m.cmd.program === 'helmfile' ? 'uninstalls every release in the helmfile' : undefined) },
    { path: 'job stop', severity: 'medium', what: (m) => `stops the Nomad job ${m.operands[0]?.text ?? ''}${hasFlag(m.cmd, '-purge') ? ' and purges it from the cluster' : ''}`.replace(/ +/g, ' '), raise: [{ flags: ['-purge'], severity: 'high' }] },
    { path: 'volume delete', severity: 'high', what: (m) => (m.cmd.program === 'nomad' ? `deletes the Nomad volume ${m.operands[0]?.text ?? ''} and its data`.replace(/ +/g, ' ') : undefined) },
    { path: 'namespace delete', severity: 'high', what: (m) => (m.cmd.program === 'nomad' ? `deletes the Nomad namespace ${m.operands[0]?.text ?? ''}`.trim() : undefined) },
    { path: 'remove', severity: 'high', what: (m) => (m.cmd.program === 'kamal' ? 'removes the app, its containers, images and accessories from every server' : m.cmd.program === 'sst' ? `removes every resource of the stage ${optionValues(m.cmd, '--stage')[0]?.text ?? '(the current one)'}` : undefined) },
    { path: 'app|accessory remove', severity: 'high', what: (m) => (m.cmd.program === 'kamal' ? `removes the ${m.path[0]!.text} ${m.operands[0]?.text ?? ''} from every server`.replace(/ +/g, ' ') : undefined) },
    { path: 'reset', severity: 'high', what: (m) => (m.cmd.program === 'kubeadm' ? 'tears down the Kubernetes node: its control plane, etcd data and certificates are removed' : m.cmd.program === 'talosctl' ? `wipes the Talos node${optionValues(m.cmd, '--nodes', '-n')[0] ? ` ${optionValues(m.cmd, '--nodes', '-n')[0]!.text}` : ''} and returns it to maintenance mode` : undefined), severityOf: (m) => (m.cmd.program === 'talosctl' ? 'critical' : 'high') },
  ],
  examples: {
    match: [{ cmd: 'argocd app delete payments --cascade -y', exactly: 'high' }, { cmd: 'argocd proj delete payments', exactly: 'medium' }, { cmd: 'flux uninstall --silent', exactly: 'medium' }, 'kapp delete -a payments -y', 'istioctl uninstall --purge -y', 'skaffold delete -p staging', { cmd: 'nomad job stop -purge api', exactly: 'high' }, 'helmfile destroy', 'kamal remove -y', 'sudo kubeadm reset -f', { cmd: 'talosctl reset --nodes 10.0.0.5', exactly: 'critical' }, 'npx sst remove --stage dev'],
    nearMiss: ['argocd app list', 'argocd app sync payments', 'flux get kustomizations', 'kapp list', 'istioctl analyze', 'helmfile apply', 'skaffold dev', 'nomad job status api', 'kamal deploy', 'sst deploy --stage dev'],
  },
});

// ---------------------------------------------------------------------------------------------
// DNS, tunnels and monitoring: cloudflared, flarectl, cli53, sentry-cli

const edgeTools = operationsRule({
  id: 'platform.edge-tools',
  description: 'cloudflared tunnel delete, flarectl dns/zone delete, cli53 rrdelete/delete/rrpurge, sentry-cli releases/projects delete.',
  programs: ['cloudflared', 'flarectl', 'cli53', 'sentry-cli'],
  valued: ['--zone', '--id', '--name', '--type', '--org', '-o', '--project', '-p', '--origincert', '--config', '--cred-file', '--profile'],
  scope: ['--zone', '--org', '-o', '--project', '-p'],
  scopeLabel: 'zone',
  suggestion: 'Export what is there first (DNS records, release artifacts), and check the name.',
  ops: [
    { path: 'tunnel delete', severity: 'high', what: 'deletes the tunnel {0}: every route through it stops' },
    { path: 'dns delete', severity: 'high', what: (m) => `deletes the DNS record ${optionValues(m.cmd, '--id')[0]?.text ?? ''} in ${optionValues(m.cmd, '--zone')[0]?.text ?? 'the zone'}`.replace(/ +/g, ' ') },
    { path: 'zone delete', severity: 'critical', what: 'deletes the zone {--zone|0} with every DNS record in it' },
    { path: 'rrdelete', severity: 'high', what: 'deletes the {3?} record {2} of {1} in the zone {0}' },
    { path: 'rrpurge', severity: 'critical', what: 'deletes every record in the zone {0}' },
    { path: 'delete', severity: 'critical', what: (m) => (m.cmd.program === 'cli53' ? `deletes the hosted zone ${m.operands[0]?.text ?? ''}${hasFlag(m.cmd, '--purge') ? ' and every record in it' : ''}`.replace(/ +/g, ' ') : undefined) },
    { path: 'releases delete', severity: 'high', what: 'deletes the release {0} with its artifacts and source maps' },
    { path: 'projects delete', severity: 'critical', what: 'deletes the project {0} with all its events' },
  ],
  examples: { match: ['cloudflared tunnel delete -f prod-tunnel', 'flarectl dns delete --zone acme.com --id 372e67954025e0ba6aaa6d586b9e0b59', 'cli53 rrdelete acme.com www A', 'sentry-cli releases delete 2.3.0'], nearMiss: ['cloudflared tunnel list', 'flarectl dns list --zone acme.com', 'cli53 list', 'sentry-cli releases list'] },
});

// ---------------------------------------------------------------------------------------------
// Alibaba Cloud and Tencent Cloud: PascalCase API actions

const apiActionClouds = operationsRule({
  id: 'platform.api-action-clouds',
  description: 'aliyun and tccli API actions that delete, release or terminate resources (DeleteInstance, ReleaseEipAddress, TerminateInstances, …).',
  programs: ['aliyun', 'tccli'],
  valued: ['--profile', '--region', '--RegionId', '--output'],
  scope: ['--profile'],
  scopeLabel: 'profile',
  suggestion: 'Check the resource id and profile first (the matching Describe* action).',
  ops: [{ path: '* delete*|release*|terminate*|remove*|purge*|destroy*|clear*', severity: 'high', what: (m) => `calls ${m.path[0]!.text} ${m.path[1]!.text}: ${m.path[1]!.text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ${m.cmd.args.filter((a) => /Id|Name|Ids/.test(a.text)).map((a) => m.cmd.args[m.cmd.args.indexOf(a) + 1]?.text ?? '').join(' ')}`.trim() }],
  examples: { match: ['aliyun ecs DeleteInstance --InstanceId i-bp67acfmxazb4p', 'tccli cvm TerminateInstances --InstanceIds \'["ins-r8hr2upy"]\''], nearMiss: ['aliyun ecs DescribeInstances', 'tccli cvm DescribeInstances'] },
});

const platformRules = [gh, glab, heroku, dokku, cf, fly, vercel, netlify, railway, wrangler, supabase, firebase, doctl, hcloud, linode, scaleway, vultr, smallClouds, oci, openstack, ibmcloud, awsDeployTools, deployTools, edgeTools, apiActionClouds];

export const platformPack: RulePack = {
  name: 'platform',
  description: 'Hosted platform CLIs that delete apps, repositories, projects, servers, volumes, databases, secrets and domains.',
  rules: platformRules,
  owns: programsOf(platformRules),
};
