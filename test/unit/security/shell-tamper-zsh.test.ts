/** (a) Disarming the zsh guard from the zsh it guards: attacks/tamper.ts, run by harness/attack.ts. */
import { zshTamper } from './attacks/tamper';
import { describeShellAttacks } from './harness/attack';

describeShellAttacks('attacks: shell tamper (zsh)', zshTamper);
