/**
 * What this build of the CLI is: its version, its build id and where its script is. The
 * launcher (launch.ts) reads it on every hook call, so it stays free of anything but node:fs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

declare const BLAST_RADIUS_BUILD: string | undefined;
declare const BLAST_RADIUS_VERSION: string | undefined;

/**
 * The build of this CLI (a hash of the sources, set by esbuild.js), or '' for a build that
 * changes under its own feet (watch mode, unbundled test code): the hook uses a background
 * judge only with a launcher and a judge of the same build.
 */
export function buildId(): string {
  return typeof BLAST_RADIUS_BUILD === 'string' ? BLAST_RADIUS_BUILD : '';
}

/** The version the build stamped in, or `0.0.0-dev` for an unstamped build. */
export function toolVersion(): string {
  return typeof BLAST_RADIUS_VERSION === 'string' ? BLAST_RADIUS_VERSION : '0.0.0-dev';
}

/** The absolute path of the CLI being run (the installed bundle), symlinks resolved. */
export function cliPath(): string {
  const script = process.argv[1] ?? __filename;
  try {
    return fs.realpathSync(script);
  } catch {
    return path.resolve(script);
  }
}
