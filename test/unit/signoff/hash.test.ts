/** Content hashes: the exact hashed text, and what does and does not change a change's hash. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { riskyChangesInFile } from '../../../src/core/signoff/changes';
import { commandHash, hunkForFinding, hunkHash, hunkHashText, lineDiff } from '../../../src/core/signoff/hash';

const needsHighAndUp = (s: string): boolean => s === 'high' || s === 'critical';

function changes(before: string | null, after: string | null, file = 'db/migrations/002_cleanup.sql') {
  return riskyChangesInFile({ path: file, before, after }, needsHighAndUp);
}

test('the hashed text is the documented format: version, path, rule, removed and added lines', () => {
  const text = hunkHashText({ path: './db\\x.sql', ruleId: 'sql.drop-table', removed: ['keep me  '], added: ['DROP TABLE users;\t', '  -- note'] });
  assert.equal(text, 'blast-radius-hunk/1\npath db/x.sql\nrule sql.drop-table\n-keep me\n+DROP TABLE users;\n+  -- note\n');
  assert.equal(hunkHash({ path: 'db/x.sql', ruleId: 'sql.drop-table', removed: ['keep me'], added: ['DROP TABLE users;', '  -- note'] }), createHash('sha256').update(text).digest('hex'));
});

test('a second identical hunk carries its occurrence number; the first does not', () => {
  const base = { path: 'a.sql', ruleId: 'sql.drop-table', removed: [], added: ['DROP TABLE t;'] };
  assert.equal(hunkHashText({ ...base, occurrence: 1 }), hunkHashText(base));
  assert.match(hunkHashText({ ...base, occurrence: 2 }), /\noccurrence 2\n/);
});

test('command hashes bind the rule and the trimmed command line', () => {
  assert.equal(commandHash('fs.rm-root', '  rm -rf /  '), commandHash('fs.rm-root', 'rm -rf /'));
  assert.notEqual(commandHash('fs.rm-root', 'rm -rf /'), commandHash('fs.rm-home', 'rm -rf /'));
  assert.match(commandHash('fs.rm-root', 'rm -rf /'), /^[0-9a-f]{64}$/);
});

test('a finding on a changed line is bound to its own hunk only', () => {
  const d = lineDiff('a\nb\nc\nd\ne\n', 'a\nB\nc\nd\nE\n');
  assert.deepEqual(hunkForFinding(d, { line: 5, side: 'after' }), { removed: ['e'], added: ['E'], exact: true, at: 'after:5' });
  assert.deepEqual(hunkForFinding(d, { line: 2, side: 'before' }), { removed: ['b'], added: ['B'], exact: true, at: 'after:2' });
});

test('a finding on an unchanged line is bound to the whole diff (any change voids its approval)', () => {
  const d = lineDiff('a\nb\nc\n', 'a\nB\nc\nD\n');
  assert.deepEqual(hunkForFinding(d, { line: 1, side: 'after' }), { removed: ['b'], added: ['B', 'D'], exact: false, at: 'all' });
});

test('in a hunk that only adds lines, a finding is bound to its paragraph (up to blank lines)', () => {
  const d = lineDiff(null, '-- one\nCREATE TABLE a (id int);\n\n-- two\nDROP TABLE b;\n\nSELECT 1;\n');
  assert.deepEqual(hunkForFinding(d, { line: 5, side: 'after' }), { removed: [], added: ['-- two', 'DROP TABLE b;'], exact: true, at: 'after:4' });
  const gone = lineDiff('x\n\nDROP TABLE c;\nDROP TABLE d;\n\ny\n', 'x\n\ny\n');
  assert.deepEqual(hunkForFinding(gone, { line: 3, side: 'before' }).removed, ['DROP TABLE c;', 'DROP TABLE d;']);
});

test('in a new file, editing another paragraph leaves the approved paragraph\'s hash alone', () => {
  const first = changes(null, 'CREATE TABLE accounts (id int);\n\nDROP TABLE users;\n');
  const second = changes(null, '-- reviewed\n\nCREATE TABLE accounts (id int, email text);\n\nDROP TABLE users;\n');
  const edited = changes(null, 'CREATE TABLE accounts (id int);\n\n-- gone for good\nDROP TABLE users;\n');
  assert.equal(second[0]!.hash, first[0]!.hash);
  assert.notEqual(edited[0]!.hash, first[0]!.hash);
});

const DROP = '-- remove the legacy table\nDROP TABLE users;\n';

test('a risky migration yields one change with a 12-digit id taken from its hash', () => {
  const c = changes(null, DROP);
  assert.equal(c.length, 1);
  assert.equal(c[0]!.ruleId, 'sql.drop-table');
  assert.equal(c[0]!.line, 2);
  assert.match(c[0]!.hash, /^[0-9a-f]{64}$/);
  assert.equal(c[0]!.id, c[0]!.hash.slice(0, 12));
});

test('the hash does not move when unrelated hunks shift the risky hunk down', () => {
  const before = 'CREATE TABLE a (id int);\n\nCREATE TABLE users (id int);\n\nSELECT 1;\n';
  const after1 = 'CREATE TABLE a (id int);\n\nDROP TABLE users;\n\nSELECT 1;\n';
  const after2 = '-- header\n-- more header\nCREATE TABLE a (id int);\n\nDROP TABLE users;\n\nSELECT 1;\n';
  const [one] = changes(before, after1, 'db/migrations/003.sql');
  const [two] = changes(before, after2, 'db/migrations/003.sql');
  assert.ok(one && two);
  assert.equal(one.line, 3);
  assert.equal(two.line, 5);
  assert.equal(two.hash, one.hash);
});

test('trailing white space and CRLF line ends do not change the hash; indentation does', () => {
  const [plain] = changes(null, 'DROP TABLE users;\n');
  const [crlf] = changes(null, 'DROP TABLE users;   \r\n');
  const [indented] = changes(null, '  DROP TABLE users;\n');
  assert.equal(crlf!.hash, plain!.hash);
  assert.notEqual(indented!.hash, plain!.hash);
});

test('editing the risky hunk, renaming the file, or a different rule gives a different hash', () => {
  const [a] = changes(null, 'DROP TABLE users;\n');
  const [b] = changes(null, 'DROP TABLE users CASCADE;\n');
  const [c] = changes(null, 'DROP TABLE users;\n', 'db/migrations/009_other.sql');
  const [d] = changes('CREATE TABLE users (id int);\n', 'TRUNCATE users;\n');
  assert.notEqual(b!.hash, a!.hash);
  assert.notEqual(c!.hash, a!.hash);
  assert.notEqual(d!.ruleId, a!.ruleId);
  assert.notEqual(d!.hash, a!.hash);
});

test('a second copy of the same risky statement in the file is its own change', () => {
  const before = 'SELECT 1;\n';
  const once = changes(before, 'DROP TABLE users;\nSELECT 1;\n');
  const twice = changes(before, 'DROP TABLE users;\nSELECT 1;\nDROP TABLE users;\n');
  assert.equal(once.length, 1);
  assert.equal(twice.length, 2);
  assert.equal(twice[0]!.hash, once[0]!.hash);
  assert.notEqual(twice[1]!.hash, once[0]!.hash);
});

test('findings below the needed severity are not risky changes', () => {
  const none = riskyChangesInFile({ path: 'db/migrations/002.sql', before: null, after: DROP }, () => false);
  assert.deepEqual(none, []);
});

test('a file that cannot be judged (not UTF-8) is a risky change bound to its bytes', () => {
  const bad = Buffer.from([0x44, 0x52, 0xff, 0xfe, 0x0a]);
  const worse = Buffer.from([0x44, 0x52, 0xff, 0xfd, 0x0a]);
  const [c] = riskyChangesInFile({ path: 'db/migrations/004.sql', before: null, after: bad }, needsHighAndUp);
  const [d] = riskyChangesInFile({ path: 'db/migrations/004.sql', before: null, after: worse }, needsHighAndUp);
  assert.equal(c!.ruleId, 'signoff.unjudged');
  assert.equal(c!.severity, 'high');
  assert.notEqual(c!.hash, d!.hash);
});
