import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandPatternSchema, DEFAULT_POLICY, DEFAULT_POLICY_FILE, POLICY_SETTINGS, policyFromSettings, resolvePolicy } from '../../../src/core/policy';
import { DECISIONS } from '../../../src/core/severity';
import { SETTINGS, SETTINGS_SECTION } from '../../../src/extension/ids';
import { repoRoot } from '../helpers/paths';

interface SettingSchema {
  type?: string;
  scope?: string;
  default?: unknown;
  markdownDescription?: string;
  properties?: Record<string, { enum?: string[]; enumDescriptions?: string[]; default?: unknown }>;
  items?: { anyOf?: Array<{ type?: string; properties?: Record<string, unknown> }> };
  minimum?: number;
  maximum?: number;
}
interface Manifest {
  contributes: {
    configuration: { properties: Record<string, SettingSchema> };
    jsonValidation?: Array<{ fileMatch: string | string[]; url: string }>;
  };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations?: string[] } };
  scripts: Record<string, string>;
}
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const props = manifest.contributes.configuration.properties;
const full = (key: string): string => `${SETTINGS_SECTION}.${key}`;

/** Settings whose user value may loosen protection: never taken from a workspace. */
const LOOSENING = ['policy.allow', 'policy.disabledRules', 'policy.localMarkers', 'policy.severity', 'confirmTimeoutSeconds', 'policyFile'];

test('every policy setting the core reads is named in ids.ts and contributed', () => {
  const inCode = new Set<string>(Object.values(SETTINGS));
  for (const key of Object.keys(POLICY_SETTINGS)) {
    assert.ok(inCode.has(key), `${key} missing from SETTINGS in src/extension/ids.ts`);
    assert.ok(props[full(key)], `${full(key)} missing from package.json`);
  }
  assert.ok(inCode.has('policyFile'));
  assert.equal(props[full('policyFile')]!.default, DEFAULT_POLICY_FILE);
});

test('settings that could loosen protection cannot come from an untrusted workspace', () => {
  const restricted = new Set(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? []);
  for (const key of LOOSENING) assert.ok(restricted.has(full(key)), `${full(key)} should be in restrictedConfigurations`);
  // Allowing, disabling and marking local are user-only in every workspace.
  for (const key of ['policy.allow', 'policy.disabledRules', 'policy.localMarkers', 'policyFile']) {
    assert.ok(['application', 'machine'].includes(props[full(key)]!.scope ?? ''), `${full(key)} should have application or machine scope`);
  }
});

test('the severity setting offers exactly the decisions, with descriptions, and the default policy', () => {
  const sev = props[full('policy.severity')]!;
  assert.deepEqual(sev.default, DEFAULT_POLICY.severity);
  for (const [level, p] of Object.entries(sev.properties ?? {})) {
    assert.deepEqual(p.enum, [...DECISIONS], level);
    assert.equal(p.enumDescriptions?.length, DECISIONS.length, level);
    assert.equal(p.default, DEFAULT_POLICY.severity[level as keyof typeof DEFAULT_POLICY.severity], level);
  }
  assert.deepEqual(Object.keys(sev.properties ?? {}).sort(), Object.keys(DEFAULT_POLICY.severity).sort());
});

test('the pattern items in the allow/deny settings have the schema\'s keys', () => {
  const objectForm = CommandPatternSchema.options.find((o) => 'shape' in o);
  assert.ok(objectForm && 'shape' in objectForm);
  const keys = Object.keys(objectForm.shape).sort();
  for (const key of ['policy.allow', 'policy.deny']) {
    const obj = props[full(key)]!.items?.anyOf?.find((a) => a.type === 'object');
    assert.deepEqual(Object.keys(obj?.properties ?? {}).sort(), keys, key);
  }
});

test('the timeout setting matches the policy default and bounds', () => {
  const t = props[full('confirmTimeoutSeconds')]!;
  assert.equal(t.default, DEFAULT_POLICY.confirmTimeoutSeconds);
  assert.equal(policyFromSettings({ confirmTimeoutSeconds: (t.minimum ?? 0) - 1 }, 'user').valid, false);
  assert.equal(policyFromSettings({ confirmTimeoutSeconds: t.maximum }, 'user').valid, true);
});

test('the default value of every policy setting is a valid policy equal to the defaults', () => {
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(POLICY_SETTINGS)) values[key] = props[full(key)]!.default;
  const parsed = policyFromSettings(values, 'user');
  assert.deepEqual(parsed.problems, []);
  const { policy } = resolvePolicy([parsed]);
  assert.deepEqual(JSON.parse(JSON.stringify(policy)), JSON.parse(JSON.stringify(DEFAULT_POLICY)));
});

test('policyFromSettings reads only policy keys and names settings in problems', () => {
  const parsed = policyFromSettings(
    { 'policy.deny': ['terraform destroy', 7], 'policy.severity': { high: 'Deny' }, policyFile: 'x.json', unrelated: true, 'policy.allow': null },
    'user',
  );
  assert.equal(parsed.valid, false);
  assert.deepEqual(parsed.problems.map((p) => p.path), ['blastRadius.policy.severity.high', 'blastRadius.policy.deny[1]']);
  assert.deepEqual(parsed.document.deny, ['terraform destroy']);
});

test('.blast-radius.json is validated by the generated schema', () => {
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.blast-radius.json', url: './schemas/blast-radius.schema.json' }]);
  assert.equal(manifest.scripts.schema, 'node scripts/gen-schema.mjs');
});
