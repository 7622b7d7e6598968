import { evasionPack } from '../../../../src/core/command/packs/evasion';
import { describePackTables } from './table';

describePackTables(evasionPack);
