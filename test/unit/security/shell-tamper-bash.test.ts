/** (a) Disarming the bash guard from the bash it guards: attacks/tamper.ts, run by harness/attack.ts. */
import { bashTamper } from './attacks/tamper';
import { describeShellAttacks } from './harness/attack';

describeShellAttacks('attacks: shell tamper (bash)', bashTamper);
