/** People and small record builders for sign-off tests (repositories: ../helpers/git.ts). */
import assert from 'node:assert/strict';
import type { RiskyChange } from '../../../src/core/signoff/changes';
import type { Identity } from '../../../src/core/signoff/identity';
import { makeRecord, type ReviewRecord } from '../../../src/core/signoff/record';
import type { EvidenceRecord } from '../../../src/core/signoff/verify';

export const ALICE: Identity = { name: 'Alice Author', email: 'alice@example.com' };
export const BOB: Identity = { name: 'Bob Reviewer', email: 'bob@example.com' };
export const CAROL: Identity = { name: 'Carol Senior', email: 'carol@seniors.example.com' };

let counter = 0;

/** A valid approval record for a change, with overrides. */
export function approval(change: Pick<RiskyChange, 'hash' | 'file' | 'ruleId' | 'severity'>, who: Identity, over: Partial<ReviewRecord> = {}, time = '2025-03-01T10:00:00.000Z'): EvidenceRecord {
  counter++;
  const made = makeRecord({
    kind: 'edit',
    ruleId: change.ruleId,
    file: change.file,
    hash: change.hash,
    severity: change.severity,
    decision: 'approve',
    approver: who,
    agentAttributed: false,
    tool: { name: 'blast-radius', version: 'test' },
    time: new Date(time),
    id: `${change.hash.slice(0, 12)}-${counter.toString(16).padStart(10, '0')}`,
  });
  assert.ok(made.ok, made.ok ? '' : made.message);
  const record = { ...made.record, ...over } as ReviewRecord;
  return { path: `.blast-radius/reviews/${time.slice(0, 7)}/${record.id}.json`, record };
}
