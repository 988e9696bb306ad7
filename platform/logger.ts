/**
 * Structured logs as JSON lines. Callers pass ids and codes, never personal data: no names,
 * addresses, free-text reasons or contact details go into a log.
 */
export type LogFields = Record<string, string | number | boolean | undefined | null>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export function createLogger(component: string, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const log = (level: string) => (message: string, fields: LogFields = {}) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, component, message, ...fields }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
