/**
 * Sign-off: the review record in the repository and the two-person rule.
 *
 * - `reviewsDir.ts`: the record folder's name and the patterns that recognise it;
 * - `record.ts`: one JSON file per decision under `.blast-radius/reviews/<yyyy-mm>/<id>.json`;
 *   `makeRecord`, `writeRecord`, `parseRecord`, `readRecordsFromDisk`.
 * - `hash.ts`: the content hash that binds a decision to a hunk (`hunkHash`, `commandHash`).
 * - `identity.ts`: who counts as a person (normalised e-mail addresses); agent identities and environments.
 * - `signature.ts`: what git's verification of a commit signature proves about a record.
 * - `policy.ts`: `approvals` of the policy, the stricter of two, and policy lowering.
 * - `changes.ts`: the risky changes of a file, each with its hash.
 * - `verify.ts`: matching changes with records (pure).
 * - `approve.ts`: choosing changes and building a person's approval records.
 * - `git.ts` + `repo.ts` + `signers.ts`: the same for a branch of a real repository, with the
 *   allowed signers from the base branch (node-only, runs git).
 */
export * from './record';
export * from './reviewsDir';
export * from './hash';
export * from './identity';
export * from './policy';
export * from './changes';
export * from './verify';
export * from './approve';
export * from './signature';
export { baseProblemsOf, collectSignoff, readRecordsAtHead, type SignoffOptions, type SignoffReport } from './repo';
export { locateAllowedSigners, withAllowedSigners, type AllowedSigners } from './signers';
export { GitError, authorIdentity, commitPaths, dirtyPaths, stagePaths, DEFAULT_BASE_CANDIDATES, type BaseRevision } from './git';
