/**
 * `blast-radius check` through the built CLI (dist/cli.js, from `node esbuild.js`), run from
 * another working directory so the bundle must find its grammars by itself.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const { dir: elsewhere, remove: removeElsewhere } = tempDir('blast-radius-check-');
after(() => removeElsewhere());

function check(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'check', ...args], { cwd: elsewhere, input, encoding: 'utf8', env: { ...process.env, KUBECONFIG: path.join(elsewhere, 'no-kubeconfig') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('blast-radius check (built CLI)', () => {
  before(() => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run \`node esbuild.js\` (npm test builds it first)`);
  });

  test('a reader that stops early ends the output quietly, without a stack trace', () => {
    const input = path.join(elsewhere, 'many.txt');
    fs.writeFileSync(input, '"rm -rf build"\n'.repeat(5000)); // far more answer than a pipe holds
    const r = spawnSync('bash', ['-c', `"$0" "$1" check --stdin --jsonl < "$2" | head -c 10 >/dev/null`, process.execPath, cli, input], { cwd: elsewhere, encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
  });

  test('exit codes: 0 allow, 3 confirm', () => {
    assert.equal(check(['--', 'ls', '-la']).code, 0);
    assert.equal(check(['--', 'sudo', 'rm', '-rf', '/']).code, 3);
    assert.equal(check(['--', 'trap - DEBUG']).code, 3);
  });

  test('exit code 2 when the policy denies', () => {
    const policy = path.join(elsewhere, 'deny.json');
    fs.writeFileSync(policy, '{ "deny": ["terraform destroy"] }');
    const r = check(['--policy', policy, '--', 'terraform -chdir=infra destroy']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /^deny: /m);
  });

  test('a policy rule id that names no rule is reported on stderr with the one probably meant, at its place in the file', () => {
    const policy = path.join(elsewhere, 'typo.json');
    fs.writeFileSync(policy, '{ "disabledRules": ["git.force-push"] }');
    const r = check(['--policy', policy, '--', 'ls']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^blast-radius check: \S*typo\.json:1:21: disabledRules\[0\]: "git\.force-push" is not a rule, so it disables nothing; did you mean "git\.push-force"\?$/m);
  });

  test('human text marks the risky span under the command', () => {
    const r = check(['--', 'sudo rm -rf /']);
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('  sudo rm -rf /');
    assert.ok(at >= 0, r.stdout);
    assert.equal(lines[at + 1], '       ^^^^^^^^');
    assert.match(r.stdout, /critical\s+\S+\s+.+/);
    assert.match(r.stdout, /confirm: needs confirmation/);
  });

  test('--json prints the verdict shape', () => {
    const r = check(['--json', '--', 'echo', 'ok;', 'trap', '-', 'DEBUG']);
    assert.equal(r.code, 3);
    const v = JSON.parse(r.stdout) as { decision: string; severity: string; findings: { ruleId: string; severity: string; message: string; span: number[] }[] };
    assert.equal(v.decision, 'confirm');
    assert.equal(v.severity, 'critical');
    assert.equal(v.findings[0]!.ruleId, 'guard.trap');
    assert.deepEqual(v.findings[0]!.span, [9, 21]);
  });

  test('--json for an allowed line', () => {
    const r = check(['--json', '--', 'git status']);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), { decision: 'allow', severity: 'none', findings: [] });
  });

  test('--shell pwsh parses PowerShell', () => {
    const r = check(['--json', '--shell', 'pwsh', '--', 'Remove-Item Env:BLAST_RADIUS_SOCKET']);
    assert.equal(JSON.parse(r.stdout).findings[0].ruleId, 'guard.variables');
  });

  test('--stdin reads one command line', () => {
    const r = check(['--stdin', '--json'], 'bash -c "trap - DEBUG"\n');
    assert.equal(r.code, 3);
    assert.equal(JSON.parse(r.stdout).findings[0].ruleId, 'guard.trap');
  });

  test('--stdin --jsonl: one verdict per line, in order, bad lines reported and the stream goes on', () => {
    const input = ['"ls -la"', 'not json', '"trap - DEBUG"', '42', '"cat <<EOF\\nhi\\nEOF"', '{"command": "kubectl get pods", "kubeContext": "prod-eu"}'].join('\n') + '\n';
    const r = check(['--stdin', '--jsonl'], input);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, 6);
    assert.equal(out[0]!.decision, 'allow');
    assert.match(String(out[1]!.error), /line 2: not valid JSON/);
    assert.equal(out[2]!.decision, 'confirm');
    assert.match(String(out[3]!.error), /line 4: expected a JSON string/);
    assert.equal(out[4]!.decision, 'allow');
    assert.equal(out[5]!.decision, 'allow');
    assert.equal(r.code, 65, 'a bad input line makes the exit code non-zero');
    assert.match(r.stderr, /line 2: not valid JSON/);
  });

  test('--jsonl answers each line as it arrives', async () => {
    const child = spawn(process.execPath, [cli, 'check', '--stdin', '--jsonl'], { cwd: elsewhere });
    const first = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('\n')) resolve(buf);
      });
      child.on('error', reject);
      child.stdin.write('"rm -rf /"\n'); // stdin stays open: the answer must not wait for the end
    });
    assert.equal((JSON.parse(first.split('\n')[0]!) as { decision: string }).decision, 'confirm');
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
  });

  test('an unknown flag is a clear one-line error with exit 64', () => {
    const r = check(['--frobnicate', '--', 'ls']);
    assert.equal(r.code, 64);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /unknown option '--frobnicate'/);
    assert.equal(r.stdout, '');
  });

  test('usage errors: no command, --jsonl without --stdin, bad --shell', () => {
    assert.equal(check([]).code, 64);
    assert.equal(check(['--jsonl']).code, 64);
    const r = check(['--shell', 'cmd', '--', 'dir']);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /unknown shell 'cmd'/);
  });

  test('--help', () => {
    const r = check(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: blast-radius check/);
  });
});
