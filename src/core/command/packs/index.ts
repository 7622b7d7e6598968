/**
 * The registry of command rule packs: one import and one array entry per pack. Each pack module
 * exports a `RulePack` whose `name` is the id prefix of its rules. Every registered pack's example
 * tables run in test/unit/rules/examples.test.ts.
 */
import type { RulePack } from '../rule';
import { dynamicPack } from './dynamic';
import { guardPack } from './guard';
import { evasionPack } from './evasion';
import { interpreterPack } from './interpreter';
import { filesystemPack } from './filesystem';
import { gitPack } from './git';
import { databasePack } from './database';
import { iacPack } from './iac';
import { cloudPack } from './cloud';
import { kubernetesPack } from './kubernetes';
import { containersPack } from './containers';
import { systemPack } from './system';
import { protectionPack } from './protection';
import { supplyPack } from './supply';
import { secretsPack } from './secrets';
import { backupPack } from './backup';
import { identityPack } from './identity';
import { platformPack } from './platform';
import { datastorePack } from './datastore';
import { storagePack } from './storage';
import { vmPack } from './vm';
import { scriptsPack } from './scripts';
import { recipesPack } from './recipes';
import { genericPack } from './generic';
import { embeddedPack } from './embedded';
import { windowsPack } from './windows';
import { archivePack } from './archive';

export const PACKS: readonly RulePack[] = [
  guardPack,
  evasionPack,
  dynamicPack,
  interpreterPack,
  filesystemPack,
  gitPack,
  databasePack,
  iacPack,
  cloudPack,
  kubernetesPack,
  containersPack,
  systemPack,
  protectionPack,
  supplyPack,
  secretsPack,
  backupPack,
  identityPack,
  platformPack,
  datastorePack,
  storagePack,
  vmPack,
  scriptsPack,
  recipesPack,
  windowsPack,
  archivePack,
  embeddedPack,
  genericPack,
];
