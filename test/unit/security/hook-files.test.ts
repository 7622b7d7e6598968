/** (c) Agent hook settings and the runtime folder written through the shell: attacks/hookFiles.ts, run by harness/attack.ts. */
import { hookFiles } from './attacks/hookFiles';
import { describeShellAttacks } from './harness/attack';

describeShellAttacks('attacks: hook and runtime files', hookFiles);
