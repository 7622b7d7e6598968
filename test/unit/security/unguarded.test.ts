/** (b) Shells and sessions the guard is not in, and deferred work: attacks/unguarded.ts, run by harness/attack.ts. */
import { deferredWork, unguardedShells } from './attacks/unguarded';
import { describeShellAttacks } from './harness/attack';

describeShellAttacks('attacks: unguarded shells and sessions', unguardedShells);
describeShellAttacks('attacks: deferred work', deferredWork);
