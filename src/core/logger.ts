/**
 * The small logging interface core code is given. The extension backs it with its
 * LogOutputChannel; the CLI with stderr (only when asked to be verbose).
 * Callers redact secrets before logging.
 */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that drops everything; the default for library calls. */
export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
