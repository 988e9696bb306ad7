/**
 * The social-media cases' German words: networks, kinds of entries, reaction types (as
 * `domain/social-reaction.ts` names them; the web app may not import it), statuses, steps and
 * alert channels, and the API's conflicts as sentences.
 */
import { ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import type { CaseStatus, CaseType, EscalationChannel, EscalationStatus, PostKind, SocialNetwork } from './types';

export const NETWORK_LABELS: Record<SocialNetwork, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
  tiktok: 'TikTok',
};

export const KIND_LABELS: Record<PostKind, string> = { post: 'Beitrag', comment: 'Kommentar', message: 'Direktnachricht' };

export const TYPE_LABELS: Record<CaseType, string> = {
  'lost-card': 'Karte verloren',
  'reputation-risk': 'Reputationsrisiko',
  'broken-atm': 'Störung Geldautomat / SB-Bereich',
  'product-question': 'Produktfrage',
  unclassified: 'Nicht zugeordnet',
  'no-reaction': 'keine Reaktion nötig',
};

export const STATUS_LABELS: Record<CaseStatus, string> = {
  'waiting-for-team': 'wartet auf das Social-Media-Team',
  'waiting-for-acknowledgement': 'wartet auf Bestätigung der Eskalation',
  done: 'abgeschlossen',
  cancelled: 'abgebrochen',
};

export const ESCALATION_LABELS: Record<EscalationStatus, string> = { running: 'läuft, unbestätigt', acknowledged: 'bestätigt', exhausted: 'ausgeschöpft' };

export const CHANNEL_LABELS: Record<EscalationChannel, string> = { mail: 'E-Mail', sms: 'SMS', call: 'Anruf' };

export const SERVICE_LABELS: Record<string, string> = {
  maintenance: 'Wartungsdienst',
  'cash-transport': 'Werttransportunternehmen',
  facility: 'Haustechnik',
  security: 'Sicherheitsdienst',
  cleaning: 'Reinigungsdienst',
};

const STEP_LABELS: Record<string, string> = {
  received: 'Eingegangen und nach Regeln eingestuft',
  'evidence-preserved': 'Als Beweis gesichert',
  escalated: 'Eskalationsstufe alarmiert',
  classified: 'Vom Social-Media-Team eingestuft',
  replied: 'Öffentlich geantwortet',
  'reply-refused': 'Antwort vom Netzwerk abgelehnt',
  'external-service-notified': 'Externen Dienstleister benachrichtigt',
  'external-service-not-configured': 'Für den Dienstleister ist keine Adresse hinterlegt',
  acknowledged: 'Eskalation bestätigt',
  'escalation-exhausted': 'Eskalationskette ausgeschöpft',
  done: 'Fall abgeschlossen',
};

/** A step of the case in German; an unknown step shows its name. */
export const stepLabel = (step: string) => STEP_LABELS[step] ?? step;

/** One delivery of an alert (`mail:…`, `sms:…`, `call:to-be-made`) as a phrase. */
export function sentLabel(sent: string): string {
  const colon = sent.indexOf(':');
  const channel = sent.slice(0, colon);
  const to = sent.slice(colon + 1);
  if (channel === 'mail') return `E-Mail an ${to}`;
  if (channel === 'sms') return `SMS an ${to}`;
  if (channel === 'call') return 'Anruf: von einer Person zu führen (kein automatischer Anruf)';
  return sent;
}

/** "Facebook-Kommentar" and the like. */
export const entryLabel = (network: SocialNetwork, kind: PostKind) => `${NETWORK_LABELS[network]}-${KIND_LABELS[kind]}`;

/** The API's refusals of an acknowledgement as sentences; anything else as every page says it. */
export function describeSocialError(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    if (error.message.includes('SOCIAL_CASE_NOT_ESCALATING')) return 'Dieser Fall hat keine Eskalation, die bestätigt werden könnte.';
    if (error.message.includes('SOCIAL_CASE_CLOSED')) return 'Der Fall ist bereits abgeschlossen; es gibt nichts mehr zu bestätigen.';
  }
  return describeError(error);
}
