/**
 * The API's dependencies for tests: production's settings with test users and a quiet logger.
 */
import type { AppDeps } from '../../api/app';
import { PrismaChatTranscriptStore } from '../../prisma/chat-transcript.repository';
import { callbackPolicyOf, chatSettingsOf, consentSettingsOf, loadConfig, socialSettingsOf, taskSettingsOf } from '../../platform/config';
import { TEST_CHAT_HOURS, TEST_SOCIAL, TEST_TRANSCRIPT_KEY, TEST_WHATSAPP } from './system';
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
    // As the test system's worker: open round the clock, one router per task queue.
    chat: {
      router: { hours: TEST_CHAT_HOURS, cap: 4 },
      conversation: { ...chatSettingsOf(config).conversation, hours: TEST_CHAT_HOURS },
      whatsapp: { appSecret: TEST_WHATSAPP.appSecret, verifyToken: TEST_WHATSAPP.verifyToken, replayWindowMinutes: config.WHATSAPP_REPLAY_WINDOW_MINUTES },
      routerId: `chat-router-${deps.taskQueue}`,
      transcripts: new PrismaChatTranscriptStore(deps.db.client, TEST_TRANSCRIPT_KEY),
    },
    social: { webhookSecret: TEST_SOCIAL.webhookSecret, settings: socialSettingsOf(config) },
    ...deps,
  };
}
