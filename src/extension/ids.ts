/**
 * The one place the extension's `blastRadius.*` ids are named: commands, views, context keys,
 * tree item context values, theme colours, settings, the status bar item and stored state.
 * A unit test (test/unit/manifest.test.ts) keeps this file and package.json in step — every id
 * here is contributed, every contributed id and every context key a `when` clause reads is here —
 * and fails when code elsewhere in src/extension spells such an id out.
 */
export const COMMANDS = {
  showStatus: 'blastRadius.showStatus',
  showLog: 'blastRadius.showLog',
  setUpAgentHooks: 'blastRadius.setUpAgentHooks',
  // sign-off (src/extension/signoff)
  reviewSignoff: 'blastRadius.reviewSignoff',
  // edit review (src/extension/review)
  reviewPending: 'blastRadius.reviewPending',
  approveLowRisk: 'blastRadius.approveLowRisk',
  approveFile: 'blastRadius.approveFile',
  revertFile: 'blastRadius.revertFile',
  approveChange: 'blastRadius.approveChange',
  revertChange: 'blastRadius.revertChange',
  showChangeDiff: 'blastRadius.showChangeDiff',
  // the review diff's title bar and the Pending Review view (src/extension/review/flow.ts)
  approveShown: 'blastRadius.approveShown',
  revertShown: 'blastRadius.revertShown',
  reviewNext: 'blastRadius.reviewNext',
  // rule help (src/extension/ruleHelp.ts)
  showRule: 'blastRadius.showRule',
  // terminal guard (src/extension/guard)
  pauseGuard: 'blastRadius.pauseGuard',
  resumeGuard: 'blastRadius.resumeGuard',
  // the audit log and its view (src/extension/audit.ts, src/extension/auditView.ts)
  showAuditLog: 'blastRadius.showAuditLog',
  filterAuditLog: 'blastRadius.filterAuditLog',
  clearAuditFilter: 'blastRadius.clearAuditFilter',
  exportAuditLog: 'blastRadius.exportAuditLog',
  // first five minutes (src/extension/walkthrough.ts)
  getStarted: 'blastRadius.getStarted',
  openScratchRepository: 'blastRadius.openScratchRepository',
  trySafeCommand: 'blastRadius.trySafeCommand',
  tryHeldCommand: 'blastRadius.tryHeldCommand',
  makeAgentLikeEdit: 'blastRadius.makeAgentLikeEdit',
  openPolicyFile: 'blastRadius.openPolicyFile',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Commands that exist but are not shown in the command palette (internal plumbing). */
export const INTERNAL_COMMANDS: readonly string[] = [
  COMMANDS.approveChange,
  COMMANDS.revertChange,
  COMMANDS.showChangeDiff,
  // the walkthrough's try-it buttons
  COMMANDS.trySafeCommand,
  COMMANDS.tryHeldCommand,
];

/** The walkthrough (package.json `contributes.walkthroughs`), as `workbench.action.openWalkthrough` names it. */
export const WALKTHROUGH = 'blast-radius.blast-radius#gettingStarted';

/** View ids (package.json `contributes.views`). */
export const VIEWS = {
  pendingContainer: 'blastRadius',
  pending: 'blastRadius.pending',
  audit: 'blastRadius.audit',
} as const;

/** Context keys the extension sets (`setContext`); `when` clauses in package.json read them. */
export const CONTEXT_KEYS = {
  /** The terminal guard is paused ("Resume Guard" instead of "Pause Guard" in the palette). */
  guardPaused: 'blastRadius.guardPaused',
  /** Something (a risky edit or a held command) waits for review. */
  hasPending: 'blastRadius.hasPending',
  hasPendingEdits: 'blastRadius.hasPendingEdits',
  /** The active editor's file has risky edits waiting for review. */
  activeFileHasPending: 'blastRadius.activeFileHasPending',
  /** The active editor is a Blast Radius review diff of a file with pending edits (its title bar shows Approve, Revert, Next). */
  reviewDiffActive: 'blastRadius.reviewDiffActive',
  /** The audit log view shows only the entries that match a filter. */
  auditFiltered: 'blastRadius.auditFiltered',
} as const;

/** `contextValue` of the items in the pending view (`viewItem == …` in menus). */
export const VIEW_ITEMS = {
  pendingEdit: 'blastRadius.pendingEdit',
  pendingCommand: 'blastRadius.pendingCommand',
  auditEntry: 'blastRadius.auditEntry',
} as const;

/** Theme colours (package.json `contributes.colors`, with dark, light and high-contrast values). */
export const COLORS = {
  criticalBackground: 'blastRadius.criticalBackground',
  highBackground: 'blastRadius.highBackground',
  mediumBackground: 'blastRadius.mediumBackground',
  criticalRuler: 'blastRadius.criticalRuler',
  highRuler: 'blastRadius.highRuler',
  mediumRuler: 'blastRadius.mediumRuler',
  lowRuler: 'blastRadius.lowRuler',
  hintForeground: 'blastRadius.hintForeground',
} as const;

/** Terminal profiles (package.json `contributes.terminal.profiles`). */
export const TERMINAL_PROFILES = {
  /** The person's shell inside `blast-radius sandbox` (src/extension/sandboxTerminal.ts). */
  sandboxed: 'blastRadius.sandboxedTerminal',
} as const;

/** The status bar item's id (people can hide it by this id). */
export const STATUS_BAR_ITEM = 'blastRadius.status';

/** Keys of what the extension keeps in `workspaceState`. */
export const STATE_KEYS = {
  /** Agent-made files and approved contents (src/extension/review). */
  review: 'blastRadius.review.v1',
} as const;

/** Keys of what the extension keeps in `globalState` (for every window). */
export const GLOBAL_STATE_KEYS = {
  /** The walkthrough's scratch repository, reused while it exists (src/extension/walkthrough.ts). */
  scratchRepository: 'blastRadius.scratchRepository',
} as const;

export const SETTINGS_SECTION = 'blastRadius';

/** Setting keys, relative to the `blastRadius` section. */
export const SETTINGS = {
  // The policy (src/core/policy POLICY_SETTINGS names the same keys; a unit test keeps them in step).
  policySeverity: 'policy.severity',
  policyAllow: 'policy.allow',
  policyDeny: 'policy.deny',
  policyDisabledRules: 'policy.disabledRules',
  policyProductionMarkers: 'policy.productionMarkers',
  policyLocalMarkers: 'policy.localMarkers',
  policyProtectedBranches: 'policy.protectedBranches',
  policyCustomRules: 'policy.customRules',
  confirmTimeoutSeconds: 'confirmTimeoutSeconds',
  policyFile: 'policyFile',
  editsReview: 'edits.review',
  guardOfflineBehavior: 'guard.offlineBehavior',
  /** Which clusters the kubectl probe asks (src/core/probe): user settings only. */
  probesKubernetes: 'probes.kubernetes',
} as const;
