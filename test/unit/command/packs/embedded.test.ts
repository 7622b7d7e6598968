import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, findingsOf } from './table';

describe('embedded: SQL inside the arguments of any tool', () => {
  test('the finding names the program and the statement', async () => {
    const fs = await findingsOf('embedded.sql', "qsql exec -q 'TRUNCATE TABLE events'");
    assert.equal(fs.length, 1);
    assert.match(fs[0]!.message, /^qsql runs the SQL it is given in -q, `TRUNCATE TABLE events`: it empties the table events/);
    assert.equal(fs[0]!.target, 'table events');
  });

  test('a wrapper is not said to run the SQL its inner command runs', async () => {
    const fs = await findingsOf('embedded.sql', "docker exec cb cbq -s 'DELETE FROM travel'");
    assert.equal(fs.length, 1);
    assert.match(fs[0]!.message, /^cbq runs the SQL/);
  });

  test('a production connection or URL in an option makes it critical', async () => {
    for (const cmd of ["snowcli sql -q 'DROP DATABASE analytics' -c prod", "cbq -e http://cb-prod:8091 -s 'DELETE FROM sessions'"]) {
      const fs = await findingsOf('embedded.sql', cmd);
      assert.equal(fs[0]?.severity, 'critical', cmd);
    }
  });

  test('a database client keeps its own rule', async () => {
    const v = await analyze("psql -c 'DROP TABLE users'");
    assert.deepEqual(v.findings.map((f) => f.ruleId), ['db.sql-destructive']);
  });

  test('several statements: one finding, the most severe, and how many more', async () => {
    const fs = await findingsOf('embedded.sql', "qsql -e 'SELECT 1; DROP INDEX i; TRUNCATE TABLE b'");
    assert.equal(fs.length, 1);
    assert.match(fs[0]!.message, /empties the table b.*\(and 1 more destructive statement\)/);
  });
});
