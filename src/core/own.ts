/**
 * A table's own entry for a name that came from the command line. Program names, subcommands
 * and options are user input: `toString`, `constructor` or `__proto__` must find nothing, not
 * what every object inherits.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
