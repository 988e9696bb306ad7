/**
 * The API's dependencies for tests: production's settings with test users and a quiet logger.
 */
import type { AppDeps } from '../../api/app';
import { callbackPolicyOf, consentSettingsOf, loadConfig, taskSettingsOf } from '../../platform/config';
import { silentLogger } from '../../platform/logger';
import { testPseudonymOf } from './temporal';
import { testUserRegistry } from './users';

export function appDeps(deps: Pick<AppDeps, 'temporal' | 'taskQueue' | 'db' | 'blocks' | 'tasks' | 'coreBanking' | 'history' | 'evidence' | 'scripts'> & Partial<AppDeps>): AppDeps {
  const config = loadConfig({});
  return {
    consent: consentSettingsOf(config),
    logger: silentLogger,
    users: testUserRegistry,
    blockMaxMonths: config.BLOCK_MAX_MONTHS,
    callbackPolicy: callbackPolicyOf(config),
    taskSettings: taskSettingsOf(config),
    pseudonymOf: testPseudonymOf,
    ...deps,
  };
}
