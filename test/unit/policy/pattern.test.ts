import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, expandShorthand, matchesPattern, subcommandOf, type CommandPattern, type PatternInput } from '../../../src/core/policy';

/** A command as the analyzer hands it over: split on spaces, subcommand derived. */
function cmd(line: string, subcommand?: string): PatternInput {
  const [program = '', ...args] = line.split(' ');
  return subcommand === undefined ? { program, args } : { program, subcommand, args };
}

interface Case {
  pattern: CommandPattern;
  matches: (string | PatternInput)[];
  misses: (string | PatternInput)[];
}

const CASES: Record<string, Case> = {
  'shorthand program only': {
    pattern: 'terraform',
    matches: ['terraform plan', 'terraform', 'Terraform destroy'],
    misses: ['terragrunt plan', 'tf destroy'],
  },
  'shorthand program + subcommand': {
    pattern: 'kubectl delete',
    matches: ['kubectl delete pod x', 'kubectl delete', { program: 'kubectl', subcommand: 'delete', args: ['--context', 'prod', 'delete', 'ns', 'x'] }],
    misses: ['kubectl get pods', 'kubectl describe delete', 'kubectl', { program: 'kubectl', subcommand: 'get', args: ['-n', 'delete', 'get'] }, 'helm delete x'],
  },
  'shorthand with required flag': {
    pattern: 'git push --force',
    matches: ['git push --force', 'git push origin main --force', 'git push --force=origin/main'],
    misses: ['git push', 'git push --force-with-lease', 'git fetch --force', 'git push -f'],
  },
  'shorthand whose second word is a flag is not a subcommand': {
    pattern: 'rm -rf',
    matches: ['rm -rf /', 'rm -fr x', 'rm -r -f x', 'rm -Rrf x', 'rm x -rf'],
    misses: ['rm -r x', 'rm -f x', 'rm --recursive --force x', 'rm -R -f x'],
  },
  'object with subcommand alternatives': {
    pattern: { command: 'kubectl', subcommand: ['delete', 'drain'] },
    matches: ['kubectl delete pod x', 'kubectl drain node-1'],
    misses: ['kubectl cordon node-1', 'kubectl get delete'],
  },
  'object with args that must all appear': {
    pattern: { command: 'kubectl', subcommand: 'delete', args: ['--all', '-A'] },
    matches: ['kubectl delete pods --all -A', 'kubectl delete -A pods --all'],
    misses: ['kubectl delete pods --all', 'kubectl delete pods -A'],
  },
  'anyArgs: at least one': {
    pattern: { command: 'docker', subcommand: 'system', anyArgs: ['--volumes', '-a'] },
    matches: ['docker system prune --volumes', 'docker system prune -af'],
    misses: ['docker system prune', 'docker system df'],
  },
  'glob in args': {
    pattern: { command: 'kubectl', args: ['--context=prod*'] },
    matches: ['kubectl --context=prod-eu delete pod x', 'kubectl --context prod-us get pods'],
    misses: ['kubectl --context=staging delete pod x', 'kubectl --context staging-prod get pods'],
  },
  'glob in command and subcommand': {
    pattern: { command: 'terra*', subcommand: 'dest*' },
    matches: ['terraform destroy', 'terragrunt destroy-all'],
    misses: ['terraform apply', 'tofu destroy'],
  },
  '--opt also matches --opt=value': {
    pattern: { command: 'git', args: ['--mirror'] },
    matches: ['git push --mirror', 'git push --mirror=yes'],
    misses: ['git push --mirrors', 'git push mirror'],
  },
  'argsRegex over the joined arguments': {
    pattern: { command: 'aws', argsRegex: '\\bdelete-(stack|bucket)\\b' },
    matches: ['aws cloudformation delete-stack --stack-name x', 'aws s3api delete-bucket --bucket b'],
    misses: ['aws cloudformation describe-stacks', 'aws s3api delete-buckets-x'],
  },
  'regex metacharacters in a glob are literal': {
    pattern: { command: 'psql', args: ['-c', 'DROP*'] },
    matches: ['psql -c DROP'],
    misses: ['psql -c XDROP', 'psql -c drop'],
  },
  'star command matches every program': {
    pattern: { command: '*', args: ['--force'] },
    matches: ['git push --force', 'helm upgrade --force'],
    misses: ['git push'],
  },
};

for (const [name, c] of Object.entries(CASES)) {
  test(`pattern ${name}: matches`, () => {
    for (const m of c.matches) {
      const input = typeof m === 'string' ? cmd(m) : m;
      assert.equal(matchesPattern(c.pattern, input), true, `${JSON.stringify(c.pattern)} should match ${JSON.stringify(input)}`);
    }
  });
  test(`pattern ${name}: near-misses`, () => {
    for (const m of c.misses) {
      const input = typeof m === 'string' ? cmd(m) : m;
      assert.equal(matchesPattern(c.pattern, input), false, `${JSON.stringify(c.pattern)} should not match ${JSON.stringify(input)}`);
    }
  });
}

test('the subcommand the analyzer gives wins over the first non-option argument', () => {
  const input = { program: 'git', subcommand: 'push', args: ['-C', 'repo', 'push', '--force'] };
  assert.equal(subcommandOf(input), 'push');
  assert.equal(matchesPattern('git push --force', input), true);
  assert.equal(subcommandOf({ program: 'git', args: ['-C', 'repo', 'push'] }), 'repo');
  assert.equal(subcommandOf({ program: 'ls', args: ['-la'] }), undefined);
  assert.equal(subcommandOf({ program: 'git', subcommand: '', args: ['push'] }), undefined);
});

test('shorthand expands to command, subcommand and required args', () => {
  assert.deepEqual(expandShorthand('  git   push  --force origin '), { command: 'git', subcommand: 'push', args: ['--force', 'origin'] });
  assert.deepEqual(expandShorthand('rm -rf'), { command: 'rm', args: ['-rf'] });
  assert.deepEqual(expandShorthand('make'), { command: 'make' });
});

test('an invalid regex never matches and is reported with its path', () => {
  const r = compilePattern({ command: 'kubectl', argsRegex: '(unclosed' }, 'deny[1]', 'user');
  assert.equal(r.pattern.valid, false);
  assert.equal(r.pattern.matches(cmd('kubectl (unclosed')), false);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.path, 'deny[1].argsRegex');
  assert.match(r.problems[0]!.message, /invalid regular expression .*never matches/);
});

test('a compiled pattern carries a readable label and where it was written', () => {
  const r = compilePattern({ command: 'kubectl', subcommand: ['delete', 'drain'], args: ['--all'], argsRegex: 'x' }, 'deny[0]', 'file');
  assert.equal(r.pattern.label, 'kubectl delete|drain --all /x/');
  assert.equal(r.pattern.path, 'deny[0]');
  assert.equal(r.pattern.source, 'file');
  assert.deepEqual(r.problems, []);
});

test('a regex is stateless across calls', () => {
  const p = compilePattern({ command: 'x', argsRegex: 'a' }, 'deny[0]', 'user').pattern;
  for (let i = 0; i < 3; i++) assert.equal(p.matches(cmd('x a')), true);
});
