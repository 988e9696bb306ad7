/**
 * The task pages' German words: statuses, queues, context fields, and the workflow's answer
 * after a completion, said from the structured answer (`step`) and the task's result.
 */
import type { FormSchema } from '../../components/SchemaForm';
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
  advisorId: 'Berater/in',
};

export const contextLabel = (key: string) => CONTEXT_LABELS[key] ?? key;

export function contextValue(value: string | number | boolean | null): string {
  if (value === null || value === '') return '–';
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  return String(value);
}

/** The German title of choice `value` of `field` anywhere in `schema` (or of a union branch). */
export function choiceTitle(schema: FormSchema | undefined, field: string, value: unknown): string | undefined {
  if (!schema) return undefined;
  const property = schema.properties?.[field];
  const titled = property?.oneOf?.find((choice) => choice.const === value)?.title;
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
    default:
      break;
  }
  if ('resolution' in result) return `${choiceTitle(schema, 'resolution', result.resolution) ?? String(result.resolution)}: Die Reparatur ist vermerkt.`;
  if (result.outcome === 'not-interested') return `${outcome ?? 'nicht interessiert'}: Ein Sperrvermerk wird gesetzt.`;
  if (outcome) return `${outcome}: Der Vorgang geht weiter.`;
  if (reached) return `${reached}: Der Vorgang geht weiter.`;
  return 'Erledigt: Der Vorgang geht weiter.';
}
