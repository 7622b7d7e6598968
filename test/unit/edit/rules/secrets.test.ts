import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, corpus, notable, of } from './familyHelpers';

corpus('secrets', 12, 12);

const CONFIG_BEFORE = `import { defineConfig } from './define';

export default defineConfig({
  region: 'eu-west-1',
  bucket: 'acme-exports',
});
`;

/** One realistic config module with a secret inserted at line 5. */
function withSecret(line: string): string {
  return CONFIG_BEFORE.replace("  bucket: 'acme-exports',\n", `  bucket: 'acme-exports',\n${line}\n`);
}

describe('secrets: messages never show the secret', () => {
  const rows: { rule: string; line: string; secret: string }[] = [
    { rule: 'secrets.aws-access-key', line: "  accessKeyId: 'AKIAJM5M5FYR5VXANIVM',", secret: 'AKIAJM5M5FYR5VXANIVM' },
    { rule: 'secrets.aws-secret-key', line: "  secretAccessKey: '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',", secret: 'B7JZgmwcMUH7xHnxSGfqYXe5wfSb/vK2Bo9TcQvP' },
    { rule: 'secrets.github-token', line: "  token: 'gho_JDl7IAdVlMasVBsNJtTYZ6f2NkH1DTKyJKO6',", secret: 'gho_JDl7IAdVlMasVBsNJtTYZ6f2NkH1DTKyJKO6' },
    { rule: 'secrets.stripe-live-key', line: "  stripe: 'rk_live_yRgPRnoyXXMFYautKOF5fewE',", secret: 'rk_live_yRgPRnoyXXMFYautKOF5fewE' },
    { rule: 'secrets.npm-token', line: "  npm: 'npm_aSrELqi0Juv4gxhkjvKUl3DDA1Z3I1tn4RjC',", secret: 'npm_aSrELqi0Juv4gxhkjvKUl3DDA1Z3I1tn4RjC' },
    { rule: 'secrets.url-password', line: "  db: 'mysql://report:Vb8xQ2mLp7Rt@reports.db.acme.io:3306/r',", secret: 'Vb8xQ2mLp7Rt' },
    { rule: 'secrets.generic-secret', line: "  apiKey: '6pYG0kJ1wsoAGysOX5LmrHjB',", secret: '6pYG0kJ1wsoAGysOX5LmrHjB' },
  ];
  for (const r of rows) {
    it(`${r.rule} is reported at line 6 with a redacted value`, () => {
      const found = of(analyze('src/config.ts', CONFIG_BEFORE, withSecret(r.line)), r.rule);
      assert.equal(found.length, 1);
      assert.equal(found[0]!.line, 6);
      assert.equal(found[0]!.side, 'after');
      assert.ok(!found[0]!.message.includes(r.secret.slice(4)), found[0]!.message);
      assert.ok(!(found[0]!.suggestion ?? '').includes(r.secret.slice(4)));
    });
  }
});

describe('secrets: only what the change adds', () => {
  const withKey = withSecret("  accessKeyId: 'AKIAJM5M5FYR5VXANIVM',");

  it('does not report a key that was already in the file when another line changes', () => {
    const after = withKey.replace("region: 'eu-west-1'", "region: 'eu-central-1'");
    assert.deepEqual(notable(analyze('src/config.ts', withKey, after)), []);
  });

  it('does not report a key when the line holding it is removed', () => {
    assert.deepEqual(notable(analyze('src/config.ts', withKey, CONFIG_BEFORE)), []);
  });

  it('does not report a key that only moved within the file', () => {
    const moved = withKey.replace("  accessKeyId: 'AKIAJM5M5FYR5VXANIVM',\n", '').replace("  region: 'eu-west-1',\n", "  accessKeyId: 'AKIAJM5M5FYR5VXANIVM',\n  region: 'eu-west-1',\n");
    assert.deepEqual(notable(analyze('src/config.ts', withKey, moved)), []);
  });

  it('reports a key in a newly created file at its line', () => {
    const found = of(analyze('src/config.ts', null, withKey), 'secrets.aws-access-key');
    assert.deepEqual(
      found.map((f) => [f.line, f.side, f.severity]),
      [[6, 'after', 'critical']],
    );
  });
});

describe('secrets: .env files', () => {
  const env = 'PORT=8080\nREDIS_URL=redis://localhost:6379\nWEBHOOK_SIGNING_SECRET=c1W8qK3zR7mT5vX2bN9p\n';

  it('reports a real value in a .env file whose tracking is unknown', () => {
    assert.deepEqual(
      of(analyze('.env', 'PORT=8080\n', env), 'secrets.dotenv-value').map((f) => f.line),
      [3],
    );
  });

  it('stays quiet when the caller knows the .env file is not tracked', () => {
    assert.deepEqual(of(analyze('.env', 'PORT=8080\n', env, { tracked: false }), 'secrets.dotenv-value'), []);
  });

  it('reports a specific token once, under its own rule, not twice', () => {
    const v = analyze('.env.local', '', 'GITHUB_TOKEN=ghp_Akg57gBVDdnm7UerZk6zCb2z4VAFc22zuE7B\n');
    assert.deepEqual(
      v.findings.map((f) => f.ruleId),
      ['secrets.github-token'],
    );
  });
});

describe('secrets: throwaway credentials in tests', () => {
  it('logs a literal password in a test file at low severity only', () => {
    const v = analyze('test/auth.test.ts', '', "const creds = { user: 'qa', password: 'Tq8!mZ2xLp4w' };\n");
    assert.deepEqual(
      of(v, 'secrets.generic-secret').map((f) => f.severity),
      ['low'],
    );
  });

  it('still holds a live token in a test file', () => {
    const v = analyze('test/billing.test.ts', '', "const key = 'sk_live_SZBZlbuEwxikM6IEQk7pPsmu';\n");
    assert.deepEqual(
      of(v, 'secrets.stripe-live-key').map((f) => f.severity),
      ['critical'],
    );
  });
});

describe('secrets: ignore files', () => {
  it('accepts a narrower entry that still covers the secret when the old one goes', () => {
    const v = analyze('.gitignore', 'node_modules/\n.env\n', 'node_modules/\n/.env\n');
    assert.deepEqual(notable(v), []);
  });

  it('reports each secret entry of a deleted .gitignore', () => {
    const v = analyze('.gitignore', 'dist/\n.env\nid_rsa\n', null);
    assert.deepEqual(
      of(v, 'secrets.ignore-removed').map((f) => `${f.side}:${f.line}`),
      ['before:2', 'before:3'],
    );
  });
});
