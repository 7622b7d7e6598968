declare const BLAST_RADIUS_BUILD: string | undefined;

/**
 * The build of this CLI (a hash of the sources, set by esbuild.js), or '' for a build that
 * changes under its own feet (watch mode, unbundled test code): the hook uses a background
 * judge only with a launcher and a judge of the same build.
 */
export function buildId(): string {
  return typeof BLAST_RADIUS_BUILD === 'string' ? BLAST_RADIUS_BUILD : '';
}
