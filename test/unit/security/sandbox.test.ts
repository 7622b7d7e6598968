/**
 * Attacks whose defence is the sandbox: attacks/sandbox.ts, each in a guarded shell inside the
 * real `blast-radius sandbox` (bubblewrap), run by harness/attack.ts. Skipped, with the reason,
 * where the sandbox cannot run (no bubblewrap, no user namespaces, the CLI not built).
 */
import { sandboxAttacks } from './attacks/sandbox';
import { describeShellAttacks } from './harness/attack';
import { sandboxSkip } from '../sandbox/helpers';

describeShellAttacks('attacks: inside the sandbox', sandboxAttacks, { concurrency: 2, skip: sandboxSkip() });
