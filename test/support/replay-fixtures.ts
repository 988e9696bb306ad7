/**
 * Stored workflow histories for replay tests. Their payloads are encrypted like production's,
 * with a key that exists only for these fixtures (the customers in them are synthetic).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createDataConverter } from '../../platform/temporal';

export const REPLAY_FIXTURE_KEY = createHash('sha256').update('drehscheibe replay fixtures; synthetic data only').digest();
export const replayDataConverter = createDataConverter(REPLAY_FIXTURE_KEY);
export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');
