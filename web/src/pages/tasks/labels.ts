/**
 * The task pages' German words: statuses, queues, context fields, and the workflow's answer
 * after a completion, said from the structured answer (`step`) and the task's result.
 */
import type { FormSchema } from '../../components/SchemaForm';
import { dateTime } from '../../format';
import type { CompletionAnswer, Task, TaskStatus } from './types';

export const STATUS_LABELS: Record<TaskStatus, string> = {
  open: 'offen',
  claimed: 'übernommen',
  escalated: 'eskaliert',
  completed: 'erledigt',
  cancelled: 'abgebrochen',
};

const QUEUE_LABELS: Record<string, string> = {
  direktberatung: 'Direktberatung',
  supervisor: 'Supervisor',
  backoffice: 'Backoffice',
  operations: 'Betrieb',
  ksc: 'Kunden-Service-Center',
};

export const queueLabel = (queue: string) => QUEUE_LABELS[queue] ?? queue;

/** Context fields of the task types, in German; unknown fields show their key. */
const CONTEXT_LABELS: Record<string, string> = {
  customerId: 'Kundennummer',
  campaignId: 'Kampagne (Kennung)',
  campaign: 'Angebot',
  version: 'Kampagnenversion',
  runId: 'Kampagnenlauf',
  topic: 'Thema',
  preferredTime: 'Wunschzeit',
  note: 'Notiz des Agenten',
  attempt: 'Versuch',
  callbackId: 'Rückruf-ID',
  code: 'Meldung',
  problem: 'Problem',
  sourceWorkflowId: 'Betroffener Prozess',
  product: 'Produkt',
  soldOn: 'Abschluss am',
  timeOfDay: 'Tageszeit',
  script: 'Gesprächseinstieg',
  saleId: 'Verkauf',
  advisorId: 'Berater/in (Kennung)',
  advisorName: 'Berater/in',
  branchId: 'Filiale',
  start: 'Termin',
  channel: 'Art des Termins',
  appointmentId: 'Termin-ID',
  // A social-media reaction case's task.
  caseId: 'Fall',
  network: 'Netzwerk',
  kind: 'Art des Eintrags',
  type: 'Reaktionsart (Vorschlag)',
  rule: 'Erkannt an',
  proposedReply: 'Vorgeschlagene Antwort',
  externalServices: 'Externe Dienste',
  evidence: 'Beweissicherung (SHA-256)',
  link: 'Link',
};

/** Context values that are codes, in German (the appointment's channel). */
const CONTEXT_VALUES: Record<string, Record<string, string>> = {
  channel: { branch: 'in der Filiale', phone: 'am Telefon', video: 'per Video' },
};

/** An ISO instant (`2026-11-26T12:00:00.000Z`), which the page shows in German time. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

export const contextLabel = (key: string) => CONTEXT_LABELS[key] ?? key;

export function contextValue(value: string | number | boolean | null, key?: string): string {
  if (value === null || value === '') return '–';
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  if (typeof value === 'string' && key && CONTEXT_VALUES[key]?.[value]) return CONTEXT_VALUES[key][value];
  if (typeof value === 'string' && INSTANT.test(value)) return `${dateTime(value)} Uhr`;
  return String(value);
}

/**
 * The German title of choice `value` of `field` anywhere in `schema` (or of a union branch); for
 * a list of choices (`sold`: the products), the title of that item.
 */
export function choiceTitle(schema: FormSchema | undefined, field: string, value: unknown): string | undefined {
  if (!schema) return undefined;
  const property = schema.properties?.[field];
  const titled = (property?.oneOf ?? property?.items?.oneOf)?.find((choice) => choice.const === value)?.title;
  if (titled) return titled;
  if (property?.const === value && schema.title) return schema.title;
  for (const branch of schema.oneOf ?? []) {
    const found = choiceTitle(branch, field, value);
    if (found) return found;
  }
  return undefined;
}

function duration(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? 'einer Stunde' : `${minutes / 60} Stunden`;
  return minutes === 1 ? 'einer Minute' : `${minutes} Minuten`;
}

/** "A", "A und B", "A, B und C". */
function listed(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} und ${items[items.length - 1]}`;
}

/** The appointment's outcomes in German, where the schema is not at hand. */
const APPOINTMENT_OUTCOMES = { held: 'Termin fand statt', 'no-show': 'Kunde nicht erschienen', 'cancelled-by-customer': 'Vom Kunden abgesagt' } as const;

/** What comes of a care call that reached the customer, by their wish for further contact. */
const CARE_CALL_FOLLOW_UPS = {
  none: 'Der Nachsorgeanruf ist abgeschlossen.',
  appointment: 'Eine Aufgabe zur Terminvereinbarung öffnet in der Warteschlange.',
  callback: 'Die Direktberatung erhält einen Rückruf.',
} as const;

/** A process whose last task was completed. */
const PROCESS_DONE = { appointment: 'Der Terminprozess ist abgeschlossen.', 'care-call': 'Der Nachsorgeanruf ist abgeschlossen.' } as const;

/** A held appointment: a care call for each product sold, and a task for the follow-up if wanted. */
function heldSentence(products: string[], followUp: boolean): string {
  const sales = products.length === 0 ? 'Kein Produkt abgeschlossen' : `Für ${listed(products)} startet ${products.length > 1 ? 'je ' : ''}ein Nachsorgeanruf`;
  if (followUp) return `${sales}; eine Aufgabe zur Vereinbarung des Folgetermins öffnet.`;
  return products.length === 0 ? `${sales}; der Terminprozess ist beendet.` : `${sales}.`;
}

/**
 * What the process does now, in German: "nicht interessiert: Sperrvermerk für 6 Monate (Thema
 * kreditkarte)". From the answer's `step` where the process gave one; else from the result alone.
 */
export function answerSentence(task: Task, schema: FormSchema | undefined, answer?: Pick<CompletionAnswer, 'step'>): string {
  const result = (task.result ?? {}) as Record<string, unknown>;
  const outcome = 'outcome' in result ? choiceTitle(schema, 'outcome', result.outcome) : undefined;
  const reached = 'reached' in result ? (choiceTitle(schema, 'reached', result.reached) ?? (result.reached ? 'erreicht' : 'nicht erreicht')) : undefined;
  const step = answer?.step;
  switch (step?.kind) {
    case 'blocked':
      return `${outcome ?? 'nicht interessiert'}: Sperrvermerk für ${step.months} Monate (Thema ${step.topic}).`;
    case 'done':
      return `${outcome ?? step.outcome}: Der Rückruf ist abgeschlossen.`;
    case 'next-attempt':
      return `${reached ?? 'nicht erreicht'}: Versuch ${step.attempt} von ${step.of} öffnet in ${duration(step.inMinutes)}.`;
    case 'customer-told':
      return `${reached ?? 'nicht erreicht'}: Das war der letzte Versuch. Der Kunde erhält eine Nachricht, dass wir ihn nicht erreicht haben.`;
    case 'care-call-reached':
      return `${reached ?? 'erreicht'}: ${CARE_CALL_FOLLOW_UPS[step.followUp]}`;
    case 'next-attempt-day':
      return `${reached ?? 'nicht erreicht'}: Versuch ${step.attempt} von ${step.of} öffnet an einem anderen Werktag zu einer anderen Tageszeit.`;
    case 'email-fallback':
      return `${reached ?? 'nicht erreicht'}: Das war der letzte Versuch. Der Kunde erhält eine E-Mail, sofern E-Mail-Kontakt erlaubt ist.`;
    case 'appointment-outcome': {
      const said = outcome ?? APPOINTMENT_OUTCOMES[step.outcome];
      if (step.outcome === 'held') return `${said}: ${heldSentence(step.careCalls.map((code) => choiceTitle(schema, 'sold', code) ?? code), step.followUp)}`;
      if (step.outcome === 'no-show') return `${said}: Die Direktberatung erhält einen Rückruf, um einen neuen Termin zu vereinbaren.`;
      return `${said}: Der Terminprozess ist abgeschlossen.`;
    }
    case 'process-done':
      return `${outcome ?? 'Erledigt'}: ${PROCESS_DONE[step.process]}`;
    default:
      break;
  }
  if ('resolution' in result) return `${choiceTitle(schema, 'resolution', result.resolution) ?? String(result.resolution)}: Die Reparatur ist vermerkt.`;
  if (result.outcome === 'not-interested') return `${outcome ?? 'nicht interessiert'}: Ein Sperrvermerk wird gesetzt.`;
  if (outcome) return `${outcome}: Der Vorgang geht weiter.`;
  if (reached) return `${reached}: Der Vorgang geht weiter.`;
  return 'Erledigt: Der Vorgang geht weiter.';
}
