/** The review record: building, writing, reading and validating decision files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  makeRecord,
  newRecordId,
  parseRecord,
  readRecordsFromDisk,
  recordPath,
  serializeRecord,
  writeRecord,
  type NewDecision,
} from '../../../src/core/signoff/record';
import { withTempDir } from '../helpers/tmp';
import { ALICE } from './helpers';

const HASH = 'a'.repeat(64);

function decision(over: Partial<NewDecision> = {}): NewDecision {
  return {
    kind: 'edit',
    ruleId: 'sql.drop-table',
    file: 'db/migrations/002_drop.sql',
    hash: HASH,
    severity: 'high',
    decision: 'approve',
    approver: ALICE,
    agentAttributed: true,
    tool: { name: 'blast-radius', version: '0.1.0' },
    time: new Date('2025-03-04T05:06:07.000Z'),
    id: 'aaaaaaaaaaaa-0123456789',
    ...over,
  };
}

function built(over: Partial<NewDecision> = {}) {
  const r = makeRecord(decision(over));
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.record;
}

test('a record holds every field of the decision and lives under reviews/<yyyy-mm>/<id>.json', () => {
  const r = built();
  assert.deepEqual(r, {
    version: 1,
    id: 'aaaaaaaaaaaa-0123456789',
    kind: 'edit',
    ruleId: 'sql.drop-table',
    file: 'db/migrations/002_drop.sql',
    hash: HASH,
    severity: 'high',
    decision: 'approve',
    decidedBy: 'person',
    approver: { name: 'Alice Author', email: 'alice@example.com' },
    time: '2025-03-04T05:06:07.000Z',
    agentAttributed: true,
    tool: { name: 'blast-radius', version: '0.1.0' },
  });
  assert.equal(recordPath(r), '.blast-radius/reviews/2025-03/aaaaaaaaaaaa-0123456789.json');
});

test('serialised records read back identically', () => {
  const r = built({ note: 'checked the backup first', line: 3 });
  const text = serializeRecord(r);
  assert.ok(text.endsWith('}\n'));
  const back = parseRecord(text, recordPath(r));
  assert.ok(back.ok);
  assert.deepEqual(back.ok && back.record, r);
});

test('new record ids start with the change id and differ each time', () => {
  const a = newRecordId('0123456789abcdef'.repeat(4));
  const b = newRecordId('0123456789abcdef'.repeat(4));
  assert.match(a, /^0123456789ab-[0-9a-f]{10}$/);
  assert.notEqual(a, b);
});

const BAD: Record<string, { text: (good: string) => string; message: RegExp }> = {
  'not JSON': { text: () => '{ "version": 1,', message: /not valid JSON/ },
  'a hash that is not SHA-256': { text: (g) => g.replace(HASH, 'abc'), message: /hash: expected a SHA-256 hash/ },
  'an unknown decision': { text: (g) => g.replace('"approve"', '"approve-all"'), message: /decision/ },
  'an unknown key': { text: (g) => g.replace('"version": 1,', '"version": 1, "counts": 2,'), message: /counts|Unrecognized/i },
  'an edit without a file': { text: (g) => g.replace(/\s*"file": "[^"]*",/, ''), message: /file: an edit record needs "file"/ },
  'an approver without an e-mail address': { text: (g) => g.replace('alice@example.com', 'alice'), message: /approver\.email/ },
  'a time that is not ISO 8601': { text: (g) => g.replace('2025-03-04T05:06:07.000Z', 'yesterday'), message: /time/ },
  'version 2': { text: (g) => g.replace('"version": 1', '"version": 2'), message: /version/ },
};

for (const [name, c] of Object.entries(BAD)) {
  test(`a record with ${name} is refused with a reason`, () => {
    const r = built();
    const p = parseRecord(c.text(serializeRecord(r)), recordPath(r));
    assert.equal(p.ok, false);
    assert.match(!p.ok ? p.message : '', c.message);
  });
}

test('a record whose file name is not its id is refused (a copied record cannot pose as another)', () => {
  const r = built();
  const p = parseRecord(serializeRecord(r), '.blast-radius/reviews/2025-03/bbbbbbbbbbbb-0000000000.json');
  assert.equal(p.ok, false);
  assert.match(!p.ok ? p.message : '', /does not match the record's id/);
  const outside = parseRecord(serializeRecord(r), '.blast-radius/reviews/aaaaaaaaaaaa-0123456789.json');
  assert.equal(outside.ok, false);
});

test('makeRecord refuses an invalid decision instead of writing it', () => {
  const r = makeRecord(decision({ hash: 'not-a-hash' }));
  assert.equal(r.ok, false);
});

test('writeRecord creates the month folder, and never overwrites an existing record', async () => {
  await withTempDir('br-record-', (root) => {
    const r = built();
    const rel = writeRecord(root, r);
    assert.equal(rel, '.blast-radius/reviews/2025-03/aaaaaaaaaaaa-0123456789.json');
    assert.equal(fs.readFileSync(path.join(root, rel), 'utf8'), serializeRecord(r));
    assert.throws(() => writeRecord(root, { ...r, note: 'changed' }), /EEXIST/);
    assert.equal(fs.readFileSync(path.join(root, rel), 'utf8'), serializeRecord(r));
  });
});

test('reading the working tree: valid records are returned, malformed files are reported and ignored', async () => {
  await withTempDir('br-record-', (root) => {
    const good = built();
    writeRecord(root, good);
    const dir = path.join(root, '.blast-radius', 'reviews', '2025-03');
    fs.writeFileSync(path.join(dir, 'cccccccccccc-0000000000.json'), '{"version":1,"id":"cccccccccccc-0000000000"');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    const { records, problems } = readRecordsFromDisk(root);
    assert.deepEqual(
      records.map((r) => r.record.id),
      ['aaaaaaaaaaaa-0123456789'],
    );
    assert.deepEqual(
      problems.map((p) => [p.path, p.message]),
      [
        ['.blast-radius/reviews/2025-03/cccccccccccc-0000000000.json', 'not valid JSON'],
        ['.blast-radius/reviews/2025-03/notes.txt', 'not valid JSON'],
      ],
    );
  });
});

test('no reviews folder means no records and no problems', async () => {
  await withTempDir('br-record-', (root) => {
    assert.deepEqual(readRecordsFromDisk(root), { records: [], problems: [] });
  });
});
