/**
 * What git's verification of a commit signature proves about a record (pure): the mapping of
 * git's %G?/%GS/%GK, and how proofs decide counting: required or not, forged, one key once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RiskyChange } from '../../../src/core/signoff/changes';
import { signoffPolicyFromText } from '../../../src/core/signoff/policy';
import { provesApprover, signatureContradiction, signatureProof, type SignatureStatus } from '../../../src/core/signoff/signature';
import { evaluateChange, needsSignedRecords, type EvidenceRecord } from '../../../src/core/signoff/verify';
import { ALICE, approval, BOB } from './helpers';

const C = 'ab'.repeat(20);
const KEY = 'SHA256:oLtDSMlEMnXdREqFxVnaz8vLCkiZOyOXE2u+m/b/6D8';

/** [%G?, %GS, status, signer, words]. */
const PROOFS: [string, string, SignatureStatus, string | undefined, RegExp][] = [
  ['G', 'alice@example.com', 'verified', 'alice@example.com', /is signed with key SHA256:\S+ of alice@example\.com/],
  ['G', 'Alice Author <alice@example.com>', 'verified', 'alice@example.com', /of alice@example\.com$/],
  ['G', '', 'unknown-key', undefined, /no allowed signer vouches for/],
  ['G', '*@example.com', 'not-one-person', undefined, /a pattern or list rather than one person/],
  ['G', 'alice@example.com,bob@example.com', 'not-one-person', undefined, /pattern or list/],
  ['G', '!mallory@example.com', 'not-one-person', undefined, /pattern or list/],
  ['U', '', 'unknown-key', undefined, /which the allowed signers do not list/],
  ['B', '', 'bad', undefined, /does not match the commit \(bad signature\)/],
  ['X', '', 'expired', undefined, /expired/],
  ['Y', '', 'expired', undefined, /expired/],
  ['R', '', 'expired', undefined, /revoked/],
  ['E', '', 'cannot-check', undefined, /cannot be checked/],
  ['N', '', 'unsigned', undefined, /is not signed/],
  ['', '', 'unsigned', undefined, /is not signed/],
];

for (const [code, signer, status, who, words] of PROOFS) {
  test(`%G? ${JSON.stringify(code)} with %GS ${JSON.stringify(signer)} is ${status}`, () => {
    const p = signatureProof(C, code, signer, code === 'N' ? '' : KEY);
    assert.equal(p.status, status);
    assert.equal(p.signer, who);
    assert.match(p.detail, words);
    assert.match(p.detail, /commit abababab/);
  });
}

test('a verified signature proves the approver after normalisation, and contradicts anyone else', () => {
  const p = signatureProof(C, 'G', 'ALICE@Example.com', KEY);
  assert.ok(provesApprover(p, { name: 'A', email: 'alice+review@example.com' }));
  assert.ok(provesApprover(p, { name: 'A', email: '\u0430lice@example.com' }));
  assert.equal(signatureContradiction(p, ALICE), undefined);
  assert.match(signatureContradiction(p, BOB) ?? '', /not by the approver Bob Reviewer <bob@example\.com>: the record claims someone else's approval/);
  assert.ok(!provesApprover(p, BOB));
  assert.match(signatureContradiction(signatureProof(C, 'B', '', KEY), ALICE) ?? '', /bad signature/);
  assert.equal(signatureContradiction(signatureProof(C, 'U', '', KEY), ALICE), undefined, 'an unknown key proves nothing, but forges nothing either');
  assert.equal(signatureContradiction(undefined, ALICE), undefined);
});

const DROP: RiskyChange = { id: '1111111111aa', hash: `1111111111aa${'0'.repeat(52)}`, file: 'db/m.sql', ruleId: 'sql.drop-table', severity: 'high', message: 'drops', line: 1, side: 'after' };
const ONE = signoffPolicyFromText(null).policy;
const ONE_SIGNED = signoffPolicyFromText('{ "signoff": { "requireSignedRecords": true } }').policy;
const TWO = signoffPolicyFromText('{ "approvals": { "high": 2 } }').policy;

function judge(records: EvidenceRecord[], policy = TWO) {
  return evaluateChange({ change: DROP }, records, policy, new Set([DROP.hash]));
}

const unsigned = (r: EvidenceRecord): EvidenceRecord => ({ ...r, signature: signatureProof(r.addedIn!, 'N', '', '') });

test('signed records are needed with two or more approvals or requireSignedRecords, not otherwise', () => {
  assert.equal(needsSignedRecords(ONE, 1), false);
  assert.equal(needsSignedRecords(ONE, 2), true);
  assert.equal(needsSignedRecords(ONE_SIGNED, 1), true);
});

test('with one approval and no requirement, an unsigned record counts and is shown as identity unverified', () => {
  const r = judge([unsigned(approval(DROP, ALICE))], ONE);
  assert.equal(r.status, 'ok');
  assert.equal(r.approvals[0]!.counted, true);
  assert.equal(r.approvals[0]!.identity, 'unverified');
});

test('with requireSignedRecords, the same unsigned record does not count: identity unverified', () => {
  const r = judge([unsigned(approval(DROP, ALICE))], ONE_SIGNED);
  assert.equal(r.status, 'identity-unverified');
  assert.equal(r.have, 0);
  assert.equal(r.approvals[0]!.code, 'unverified');
  assert.match(r.approvals[0]!.reason ?? '', /^identity unverified: commit \w+ is not signed/);
});

test('a record whose signature names someone else never counts, even when signing is not required', () => {
  const forged: EvidenceRecord = { ...approval(DROP, BOB), signature: signatureProof(C, 'G', ALICE.email, KEY) };
  const r = judge([forged], ONE);
  assert.equal(r.have, 0);
  assert.equal(r.status, 'ineligible-approver');
  assert.equal(r.approvals[0]!.code, 'untrusted');
});

test('one signing key counts once, even for two different approvers it was given to', () => {
  const a: EvidenceRecord = { ...approval(DROP, ALICE), signature: signatureProof(C, 'G', ALICE.email, KEY) };
  const b: EvidenceRecord = { ...approval(DROP, BOB, {}, '2025-03-02T10:00:00.000Z'), signature: signatureProof(C, 'G', BOB.email, KEY) };
  const r = judge([a, b]);
  assert.equal(r.have, 1);
  assert.match(r.approvals[1]!.reason ?? '', /already counted for alice@example\.com; one key counts once/);
});

test('an approver proven by a signature is the key owner: a senior is matched on the signer', () => {
  const seniors = signoffPolicyFromText('{ "approvals": { "high": 2, "seniors": ["bob@example.com"] } }').policy;
  const bobTagged: EvidenceRecord = { ...approval(DROP, { name: 'Bob', email: 'bob+review@example.com' }, {}, '2025-03-02T10:00:00.000Z'), signature: signatureProof(C, 'G', BOB.email, 'SHA256:bob') };
  const r = judge([approval(DROP, ALICE), bobTagged], seniors);
  assert.equal(r.status, 'ok');
});
