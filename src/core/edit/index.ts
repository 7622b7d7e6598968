/** The edit risk engine's public surface. */
export { analyzeEdit, analyzeEditWith, decodeContent } from './analyze';
export { detectFile, normalisePath } from './kinds';
export { EDIT_RULES } from './rules/index';
export type { EditRule, FileKind, FileInfo } from './rule';
export * from './types';
