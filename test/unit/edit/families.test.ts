/**
 * One realistic change per infrastructure family, several edits at once: the complete list of
 * findings at medium or above must be exactly the risky edits, at their lines, and nothing for
 * the ordinary edits made alongside them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeEdit } from '../../../src/core/edit/analyze';
import { severityRank } from '../../../src/core/severity';

function loud(path: string, before: string | null, after: string | null): string[] {
  return analyzeEdit({ path, before, after })
    .findings.filter((f) => severityRank(f.severity) >= severityRank('medium'))
    .map((f) => `${f.ruleId} ${f.side}:${f.line} ${f.severity}`);
}

describe('realistic changes per family', () => {
  it('SQL: a migration that mixes safe and destructive statements', () => {
    const after = [
      '-- 0060: tidy up the billing schema',
      'BEGIN;',
      '',
      'ALTER TABLE invoices ADD COLUMN paid_at timestamptz;',
      "UPDATE invoices SET paid_at = updated_at WHERE status = 'paid';",
      'ALTER TABLE invoices DROP COLUMN legacy_status;',
      '',
      "-- DROP TABLE invoice_lines;  (kept until the export is rewritten)",
      "INSERT INTO audit_log (msg) VALUES ('DELETE FROM invoices;');",
      'DELETE FROM invoice_drafts;',
      '',
      'CREATE INDEX CONCURRENTLY idx_invoices_paid_at ON invoices (paid_at);',
      'COMMIT;',
      '',
    ].join('\n');
    assert.deepEqual(loud('db/migrations/0060_billing.sql', null, after), ['sql.drop-column after:6 high', 'sql.delete-without-where after:10 high']);
  });

  it('ORM: an Alembic revision with an upgrade and a downgrade', () => {
    const after = [
      '"""split customer name"""',
      'from alembic import op',
      'import sqlalchemy as sa',
      '',
      'revision = "5e6f7a8b9c0d"',
      'down_revision = "9d2f4a6b8c01"',
      '',
      '',
      'def upgrade() -> None:',
      '    op.add_column("customers", sa.Column("first_name", sa.String(80)))',
      '    op.add_column("customers", sa.Column("last_name", sa.String(80)))',
      '    op.execute("UPDATE customers SET first_name = split_part(name, \' \', 1) WHERE name IS NOT NULL")',
      '    op.drop_column("customers", "name")',
      '',
      '',
      'def downgrade() -> None:',
      '    op.add_column("customers", sa.Column("name", sa.String(160)))',
      '    op.drop_column("customers", "last_name")',
      '    op.drop_column("customers", "first_name")',
      '',
    ].join('\n');
    assert.deepEqual(loud('alembic/versions/5e6f7a8b9c0d_split_name.py', null, after), ['orm.drop-column after:13 high']);
  });

  it('Terraform: a refactor that also opens SSH and drops a protection', () => {
    const before = [
      'resource "aws_instance" "bastion" {',
      '  ami           = "ami-0abcdef1234567890"',
      '  instance_type = "t3.micro"',
      '}',
      '',
      'resource "aws_security_group" "bastion" {',
      '  name = "bastion"',
      '',
      '  ingress {',
      '    from_port   = 22',
      '    to_port     = 22',
      '    protocol    = "tcp"',
      '    cidr_blocks = ["10.0.0.0/8"]',
      '  }',
      '}',
      '',
      'resource "aws_rds_cluster" "main" {',
      '  cluster_identifier  = "main"',
      '  engine              = "aurora-postgresql"',
      '  deletion_protection = true',
      '}',
      '',
    ].join('\n');
    const after = [
      'resource "aws_instance" "bastion" {',
      '  ami           = "ami-0abcdef1234567890"',
      '  instance_type = "t3.small"',
      '',
      '  tags = {',
      '    Name = "bastion"',
      '  }',
      '}',
      '',
      'resource "aws_security_group" "bastion" {',
      '  name = "bastion"',
      '',
      '  ingress {',
      '    from_port   = 22',
      '    to_port     = 22',
      '    protocol    = "tcp"',
      '    cidr_blocks = ["0.0.0.0/0"]',
      '  }',
      '}',
      '',
      'resource "aws_rds_cluster" "main" {',
      '  cluster_identifier = "main"',
      '  engine             = "aurora-postgresql"',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(loud('infra/prod/main.tf', before, after), ['terraform.open-ingress after:17 high', 'terraform.deletion-protection-off before:20 high']);
  });

  it('CloudFormation: a template where one resource loses its retention and another is added', () => {
    const before = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  Uploads:',
      '    Type: AWS::S3::Bucket',
      '    DeletionPolicy: Retain',
      '    Properties:',
      "      BucketName: !Sub '${AWS::StackName}-uploads'",
      '  Alerts:',
      '    Type: AWS::SNS::Topic',
      '',
    ].join('\n');
    const after = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  Uploads:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      "      BucketName: !Sub '${AWS::StackName}-uploads'",
      '  Alerts:',
      '    Type: AWS::SNS::Topic',
      '  AlertsDlq:',
      '    Type: AWS::SQS::Queue',
      '',
    ].join('\n');
    assert.deepEqual(loud('cloudformation/app.yaml', before, after), ['cloud.cfn-deletion-policy before:5 critical']);
  });

  it('Kubernetes: a bundle where a release bumps images and a debug change slips in', () => {
    const before = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: worker',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: worker',
      '        image: acme/worker:1.4.0',
      '---',
      'apiVersion: v1',
      'kind: PersistentVolumeClaim',
      'metadata:',
      '  name: worker-cache',
      'spec:',
      '  resources:',
      '    requests:',
      '      storage: 10Gi',
      '',
    ].join('\n');
    const after = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: worker',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: worker',
      '        image: acme/worker:1.5.0',
      '        securityContext:',
      '          privileged: true',
      '',
    ].join('\n');
    assert.deepEqual(loud('deploy/worker.yaml', before, after), ['k8s.privileged after:13 high', 'k8s.pvc-removed before:14 high']);
  });
});
