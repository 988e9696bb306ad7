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

/**
 * `logger` with `fields()` added to every line (a line's own fields win), e.g. the request id of
 * the request the line is written in (platform/request-context.ts). A plain wrapper rather than
 * a logging library: the lines stay the JSON lines operators already parse.
 */
export function withFields(logger: Logger, fields: () => LogFields): Logger {
  const log = (write: Logger['info']) => (message: string, own: LogFields = {}) => write(message, { ...fields(), ...own });
  return { info: log(logger.info.bind(logger)), warn: log(logger.warn.bind(logger)), error: log(logger.error.bind(logger)) };
}
