/**
 * Alert lines in the log: one JSON line per alert, level `error`, message `ALERT`, with the
 * stable code in `alert`. The operators' log shipping pages on these (README "Alerts").
 */
import type { Alerts } from '../activities/ports';
import type { Logger } from '../platform/logger';

export function loggedAlerts(logger: Logger): Alerts {
  return {
    raise: ({ code, workflowId, message }) => logger.error('ALERT', { alert: code, workflowId, detail: message }),
  };
}
