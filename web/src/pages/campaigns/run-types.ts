/**
 * Campaign runs as the web app reads them (issue 12): the dry run's report
 * (`POST /campaigns/{id}/versions/{n}/dry-run`), the launch (`POST …/launch`), a campaign's runs
 * (`GET /campaigns/{id}/runs`) and one run's progress (`GET /campaign-runs/{runId}`).
 */
import type { OutcomeCode } from './types';

/** A count per reason, with the API's label (a run's stops at dial carry none). */
export interface ReasonCount {
  key: string;
  label?: string;
  count: number;
}

export type OutcomeCounts = Partial<Record<OutcomeCode, number>>;

/** The body of `POST /campaigns/{id}/versions/{n}/dry-run`. */
export interface DryRunRequest {
  months: number;
  population?: number;
  pacing?: { maxOpenTasks?: number; maxNewTasksPerHour?: number };
  answers?: { reachRate?: number; withdrawalRatePerMonth?: number };
}

/** Its answer. */
export interface DryRunReport {
  campaignId: string;
  version: number;
  from: string;
  to: string;
  months: number;
  population: number;
  selected: number;
  excluded: ReasonCount[];
  excludedCustomers: number;
  calls: number;
  reached: number;
  outcomes: OutcomeCounts;
  notContactable: number;
  stoppedAtDial: ReasonCount[];
  stillWaiting: number;
  callsPerCustomer: Array<{ calls: number; customers: number }>;
  callsPerWeek: Array<{ week: string; queue: string; calls: number }>;
  forbiddenContacts: number;
  assumptions: string[];
  durationMs: number;
}

export type RunStatus = 'selecting' | 'running' | 'paused' | 'cancelled' | 'completed';

/** `POST /campaigns/{id}/versions/{n}/launch` → 202. */
export interface LaunchAnswer {
  runId: string;
  campaignId: string;
  version: number;
  status: RunStatus;
}

/** One run in `GET /campaigns/{id}/runs`. */
export interface RunListItem {
  runId: string;
  version: number;
  status: RunStatus;
  launchedAt: string;
  launchedBy: string;
}

/** `GET /campaign-runs/{runId}`, and the answer of pause, resume and cancel. */
export interface RunProgress {
  runId: string;
  campaignId: string;
  version: number;
  status: RunStatus;
  launchedBy: string;
  launchedAt: string;
  /** The queue its call tasks go to. */
  queue?: string;
  cancelReason?: string;
  endedAt?: string;
  selection: { read: number; selected: number; excluded: ReasonCount[] };
  counts: { waiting: number; released: number; taskOpen: number; reached: number; notContactable: number; stopped: number; cancelled: number };
  outcomes: OutcomeCounts;
  stoppedAtDial: ReasonCount[];
  series: Array<{ day: string; released: number; reached: number; ended: number }>;
}

/** A run's status in words. */
export const RUN_STATUS: Record<RunStatus, string> = {
  selecting: 'Auswahl läuft',
  running: 'läuft',
  paused: 'pausiert',
  cancelled: 'abgebrochen',
  completed: 'abgeschlossen',
};
export const runStatusText = (status: string) => RUN_STATUS[status as RunStatus] ?? status;

/** Statuses after which nothing changes any more. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set<RunStatus>(['cancelled', 'completed']);

export const runPath = (runId: string) => `/campaign-runs/${encodeURIComponent(runId)}`;
export const runPagePath = (campaignId: string, runId: string) => `/kampagnen/${encodeURIComponent(campaignId)}/laeufe/${encodeURIComponent(runId)}`;

const numberFormat = new Intl.NumberFormat('de-DE');
/** "12.345" */
export const count = (value: number) => numberFormat.format(value);

/**
 * The contact policy's reasons by their code, in German (the API's label of a policy reason is the
 * policy's English message); other reasons (a campaign's criteria) carry German labels already.
 */
const POLICY_REASONS: Record<string, string> = {
  'no-phone-consent': 'Keine Einwilligung in Werbung per Telefon',
  'no-email-consent': 'Keine Einwilligung in Werbung per E-Mail',
  'no-messenger-consent': 'Keine Einwilligung in Werbung per Messenger',
  'no-phone-number': 'Keine Telefonnummer im Kernbankensystem',
  minor: 'Minderjährig: keine Werbung',
  blocked: 'Sperrvermerk zum Thema',
  'contact-cap-reached': 'Höchstzahl werblicher Kontakte erreicht',
  'outside-calling-hours': 'Außerhalb der Anrufzeiten',
  'public-holiday': 'Feiertag im Bundesland des Kunden',
};

/** A reason count as a bar: the German word for a policy code, else the API's label. */
export const reasonRow = (reason: ReasonCount) => ({ key: reason.key, label: POLICY_REASONS[reason.key] ?? reason.label ?? reason.key, value: reason.count });
