/**
 * The registry of rule packs. One line per pack; each pack module exports a `RulePack` whose
 * `name` is the id prefix of its rules.
 */
import type { RulePack } from '../rule';
import { filesystemPack } from './filesystem';
import { gitPack } from './git';

export const PACKS: readonly RulePack[] = [
  // one line per pack, e.g. `gitPack,` (import it above)
  filesystemPack,
  gitPack,
];
