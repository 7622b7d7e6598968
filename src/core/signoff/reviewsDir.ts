/**
 * The sign-off record's folder, `.blast-radius/reviews/` at the repository root, named once.
 * Records are written there (record.ts); the rules that keep agents out of it (the command rule
 * guard.review-record-write, the edit rule cicd.review-record-changed) and the editor's change
 * tracker recognise it with REVIEWS_PATH_RE.
 *
 * Free of imports: the command and edit rules load it.
 */

/** Where records live, relative to the repository root. */
export const REVIEWS_DIR = '.blast-radius/reviews';

const ESCAPED_DIR = REVIEWS_DIR.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A path in the record folder, or the folder itself, at any depth (`services/api/.blast-radius/reviews/…` too). */
export const REVIEWS_PATH_RE = new RegExp(`(?:^|/)${ESCAPED_DIR}(?:/|$)`);

/** A record's repository-relative path, `.blast-radius/reviews/<yyyy-mm>/<id>.json`: the month and the id. */
export const RECORD_FILE_RE = new RegExp(`^${ESCAPED_DIR}/(\\d{4}-\\d{2})/([^/]+)\\.json$`);

/** True for repository-relative paths under the reviews folder (records, or anything else someone put there). */
export function isUnderReviews(p: string): boolean {
  return p === REVIEWS_DIR || p.startsWith(`${REVIEWS_DIR}/`);
}
