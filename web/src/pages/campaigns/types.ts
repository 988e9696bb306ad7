/**
 * The campaign endpoints' answers as the editor reads them (`GET /campaigns`, `GET /campaigns/{id}`,
 * `GET /campaigns/{id}/versions/{n}`, `GET /campaigns/{id}/diff`). The definition is kept loosely
 * typed where the editor only passes it on: the API validates it, and a field the editor does
 * not know survives a save untouched.
 */

/** A rule of the criteria language as JSON (the API checks its shape). */
export type CriterionJson = { kind: string; [key: string]: unknown };

export type OutcomeCode = 'interested-transfer' | 'interested-callback' | 'interested-appointment' | 'not-interested' | 'maybe-later';

export interface CampaignDefinition {
  name: string;
  description?: string;
  trigger: { kind: 'service-request'; processes: string[] } | { kind: 'selection' } | { kind: 'event'; event: string };
  criteria: CriterionJson;
  exclusions?: CriterionJson[];
  offer: { product?: string; topic: string; title: string; argument: string; appointmentTopic?: string };
  script: { opening: string; objections?: Array<{ objection: string; answer: string }> };
  outcomes: Array<{ outcome: OutcomeCode; say?: string }>;
  blockMonths?: number;
  careCallDelayDays?: number;
  priority?: number;
  caps?: { perCustomer?: number; perCustomerDays?: number };
  validFrom?: string;
  validUntil?: string;
  queues?: { direktberatung?: string; outbound?: string };
  [key: string]: unknown;
}

/** One campaign in `GET /campaigns`. */
export interface CampaignListItem {
  campaignId: string;
  name: string;
  triggerKind: string;
  liveVersion?: number;
  livePublishedAt?: string;
  draft?: { revision: number; name: string; triggerKind: string; unpublishedChanges: boolean; updatedAt: string; updatedBy: string };
  updatedAt?: string;
}

export interface CampaignDraft {
  campaignId: string;
  revision: number;
  definition: CampaignDefinition;
  sha256: string;
  updatedAt: string;
  updatedBy: string;
  createdAt: string;
  createdBy: string;
  liveVersion?: number;
  unpublishedChanges: boolean;
}

export interface CampaignVersionSummary {
  version: number;
  name: string;
  triggerKind: string;
  sha256: string;
  draftRevision: number;
  publishedAt: string;
  publishedBy: string;
}

/** `GET /campaigns/{id}`. */
export interface CampaignView {
  campaignId: string;
  liveVersion?: number;
  draft?: CampaignDraft;
  versions: CampaignVersionSummary[];
}

/** `GET /campaigns/{id}/versions/{n}`. */
export interface CampaignVersionView {
  campaignId: string;
  version: number;
  definition: CampaignDefinition;
  publishedAt: string;
  publishedBy: string;
  sha256: string;
  draftRevision: number;
  live: boolean;
}

/** `POST /campaigns/{id}/publish`. */
export interface PublishedAnswer {
  campaignId: string;
  version: number;
  draftRevision: number;
  sha256: string;
  publishedAt: string;
  publishedBy: string;
}

export type JsonChange =
  | { op: 'added'; path: string; after: unknown }
  | { op: 'removed'; path: string; before: unknown }
  | { op: 'changed'; path: string; before: unknown; after: unknown };

/** `GET /campaigns/{id}/diff`. */
export interface CampaignDiff {
  campaignId: string;
  from: number;
  to: number | 'draft';
  toRevision?: number;
  changes: JsonChange[];
}

/** `GET /service-processes`. */
export interface ServiceProcesses {
  processes: Array<{ process: string; title: string }>;
}
