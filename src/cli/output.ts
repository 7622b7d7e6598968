/**
 * Output shared by the subcommands that report on a repository (check-edit --git, verify,
 * approve): the SARIF 2.1.0 envelope, and git failures as exit code 2.
 */
import { GitError } from '../core/git';
import { toolVersion } from './build';
import { UsageError } from './io';

/** A repository-relative path as a SARIF artifact URI. */
export function sarifUri(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** A SARIF 2.1.0 log with one run of Blast Radius. */
export function sarifLog(rules: readonly unknown[], results: readonly unknown[], notifications: readonly unknown[]): unknown {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Blast Radius', semanticVersion: toolVersion(), rules } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

/** Runs `f`, turning a git problem into a one-line error with exit code 2. */
export function gitOrExplain<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(e.message, 2);
    throw e;
  }
}
