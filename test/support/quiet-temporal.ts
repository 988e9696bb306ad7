/**
 * Temporal's worker logs at INFO by default, which buries test results; tests want warnings and
 * errors only. Installed once per test worker process, before any suite touches the runtime.
 */
import { IllegalStateError } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch (error) {
  // The runtime is a per-process singleton; a later suite in the same jest worker finds it
  // installed (quiet) already. Anything else is a real problem.
  if (!(error instanceof IllegalStateError)) throw error;
}
