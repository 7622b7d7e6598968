/**
 * The one place command ids and setting ids are named. A unit test keeps this file and
 * package.json in step: every id here is contributed, every contributed id is here.
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
  showRule: 'blastRadius.showRule',
  // terminal guard (src/extension/guard)
  pauseGuard: 'blastRadius.pauseGuard',
  resumeGuard: 'blastRadius.resumeGuard',
  showAuditLog: 'blastRadius.showAuditLog',
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
  COMMANDS.showRule,
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
  policyCustomRules: 'policy.customRules',
  confirmTimeoutSeconds: 'confirmTimeoutSeconds',
  policyFile: 'policyFile',
  editsReview: 'edits.review',
  guardOfflineBehavior: 'guard.offlineBehavior',
} as const;
