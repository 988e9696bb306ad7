/**
 * The draft editor's form: a definition as the strings of form fields, and back. Fields the form
 * does not show (queues, a trigger other than service requests, anything newer) are kept from the
 * definition the draft was loaded with, so a save changes only what the person changed. Numbers
 * are sent as typed: the API says what is wrong with them, beside the field.
 */
import { OUTCOMES } from './labels';
import type { CampaignDefinition, OutcomeCode } from './types';

export interface OutcomeRow {
  outcome: OutcomeCode;
  on: boolean;
  say: string;
}

export interface DraftForm {
  name: string;
  description: string;
  processes: string[];
  offerTitle: string;
  offerArgument: string;
  offerProduct: string;
  offerTopic: string;
  offerAppointmentTopic: string;
  opening: string;
  objections: Array<{ key: number; objection: string; answer: string }>;
  /** All five outcomes: first those of the definition in its order, then the others. */
  outcomes: OutcomeRow[];
  blockMonths: string;
  careCallDelayDays: string;
  priority: string;
  capsPerCustomer: string;
  capsPerCustomerDays: string;
  validFrom: string;
  validUntil: string;
  criteria: string;
  exclusions: string;
}

/** A form field's key for messages: a `DraftForm` key, or `objections.N.objection|answer`, `outcomes.CODE`. */
export type FieldKey = string;

let rowKey = 0;
export const nextRowKey = () => ++rowKey;

const text = (value: number | undefined) => (value === undefined ? '' : String(value));
const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export function formOf(definition: CampaignDefinition): DraftForm {
  const chosen = definition.outcomes.map((rule) => rule.outcome);
  const order = [...chosen, ...OUTCOMES.map((outcome) => outcome.code).filter((code) => !chosen.includes(code))];
  return {
    name: definition.name,
    description: definition.description ?? '',
    processes: definition.trigger.kind === 'service-request' ? [...definition.trigger.processes] : [],
    offerTitle: definition.offer.title,
    offerArgument: definition.offer.argument,
    offerProduct: definition.offer.product ?? '',
    offerTopic: definition.offer.topic,
    offerAppointmentTopic: definition.offer.appointmentTopic ?? '',
    opening: definition.script.opening,
    objections: (definition.script.objections ?? []).map((row) => ({ key: nextRowKey(), objection: row.objection, answer: row.answer })),
    outcomes: order.map((outcome) => {
      const rule = definition.outcomes.find((candidate) => candidate.outcome === outcome);
      return { outcome, on: rule !== undefined, say: rule?.say ?? '' };
    }),
    blockMonths: text(definition.blockMonths),
    careCallDelayDays: text(definition.careCallDelayDays),
    priority: text(definition.priority),
    capsPerCustomer: text(definition.caps?.perCustomer),
    capsPerCustomerDays: text(definition.caps?.perCustomerDays),
    validFrom: definition.validFrom ?? '',
    validUntil: definition.validUntil ?? '',
    criteria: pretty(definition.criteria),
    exclusions: pretty(definition.exclusions ?? []),
  };
}

/** A number field's value for the API: a number when it is one, else the text (the API refuses it with the field). */
function numberOf(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function withOptional<T extends object>(target: T, key: string, value: unknown): T {
  if (value === undefined || value === '') delete (target as Record<string, unknown>)[key];
  else (target as Record<string, unknown>)[key] = value;
  return target;
}

/**
 * The definition to send, built on `base` (the definition the draft was loaded with); or the
 * fields whose text is no JSON yet, which the form says before sending anything.
 */
export function definitionOf(form: DraftForm, base: CampaignDefinition): { definition: CampaignDefinition } | { problems: Record<FieldKey, string> } {
  const problems: Record<FieldKey, string> = {};
  const parse = (field: 'criteria' | 'exclusions') => {
    try {
      return JSON.parse(form[field]) as unknown;
    } catch (error) {
      problems[field] = `Kein gültiges JSON: ${(error as Error).message}`;
      return undefined;
    }
  };
  const criteria = parse('criteria');
  const exclusions = parse('exclusions');
  if (Object.keys(problems).length > 0) return { problems };

  const definition: CampaignDefinition = structuredClone(base);
  definition.name = form.name;
  withOptional(definition, 'description', form.description.trim() === '' ? undefined : form.description);
  if (definition.trigger.kind === 'service-request') definition.trigger = { kind: 'service-request', processes: form.processes };
  definition.criteria = criteria as CampaignDefinition['criteria'];
  definition.exclusions = exclusions as CampaignDefinition['exclusions'];
  const offer = { ...definition.offer, title: form.offerTitle, argument: form.offerArgument, topic: form.offerTopic };
  withOptional(offer, 'product', form.offerProduct);
  withOptional(offer, 'appointmentTopic', form.offerAppointmentTopic);
  definition.offer = offer;
  definition.script = { ...definition.script, opening: form.opening, objections: form.objections.map(({ objection, answer }) => ({ objection, answer })) };
  definition.outcomes = form.outcomes.filter((row) => row.on).map((row) => (row.say.trim() === '' ? { outcome: row.outcome } : { outcome: row.outcome, say: row.say }));
  withOptional(definition, 'blockMonths', numberOf(form.blockMonths));
  withOptional(definition, 'careCallDelayDays', numberOf(form.careCallDelayDays));
  withOptional(definition, 'priority', numberOf(form.priority));
  const caps = { ...(definition.caps ?? {}) };
  withOptional(caps, 'perCustomer', numberOf(form.capsPerCustomer));
  withOptional(caps, 'perCustomerDays', numberOf(form.capsPerCustomerDays));
  definition.caps = caps;
  withOptional(definition, 'validFrom', form.validFrom);
  withOptional(definition, 'validUntil', form.validUntil);
  return { definition };
}

/**
 * The form field an API error path belongs to (`definition.script.opening` → `opening`,
 * `definition.outcomes.1.say` → `outcomes.<code of the second outcome sent>`); undefined for a
 * path the form has no field for.
 */
export function fieldOfPath(path: string, sent: CampaignDefinition | undefined): FieldKey | undefined {
  const parts = path.replace(/^(body\.)?definition\.?/, '').split('.');
  const [head, second, third, fourth] = parts;
  switch (head) {
    case 'name':
    case 'description':
    case 'priority':
    case 'blockMonths':
    case 'careCallDelayDays':
    case 'validFrom':
    case 'validUntil':
    case 'criteria':
    case 'exclusions':
      return head;
    case 'trigger':
      return 'processes';
    case 'offer':
      return second ? `offer${second.charAt(0).toUpperCase()}${second.slice(1)}` : 'offerTitle';
    case 'script':
      if (second === 'opening') return 'opening';
      if (second === 'objections' && third !== undefined && fourth) return `objections.${third}.${fourth}`;
      return 'objections';
    case 'outcomes': {
      const outcome = third !== undefined && second !== undefined ? sent?.outcomes[Number(second)]?.outcome : undefined;
      return outcome ? `outcomes.${outcome}` : 'outcomes';
    }
    case 'caps':
      return second === 'perCustomerDays' ? 'capsPerCustomerDays' : 'capsPerCustomer';
    default:
      return undefined;
  }
}
