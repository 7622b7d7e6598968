import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, describeVerdict, findingOf } from './table';

describe('cloud: read-only calls stay silent, profiles raise deletes', () => {
  test('read-only calls of every CLI produce no finding', async () => {
    for (const cmd of ['aws sts get-caller-identity', 'aws ec2 describe-instances', 'aws s3 ls s3://b/', 'gcloud sql instances describe db', 'az group list', 'aws logs tail /aws/lambda/x --follow']) {
      const v = await analyze(cmd, { awsProfile: 'prod' });
      assert.equal(v.findings.length, 0, `${cmd}: ${describeVerdict(v)}`);
    }
  });

  test('the caller\'s AWS profile counts when the line names none', async () => {
    const f = await findingOf('cloud.aws-delete', 'aws dynamodb delete-table --table-name orders', { awsProfile: 'prod' });
    assert.equal(f.severity, 'critical');
    assert.equal(f.target, 'AWS profile prod');
  });

  test('--profile in the line wins over AWS_PROFILE', async () => {
    const f = await findingOf('cloud.aws-delete', 'aws --profile sandbox dynamodb delete-table --table-name t', { env: { HOME: '/home/dev', AWS_PROFILE: 'prod' } });
    assert.equal(f.severity, 'high');
  });

  test('a skipped final snapshot is critical even without a production profile', async () => {
    assert.equal((await findingOf('cloud.aws-delete', 'aws rds delete-db-instance --db-instance-identifier x --skip-final-snapshot')).severity, 'critical');
  });

  test('CLOUDSDK_CORE_PROJECT names the gcloud project', async () => {
    const f = await findingOf('cloud.gcloud-delete', 'gcloud sql instances delete orders', { env: { HOME: '/home/dev', CLOUDSDK_CORE_PROJECT: 'shop-production' } });
    assert.equal(f.severity, 'critical');
    assert.equal(f.target, 'project shop-production');
  });
});
