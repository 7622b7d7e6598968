/**
 * The registry of edit rule packs: one import and one array entry per pack.
 * Add a pack: create rules/<pack>.ts exporting `<pack>Rules: EditRule[]`, import it here and
 * add it to PACKS. Rule ids must be unique and every table runs (test/unit/rules/examples.test.ts).
 */
import type { EditRule } from '../rule';
import { agentControlRules } from './agentControl';
import { cicdRules } from './cicd';
import { cloudRules } from './cloud';
import { codeRules } from './code';
import { depsRules } from './deps';
import { k8sRules } from './k8s';
import { ormRules } from './orm';
import { ownFileRules } from './ownFiles';
import { secretsRules } from './secrets';
import { sqlRules } from './sql';
import { terraformRules } from './terraform';
import { runnableRules } from './runnable';
import { tfplanRules } from './tfplan';

const PACKS: readonly (readonly EditRule[])[] = [
  sqlRules,
  ormRules,
  terraformRules,
  tfplanRules,
  cloudRules,
  k8sRules,
  cicdRules,
  agentControlRules,
  ownFileRules,
  secretsRules,
  codeRules,
  depsRules,
  runnableRules,
];

/** Every edit rule, in pack order. */
export const EDIT_RULES: readonly EditRule[] = PACKS.flat();
