/**
 * How activities retry, named by what the step promises. One place, so every process retries the
 * same kind of step the same way.
 */
import type { RetryPolicy } from '@temporalio/workflow';

/** Our own database write (a projection, evidence, a task row): keep trying until it is written. */
export const UNTIL_STORED: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' };

/** A delivery to another system (core banking write-through, email): keep trying, however long it is away. */
export const UNTIL_DELIVERED: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' };

/**
 * How long a step that "keeps trying" may keep trying: then it fails, the process's failure path
 * runs (tasks closed, a repair task and an alert for operations). Without a bound a step retries
 * forever and nobody learns of it.
 */
export const STORE_WITHIN = '24 hours';
/** The bound for deliveries to other systems, which may be away over a long weekend. */
export const DELIVER_WITHIN = '4 days';

/** A read while an agent waits on the call: a few quick tries, then the step fails and the agent goes on. */
export const WHILE_AGENT_WAITS: RetryPolicy = { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '2 seconds', maximumAttempts: 4 };
