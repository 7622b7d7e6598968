import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { redact } from '../../src/core/redact';

/** [input, expected] — each line hides its secret and keeps the rest readable. */
const redacted: Array<[string, string]> = [
  ['git clone https://alice:s3cr3t@github.com/org/repo.git', 'git clone https://alice:***@github.com/org/repo.git'],
  ['psql postgres://app:hunter2@db.prod:5432/main -c "select 1"', 'psql postgres://app:***@db.prod:5432/main -c "select 1"'],
  ['mysql -uroot -pHunter2 shop', 'mysql -uroot -p*** shop'],
  ['mysqldump -u admin -pS3cret --all-databases', 'mysqldump -u admin -p*** --all-databases'],
  ['deploy --password=hunter2 --env prod', 'deploy --password=*** --env prod'],
  ['vault login --token s.abcdef123456', 'vault login --token ***'],
  ["tool --api-key 'abc def'", "tool --api-key '***'"],
  ['tool --client-secret="x y z" run', 'tool --client-secret="***" run'],
  ['GITHUB_TOKEN=abc123 gh pr list', 'GITHUB_TOKEN=*** gh pr list'],
  ['export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG"', 'export AWS_SECRET_ACCESS_KEY="***"'],
  ['PGPASSWORD=pw psql -h db', 'PGPASSWORD=*** psql -h db'],
  ['terraform apply -var db_password=topsecret', 'terraform apply -var db_password=***'],
  ["$env:API_KEY = 'k-123'", "$env:API_KEY = '***'"],
  ['set -x NPM_TOKEN abcdef', 'set -x NPM_TOKEN ***'],
  ["curl -H 'Authorization: Bearer eyJhbGciOi' https://api", "curl -H 'Authorization: Bearer ***' https://api"],
  ['curl -H "X-Api-Key: 12345" https://api', 'curl -H "X-Api-Key: ***" https://api'],
  ['curl -u admin:pa55 https://x', 'curl -u admin:*** https://x'],
  ['echo ghp_abcdefghijklmnopqrstuvwxyz0123456789 | gh auth login --with-token', 'echo ghp_*** | gh auth login --with-token'],
  ['export KEY=AKIAIOSFODNN7EXAMPLE', 'export KEY=AKIA***'],
  ['curl -d token=sk-proj-abcdefghijklmnop1234 https://x', 'curl -d token=*** https://x'],
  ['echo sk-ant-api03-abcdefghijklmnop | pbcopy', 'echo sk-ant-*** | pbcopy'],
  ['slack --hook xoxb-1234567890-abcdefghij', 'slack --hook xoxb-***'],
  ['jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', 'jwt=***'],
  [
    'printf -- "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----" > k',
    'printf -- "-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----" > k',
  ],
];

/** Near misses: look a little like secrets but are not, and stay as they are. */
const untouched = [
  'ls -la',
  'docker run -p8080:80 nginx',
  'ssh -p2222 host',
  'BYPASS_CACHE=1 npm test',
  'PWD=/tmp make',
  'git push https://github.com/org/repo.git main',
  'echo "password reset email sent"',
  'grep -r token src/',
  'kubectl get secret db -o yaml',
  'npm run build -- --passWithNoTests',
  'cat ~/.ssh/id_ed25519.pub',
];

describe('redact', () => {
  for (const [input, expected] of redacted) {
    test(`hides the secret in ${JSON.stringify(input.slice(0, 50))}`, () => assert.equal(redact(input), expected));
  }
  for (const input of untouched) {
    test(`leaves ${JSON.stringify(input)} alone`, () => assert.equal(redact(input), input));
  }

  test('never throws, whatever it is given', () => {
    assert.equal(redact(''), '');
    assert.equal(redact(undefined as unknown as string), '');
    const long = `curl -H "Authorization: ${'a'.repeat(100_000)}`;
    assert.doesNotThrow(() => redact(long));
    assert.ok(!redact(long).includes('aaaa'));
  });

  test('is idempotent', () => {
    for (const [input] of redacted) assert.equal(redact(redact(input)), redact(input));
  });
});
