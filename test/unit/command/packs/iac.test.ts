import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingOf } from './table';

describe('iac: the target decides between high and critical', () => {
  test('an unknown workspace is high', async () => {
    const f = await findingOf('iac.terraform-destroy', 'terraform destroy', { cwd: '/home/dev/infra', workspaceRoot: '/home/dev/infra' });
    assert.equal(f.severity, 'high');
  });

  test('a non-production workspace stays high and is named', async () => {
    const f = await findingOf('iac.terraform-destroy', 'terraform destroy', { terraformWorkspace: 'staging' });
    assert.equal(f.severity, 'high');
    assert.equal(f.target, 'Terraform workspace staging');
  });

  test('TF_WORKSPACE set in the line wins over the caller', async () => {
    const f = await findingOf('iac.terraform-destroy', 'TF_WORKSPACE=prd-eu terraform destroy', { terraformWorkspace: 'dev' });
    assert.equal(f.severity, 'critical');
    assert.equal(f.target, 'Terraform workspace prd-eu');
  });

  test('a folder without a production marker stays high', async () => {
    const f = await findingOf('iac.terraform-destroy', 'terraform -chdir=envs/customer-facing destroy');
    assert.equal(f.severity, 'high', 'not a default marker');
  });

  test('a wrapped destroy is still seen', async () => {
    assert.equal((await findingOf('iac.terraform-destroy', "bash -c 'cd infra && terraform destroy -auto-approve'")).severity, 'high');
  });
});
