/**
 * Process settings the workflow suites share: short, round numbers that make simulated time easy
 * to reason about (a callback attempt every four hours, tasks escalating to the supervisors).
 */
import { DIREKTBERATUNG_HOURS, type CallbackPolicy } from '../../domain/callback';
import type { TaskBoardSettings } from '../../domain/task';

export const TEST_CALLBACK_POLICY: CallbackPolicy = {
  queue: 'direktberatung',
  mailbox: ['direktberatung@bank.example'],
  slaMinutes: 120,
  reminderMinutesBeforeDue: 30,
  maxAttempts: 3,
  attemptSpacingMinutes: 240,
  transferTimeoutSeconds: 1,
  blockMonths: 6,
  workingHours: DIREKTBERATUNG_HOURS,
};

export const TEST_TASK_SETTINGS: TaskBoardSettings = {
  escalationQueue: 'supervisor',
  escalationEmail: ['ksc-leitung@bank.example'],
  reminderEmail: ['direktberatung@bank.example'],
  appBaseUrl: 'http://drehscheibe.test',
  operationsQueue: 'operations',
  repairDueMinutes: 240,
};
