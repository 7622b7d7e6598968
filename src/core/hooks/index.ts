/** Agent hooks: reading each agent's pre-tool-use payload and answering in its dialect. */
export * from './types';
export { parseHookPayload, detectAgent } from './parse';
export { formatDecision, formatUnreadable, canAsk } from './format';
export { buildAfterContent, parseApplyPatch } from './afterContent';
export { answerFromEditor, answerFromPolicy, answerFromPerson, cannotJudge, reasonFor, subjectOf } from './decide';
export type { Judgement, JudgedFinding } from './decide';
