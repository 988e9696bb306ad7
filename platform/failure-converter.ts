/**
 * The failure converter every client, worker and workflow sandbox loads (by path: the workflow
 * bundle needs it as a module). `encodeCommonAttributes` moves a failure's message and stack
 * into an encoded payload, which the payload codec then encrypts like every other payload.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
