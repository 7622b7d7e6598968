import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, findingOf, findingsOf } from './table';

describe('db: where the SQL comes from and where it goes', () => {
  test('comments and string literals are not read as statements', async () => {
    for (const cmd of ["psql -c \"SELECT 'TRUNCATE orders'\"", 'psql -c "/* DROP TABLE x */ SELECT 1"', "mysql -e \"SELECT 1 -- DELETE FROM users\""]) {
      assert.equal((await findingsOf('db.sql-destructive', cmd)).length, 0, cmd);
    }
  });

  test('a file with several destructive statements gives one finding that counts them', async () => {
    const fs = await findingsOf('db.sql-destructive', 'psql -f db/reset.sql');
    assert.equal(fs.length, 1);
    assert.equal(fs[0]!.target, 'table order_items');
    assert.match(fs[0]!.message, /and 2 more destructive statements in -f db\/reset\.sql/);
  });

  test('each destructive statement of an inline argument has its own span', async () => {
    const fs = await findingsOf('db.sql-destructive', "psql -c 'DROP TABLE a; TRUNCATE b'");
    assert.deepEqual(fs.map((f) => f.target), ['table a', 'table b']);
  });

  test('a file that cannot be read asks for confirmation', async () => {
    const v = await analyze('psql -f no/such/file.sql');
    assert.equal(v.decision, 'confirm');
    assert.ok(v.findings.some((f) => f.ruleId === 'db.sql-file-unreadable'));
  });

  test('a local host keeps the severity, a remote host raises it, a production host makes it critical', async () => {
    assert.equal((await findingOf('db.sql-destructive', "psql -h localhost -c 'DROP TABLE t'")).severity, 'high');
    assert.equal((await findingOf('db.sql-destructive', "psql -h 10.0.4.7 -c 'DROP TABLE t'")).severity, 'critical');
    const prod = await findingOf('db.sql-destructive', "psql -h orders.prd.example.com -c 'DROP TABLE t'");
    assert.equal(prod.severity, 'critical');
    assert.equal(prod.target, 'database host orders.prd.example.com');
  });

  test('a database URL in the environment counts', async () => {
    const env = { HOME: '/home/dev', DATABASE_URL: 'postgres://app@db.production.example.com/shop' };
    assert.equal((await findingOf('db.sql-destructive', "psql \"$DATABASE_URL\" -c 'TRUNCATE orders'", { env })).severity, 'critical');
  });

  test('a DROP of a table created in the same statement list is not reported', async () => {
    assert.equal((await findingsOf('db.sql-destructive', 'psql -c "CREATE TABLE tmp_x (id int); DROP TABLE tmp_x"')).length, 0);
  });

  test('the span points at the statement inside the quoted argument', async () => {
    const line = "psql -d app -c 'SELECT 1; DELETE FROM users'";
    const f = await findingOf('db.sql-destructive', line);
    assert.equal(line.slice(f.span[0], f.span[1]), 'DELETE FROM users');
  });
});
