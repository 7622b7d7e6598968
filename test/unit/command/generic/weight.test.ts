/**
 * The one severity model for deletes (src/core/command/generic/weight.ts): what is deleted ×
 * reach × skipped confirmation × production, and the packs' delete rules that use it, so a
 * deleted object, snapshot, consumer group or key weighs the same whichever rule sees it.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deleteSeverity, type DeleteFacts } from '../../../../src/core/command/generic/weight';
import { analyze, describeVerdict } from '../packs/table';

describe('delete severity model', () => {
  const TABLE: [DeleteFacts, string][] = [
    [{ target: 'shared' }, 'high'],
    [{ target: 'shared', skip: true }, 'high'],
    [{ target: 'shared', reach: 'wide' }, 'high'],
    [{ target: 'shared', reach: 'wide', skip: true }, 'critical'],
    [{ target: 'shared', reach: 'all' }, 'critical'],
    [{ target: 'shared', prod: true }, 'critical'],
    [{ target: 'kept' }, 'medium'],
    [{ target: 'kept', skip: true }, 'high'],
    [{ target: 'kept', reach: 'all', prod: true }, 'high'],
    [{ target: 'local' }, 'low'],
    [{ target: 'local', reach: 'wide' }, 'medium'],
    [{ target: 'local', reach: 'all', skip: true, prod: true }, 'high'],
  ];
  for (const [facts, want] of TABLE) {
    test(`${JSON.stringify(facts)} → ${want}`, () => assert.equal(deleteSeverity(facts), want));
  }
});

describe('delete severity model: the packs weigh deletes of the same kind alike', () => {
  // One named item of remote data, or a snapshot (the backup), with no undo: held, and the
  // message says why.
  const HELD: string[] = [
    'aws s3 rm s3://acme-assets/report.pdf',
    'aws s3api delete-object --bucket acme-assets --key report.pdf',
    'gsutil rm gs://acme-assets/img/logo.png',
    'gcloud storage rm gs://acme-assets/report.pdf',
    'az storage blob delete --account-name acme --container-name assets --name report.pdf',
    'mc rm minio/assets/report.pdf',
    's3cmd del s3://acme-assets/report.pdf',
    'zfs destroy tank/data@daily-2024-06-01',
    'virsh snapshot-delete web pre-upgrade',
    'VBoxManage snapshot web delete pre-upgrade',
    'vagrant snapshot delete web pre-upgrade',
    'lxc snapshot delete web1 snap0',
    'qm delsnapshot 104 pre-upgrade',
    'snapper -c root delete 42',
    'rbd snap rm rbd/pg-data@nightly',
    'kafka-consumer-groups.sh --bootstrap-server kafka:9092 --delete --group billing',
    'kafka-consumer-groups.sh --bootstrap-server kafka:9092 --delete-offsets --group billing --topic orders',
    'rpk group delete billing',
    'algolia objects delete products --object-ids 1,2',
    'gh repo deploy-key delete 1234 --repo acme/api',
    'gh ssh-key delete 1234 --yes',
    'glab deploy-key delete 42',
    'gh release delete-asset v2.3.0 app-linux.tar.gz --yes',
    'consul acl token delete -id 3f2a',
    'nodetool clearsnapshot -t before-upgrade',
  ];
  for (const line of HELD) {
    test(`held: ${line}`, async () => {
      const v = await analyze(line);
      assert.equal(v.severity, 'high', describeVerdict(v));
      assert.match(v.findings[0]!.message, /no undo|cannot be undone|a snapshot is the backup/i, describeVerdict(v));
    });
  }

  // Reversible or local: shown, not held.
  const SHOWN: [string, string][] = [
    ['s3cmd rb s3://acme-empty', 'medium'],
    ['b2 rm b2://acme-backups/db/latest.dump', 'medium'],
    ['multipass delete dev', 'medium'],
    ['consul acl policy delete -name readonly', 'medium'],
  ];
  for (const [line, want] of SHOWN) {
    test(`shown: ${line} → ${want}`, async () => {
      const v = await analyze(line);
      assert.equal(v.severity, want, describeVerdict(v));
    });
  }
  test('every snapshot at once is critical: nodetool clearsnapshot --all', async () => {
    const v = await analyze('nodetool clearsnapshot --all');
    assert.equal(v.severity, 'critical', describeVerdict(v));
  });
});
