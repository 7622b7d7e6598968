/** What `verify` and `approve` share: the branch's sign-off, collected with git problems as exit code 2. */
import { collectSignoff, type SignoffReport } from '../core/signoff/repo';
import { gitOrExplain } from './output';

/** Runs the collection, turning git problems into exit code 2. */
export function collectOrExplain(cwd: string, base: string | undefined, includeUncommitted = false): SignoffReport {
  return gitOrExplain(() => collectSignoff({ cwd, ...(base !== undefined ? { base } : {}), includeUncommitted }));
}
