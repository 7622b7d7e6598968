/** (a) Disarming the fish guard from the fish it guards: attacks/tamper.ts, run by harness/attack.ts. */
import { fishTamper } from './attacks/tamper';
import { describeShellAttacks } from './harness/attack';

describeShellAttacks('attacks: shell tamper (fish)', fishTamper);
