/** The words that mark a production target, for the rules of both engines. */

/** Name parts that mark production, lowercase. Policies add more (`productionMarkers`). */
export const DEFAULT_PRODUCTION_MARKERS: readonly string[] = ['prod', 'production', 'live', 'prd'];

/** The built-in markers and the extra ones (policy, caller), lowercase, without repeats. */
export function productionMarkers(extra: readonly string[] = []): string[] {
  return [...new Set([...DEFAULT_PRODUCTION_MARKERS, ...extra.map((m) => m.toLowerCase())])];
}
