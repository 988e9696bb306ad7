/**
 * The social-media cases' API shapes as the pages use them (`GET /social-cases`,
 * `GET /social-cases/{id}`; see the OpenAPI document). The web app may not import the server's
 * domain, so these mirror `domain/social-case.ts`.
 */

export type SocialNetwork = 'facebook' | 'instagram' | 'x' | 'linkedin' | 'youtube' | 'tiktok';
export type PostKind = 'post' | 'comment' | 'message';
export type ReactionType = 'lost-card' | 'reputation-risk' | 'broken-atm' | 'product-question';
/** What the rules found, or the agent's type once the task is completed. */
export type CaseType = ReactionType | 'unclassified' | 'no-reaction';
export type CaseStatus = 'waiting-for-team' | 'waiting-for-acknowledgement' | 'done' | 'cancelled';
export type EscalationStatus = 'running' | 'acknowledged' | 'exhausted';
export type EscalationChannel = 'mail' | 'sms' | 'call';

/** A case in the list: no text, no author. */
export interface SocialCaseSummary {
  caseId: string;
  network: SocialNetwork;
  postId: string;
  kind: PostKind;
  type: CaseType;
  dueAt: string;
  status: CaseStatus;
  postedAt: string;
  taskId?: string;
  escalation?: { status: EscalationStatus; level: number };
  /** When the team completed its task; absent while the reaction is owed. */
  reactedAt?: string;
  /** Grows with every step: the page reads the case again only when it changed. */
  stepCount: number;
}

export interface SocialAlert {
  level: number;
  contact: string;
  at: string;
  channels: EscalationChannel[];
  /** `mail:<address>`, `sms:<number>`, `call:to-be-made`. */
  sent: string[];
}

/** One case with the post (personal data: shown in the detail only). */
export interface SocialCaseState {
  caseId: string;
  network: SocialNetwork;
  postId: string;
  kind: PostKind;
  author: { handle: string; name?: string };
  text: string;
  postedAt: string;
  receivedAt: string;
  classified: { type: ReactionType | 'unclassified'; rule?: string; alsoMatched: ReactionType[]; externalServices: string[] };
  type: CaseType;
  dueAt: string;
  status: CaseStatus;
  taskId?: string;
  reply?: { text: string; at: string; by: string; replyId?: string; failed?: string };
  notified: Array<{ service: string; to: string[]; at: string }>;
  evidence?: { content: string; postedAt: string; capturedAt: string; sha256: string };
  escalation?: {
    status: EscalationStatus;
    startedAt: string;
    alerts: SocialAlert[];
    acknowledgedBy?: string;
    acknowledgedAt?: string;
    exhaustedAt?: string;
  };
  steps: Array<{ at: string; step: string; by: string; detail?: string }>;
}

/** A case no longer waits for anyone. */
export const isClosed = (status: CaseStatus) => status === 'done' || status === 'cancelled';
