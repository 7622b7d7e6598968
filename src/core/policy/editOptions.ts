import type { EditOptions } from '../edit/types';
import type { ResolvedPolicy } from './types';

/** The edit engine's options that come from a policy (the command judge comes from the caller). */
export type PolicyEditOptions = Required<Omit<EditOptions, 'commandJudge'>>;

/**
 * What the edit engine runs with under a policy: its size limit (`edits.maxFileBytes`) and the
 * rules it leaves out — the edit rules of `edits.disabledRules` and any rule of `disabledRules`
 * (the `blastRadius.policy.disabledRules` setting switches a rule off wherever it would fire).
 * The agent hooks and the editor's edit review both take their options from here, so the same
 * change is judged the same way in both.
 */
export function editOptionsFor(policy: ResolvedPolicy): PolicyEditOptions {
  return {
    disabledRules: [...new Set([...policy.disabledRules, ...policy.edits.disabledRules])],
    maxBytes: policy.edits.maxFileBytes,
  };
}
