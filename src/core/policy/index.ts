/**
 * The policy: what to do with findings, written by people in settings or in `.blast-radius.json`.
 *
 * For the analyzer:
 * - `decisionForSeverity(policy, severity)` maps a severity to allow / confirm / deny.
 * - `applyPolicy(policy, commands, lineFindings)` decides a whole line: disabled rules dropped,
 *   deny entries win, allow entries waive severity (never a finding's `atLeast`).
 * - `customRulesFor(policy, cmd)` gives the policy's own rules that fire on a command; the
 *   analyzer turns each into a finding (id `custom.…`, span of the command).
 * - `policy.productionMarkers` / `policy.localMarkers` extend the built-in target words.
 *
 * For the extension and the CLI:
 * - `policyFromSettings(values, 'user' | 'workspace')` and `loadPolicyFile(path)` read the sources.
 *   Pass the user's values (`inspect(key).globalValue`) as `user` and the workspace's
 *   (`workspaceValue`, `workspaceFolderValue`) as `workspace` — never the merged `get(key)`, which
 *   would let a workspace value pass as the user's.
 * - `resolvePolicy([...])` merges them (user first and fully; everything else tighten-only).
 * - `loadPolicyAt(dir, { opened })`: what applies at a folder without an editor (CLI, hooks):
 *   the system policy (`loadSystemPolicy`) and every policy file from the opened folder or the
 *   outermost repository down to `dir` (`policyFilesAt`), tighten-only.
 * - `loadWorkspacePolicy(root)`: the defaults tightened by one workspace file.
 * - `parsePolicy(text, source)` reads one text; `mergePolicies(user, workspace)` tightens.
 * - Every problem is a `PolicyProblem` with a JSON path (or setting name); `formatProblem`
 *   renders it as one line, `problemDetail` as its path and message only. Nothing here throws on user input.
 */
export * from './types';
export {
  PolicyDocumentSchema,
  CommandPatternSchema,
  type PolicyDocument,
  type CommandPattern,
  type CommandPatternObject,
  type CustomRuleDocument,
} from './schema';
export { compilePattern, matchesPattern, expandShorthand, patternLabel, subcommandOf } from './pattern';
export {
  POLICY_SETTINGS,
  adminPolicyInForce,
  mergePolicies,
  parsePolicy,
  parsePolicyDocument,
  locateProblems,
  policyFromSettings,
  resolvePolicy,
  validatePolicy,
  type ParsedPolicy,
  type ResolvedResult,
} from './resolve';
export { applyPolicy, customRulesFor, findAllow, findDeny, keepsRule, type PolicyCommand, type PolicyFinding, type PolicyOutcome } from './apply';
export { formatProblem, parsePath, problemDetail } from './messages';
export {
  DEFAULT_POLICY_FILE,
  MAX_POLICY_FILE_BYTES,
  findOutermostRoot,
  findWorkspaceRoot,
  loadPolicyAt,
  loadPolicyFile,
  loadWorkspacePolicy,
  parsePolicyFileText,
  policyFileProblems,
  policyFilesAt,
  type PolicyAtOptions,
} from './load';
export { EXTRA_POLICY_ENV, POSIX_SYSTEM_POLICY_FILE, checkProtected, loadSystemPolicy, systemPolicyFile, type Protection } from './system';
export { POLICY_SCHEMA_PATH, policyJsonSchema, renderPolicyJsonSchema } from './jsonSchema';
