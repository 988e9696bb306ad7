/**
 * The task types a person completes, each with the JSON Schema of its result, so the web app
 * generates the completion form from the same zod schema that the API and the workflow's update
 * validator check (no per-type form code anywhere else).
 *
 * The schema is zod's `z.toJSONSchema` of the result's input with German labels: `title` (and
 * `description`) of fields and of the branches of a discriminated union come from the schema's
 * `.meta()` in the domain; string choices are written as `oneOf: [{ const, title }]` (plain JSON
 * Schema, equivalent to `enum`) with the German label of each choice from `CHOICE_TITLES` below.
 * The care call's cancellation reasons are configuration (`CARE_CANCELLATION_REASONS`): their
 * choices and labels come from the configured list (`careCall.cancellationReasons`).
 * `minLength`/`maxLength` of free text count the characters left after trimming surrounding
 * whitespace, as zod checks them.
 */
import { Router } from 'express';
import { z } from 'zod';
import { cancellationReasonsOf, CARE_PRODUCTS, DEFAULT_CANCELLATION_REASONS, type CancellationReason, type CareCallPolicy } from '../domain/care-call';
import { configuredResultSchemas, TASK_RESULT_SCHEMAS } from '../domain/task';
import { name } from '../domain/text';
import { allow } from './auth';
import { parseRequest } from './validation';

type JsonSchema = Record<string, unknown>;

/** One task type as the API describes it. */
export interface TaskTypeDescription {
  type: string;
  version: number;
  /** German name of the type, e.g. `Rückrufversuch`. */
  title: string;
  /** JSON Schema (draft 2020-12) of the result that completes a task of this type. */
  schema: JsonSchema;
}

/** The labels of cancellation reasons by code. */
const reasonTitles = (reasons: readonly CancellationReason[]) => Object.fromEntries(reasons.map((reason) => [reason.code, reason.title]));

/**
 * German labels of string choices, by task type (`type@version`) and field. Every choice of every
 * result schema has one (test/task-types.api.test.ts keeps it so). The care call's cancellation
 * reasons here are the default list; a configured list brings its own labels.
 */
export const CHOICE_TITLES: Record<string, Record<string, Record<string, string>>> = {
  'callback-attempt@1': {
    outcome: {
      'appointment-wanted': 'Termin gewünscht',
      sold: 'verkauft',
      'not-interested': 'nicht interessiert',
      other: 'anderes Ergebnis',
    },
  },
  'repair@1': {
    resolution: {
      fixed: 'behoben',
      'no-action-needed': 'nichts zu tun',
    },
  },
  'care-call@1': {
    satisfaction: {
      '1': '1 – sehr zufrieden',
      '2': '2 – zufrieden',
      '3': '3 – teils, teils',
      '4': '4 – unzufrieden',
      '5': '5 – sehr unzufrieden',
    },
    followUp: {
      none: 'kein weiterer Kontakt',
      appointment: 'Beratungstermin',
      callback: 'Rückruf der Direktberatung',
    },
    cancellationReason: reasonTitles(DEFAULT_CANCELLATION_REASONS),
  },
  'care-appointment@1': {
    outcome: {
      booked: 'Termin vereinbart',
      'not-wanted': 'doch kein Termin gewünscht',
      'not-reached': 'nicht erreicht',
    },
  },
  'appointment-outcome@1': {
    // The products as the care call names them (Girokonto, Mastercard Gold, …).
    sold: Object.fromEntries(Object.entries(CARE_PRODUCTS).map(([code, product]) => [code, product.title])),
  },
  'appointment-follow-up@1': {
    outcome: {
      booked: 'Folgetermin vereinbart',
      'not-wanted': 'doch kein Folgetermin gewünscht',
      'not-reached': 'nicht erreicht',
    },
  },
  'social-reaction@1': {
    type: {
      'lost-card': 'Karte verloren (Hinweis auf Sperr-Notruf 116 116)',
      'reputation-risk': 'Reputationsrisiko (Beweissicherung und Eskalation)',
      'broken-atm': 'Störung Geldautomat / SB-Bereich',
      'product-question': 'Produktfrage (Antwort mit Link)',
      'no-reaction': 'keine Reaktion nötig',
    },
    externalServices: {
      maintenance: 'Wartungsdienst',
      'cash-transport': 'Werttransportunternehmen',
      facility: 'Haustechnik',
      security: 'Sicherheitsdienst',
      cleaning: 'Reinigungsdienst',
    },
  },
  'campaign-call@1': {
    outcome: {
      'interested-transfer': 'Interesse: möchte mehr erfahren (Rückruf der Direktberatung)',
      'interested-callback': 'Interesse: Rückruf der Direktberatung',
      'interested-appointment': 'Interesse: Beratungstermin',
      'not-interested': 'kein Interesse',
      'maybe-later': 'vielleicht später',
    },
  },
};

/** Replaces each string `enum` of a property with `oneOf` of titled constants, recursively. */
function withChoiceTitles(schema: unknown, titles: Record<string, Record<string, string>>, field?: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withChoiceTitles(item, titles, field));
  if (!schema || typeof schema !== 'object') return schema;
  const node = schema as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, withChoiceTitles(property, titles, name)]));
    } else if (key === 'enum' && Array.isArray(value) && value.every((choice) => typeof choice === 'string')) {
      const labels = (field && titles[field]) || {};
      out.oneOf = (value as string[]).map((choice) => ({ const: choice, title: labels[choice] ?? choice }));
    } else {
      out[key] = withChoiceTitles(value, titles, field);
    }
  }
  return out;
}

/**
 * Every task type with its result schema, labelled in German; the care call's cancellation
 * reasons as `careCall` configures them (default: {@link DEFAULT_CANCELLATION_REASONS}).
 */
export function describeTaskTypes(careCall: Pick<CareCallPolicy, 'cancellationReasons'> = {}): TaskTypeDescription[] {
  const schemas = { ...TASK_RESULT_SCHEMAS, ...configuredResultSchemas(careCall) };
  const titles: typeof CHOICE_TITLES = {
    ...CHOICE_TITLES,
    'care-call@1': { ...CHOICE_TITLES['care-call@1'], cancellationReason: reasonTitles(cancellationReasonsOf(careCall)) },
  };
  return Object.entries(schemas).map(([key, zodSchema]) => {
    const [type = key, version = '1'] = key.split('@');
    const { $schema: _dialect, ...json } = z.toJSONSchema(zodSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const schema = withChoiceTitles(json, titles[key] ?? {}) as JsonSchema;
    return { type, version: Number(version), title: typeof schema.title === 'string' ? schema.title : type, schema };
  });
}

/** `?type=` narrows the answer to one type (all its versions). */
export const TaskTypeQuerySchema = z.strictObject({ type: name(100).optional() });

/** @param careCall the care call's settings: its cancellation reasons (configuration) */
export function taskTypeRoutes(careCall: Pick<CareCallPolicy, 'cancellationReasons'> = {}): Router {
  const router = Router();
  // Computed once: the schemas are code and configuration read at start; they do not change while the app runs.
  const types = describeTaskTypes(careCall);
  router.get('/task-types', allow('backoffice', 'supervisor', 'agent'), (req, res) => {
    const { type } = parseRequest(TaskTypeQuerySchema, req.query, 'query');
    res.json({ types: type === undefined ? types : types.filter((candidate) => candidate.type === type) });
  });
  return router;
}
