/** Data stores, backups and disks: behaviour the example tables cannot show (files read at check time, spans, targets). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { includedFiles } from '../../../../src/core/command/packs/database';
import { tempDir } from '../../helpers/tmp';
import { analyze, findingOf, findingsOf } from './table';

describe('SQL files included by other SQL', () => {
  test('psql \\i, \\ir, mysql source and \\., sqlite3 .read are recognised; words inside statements are not', () => {
    assert.deepEqual(includedFiles('\\i a.sql\n\\ir b.sql\nselect 1; source c.sql;\n\\. d.sql\n.read "e f.sql"').map((i) => [i.how, i.file, i.relative]), [
      ['\\i', 'a.sql', false],
      ['\\ir', 'b.sql', true],
      ['source', 'c.sql', false],
      ['\\.', 'd.sql', false],
      ['.read', 'e f.sql', false],
    ]);
    assert.deepEqual(includedFiles('SELECT source FROM t; UPDATE x SET y = 1 WHERE id = 2'), []);
  });

  test('a file included by an included file is judged, relative to the file for \\ir', async () => {
    const t = tempDir('br-sql-');
    try {
      fs.mkdirSync(path.join(t.dir, 'sql', 'parts'), { recursive: true });
      fs.writeFileSync(path.join(t.dir, 'sql', 'main.sql'), 'SELECT 1;\n\\ir parts/drop.sql\n');
      fs.writeFileSync(path.join(t.dir, 'sql', 'parts', 'drop.sql'), 'DROP TABLE invoices;\n');
      const f = await findingOf('db.sql-destructive', 'psql shop -f sql/main.sql', { cwd: t.dir, workspaceRoot: t.dir });
      assert.match(f.message, /drops the table invoices/);
      assert.match(f.message, /parts\/drop\.sql/);
    } finally {
      t.remove();
    }
  });

  test('an included file that cannot be read asks for confirmation and says why', async () => {
    const v = await analyze("psql shop -c '\\i /nonexistent/teardown.sql'");
    const f = v.findings.find((x) => x.ruleId === 'db.sql-file-unreadable');
    assert.ok(f, JSON.stringify(v.findings));
    assert.match(f.message, /does not exist/);
    assert.equal(v.decision, 'confirm');
  });
});

describe('Redis', () => {
  test('the message names the database and the server', async () => {
    const f = await findingOf('db.redis-flush', 'redis-cli -n 3 flushdb');
    assert.match(f.message, /every key in Redis database 3 at 127\.0\.0\.1:6379 \(FLUSHDB\)/);
    const u = await findingOf('db.redis-flush', 'redis-cli -u redis://cache.internal:6380/2 FLUSHDB');
    assert.match(u.message, /database 2 at cache\.internal:6380/);
  });

  test('commands fed on stdin are judged one per line', async () => {
    const f = await findingOf('db.redis-destructive', 'redis-cli <<EOF\nGET a\nCONFIG SET dbfilename authorized_keys\nEOF');
    assert.equal(f.severity, 'high');
  });
});

describe('HTTP APIs', () => {
  test('a DELETE to an application on this machine is shown, not held; to a data store it is held', async () => {
    assert.equal((await analyze('curl -X DELETE http://localhost:3000/api/todos/1')).decision, 'allow');
    assert.equal((await analyze('curl -X DELETE http://localhost:9200/orders')).decision, 'confirm');
  });

  test('PowerShell Invoke-RestMethod -Method Delete is read like curl', async () => {
    const f = await findingOf('datastore.http-delete', 'Invoke-RestMethod -Method Delete -Uri http://es.internal:9200/logs-*', { shell: 'pwsh' });
    assert.match(f.message, /every index matching logs-\*/);
  });

  test('reading an index is not a delete', async () => {
    assert.equal((await findingsOf('datastore.http-delete', 'curl -XGET localhost:9200/_all/_search')).length, 0);
  });
});

describe('disks: every option spelling of mkfs', () => {
  test('options without values do not hide the device', async () => {
    for (const cmd of ['mkfs.ext4 -F /dev/sdb1', 'mkfs.ext4 -c /dev/sdb1', 'mke2fs -F -F -t ext4 /dev/sdd1', 'mkfs.xfs -f /dev/sdb', 'mkfs -t ext4 -F /dev/sdc1']) {
      assert.equal((await findingOf('system.format-disk', cmd)).severity, 'critical', cmd);
    }
  });

  test('-n is a rehearsal for mke2fs but a volume name for mkfs.vfat', async () => {
    assert.equal((await findingsOf('system.format-disk', 'mke2fs -n /dev/sdb1')).length, 0);
    assert.equal((await findingOf('system.format-disk', 'mkfs.vfat -n BOOT /dev/sdb1')).severity, 'critical');
  });
});
