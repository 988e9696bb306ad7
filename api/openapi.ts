/**
 * The OpenAPI document, generated from the same zod schemas that validate requests.
 */
import { z } from 'zod';
import { CallbackRequestSchema } from '../domain/callback';
import { ConsentAnswerSchema, ConsentCheckRequestSchema, ConsentScriptContentSchema, WithdrawalRequestSchema } from '../domain/consent';
import { CallbackAttemptResultSchema } from '../domain/task';
import { createBlockBodySchema, LiftBodySchema } from './contact-blocks.routes';
import { ContactPolicyQuerySchema } from './contact-policy.routes';
import { ReassignBodySchema } from './tasks.routes';

const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
const json = (schema: z.ZodType) => ({ 'application/json': { schema: schemaOf(schema) } });
const ErrorSchema = z.object({ error: z.string(), fields: z.array(z.object({ field: z.string(), message: z.string() })).optional() });
const problem = (description: string) => ({ description, content: json(ErrorSchema) });
const common = {
  400: problem('Bad input: the message names the field'),
  401: problem('No or unknown Bearer token'),
  403: problem('Your role or queues do not allow this'),
};
const path = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const key = (required: boolean) => ({ name: 'Idempotency-Key', in: 'header', required, schema: { type: 'string' }, description: 'Same key and body → same answer' });

export function openApiDocument({ maxMonths }: { maxMonths: number }) {
  const taskId = path('id', 'task id, e.g. callback:…~attempt-1');
  return {
    openapi: '3.1.0',
    info: { title: 'Drehscheibe API', version: '1', description: 'Durable customer-contact processes of the customer service center.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths: {
      '/healthz': { get: { security: [], summary: 'Reachability of Temporal and the database', responses: { 200: { description: 'ok' }, 503: { description: 'something is unreachable' } } } },
      '/api/v1/contact-blocks': {
        post: {
          summary: 'Block re-contact of a customer on a topic for some months, or extend the running block (agent, back office, supervisor)',
          parameters: [key(false)],
          requestBody: { required: true, content: json(createBlockBodySchema(maxMonths)) },
          responses: { 201: { description: 'block created' }, 200: { description: 'running block extended' }, ...common, 422: problem('Idempotency-Key reused with another body') },
        },
      },
      '/api/v1/customers/{customerId}/contact-blocks': {
        get: { summary: "The customer's active blocks", parameters: [path('customerId', 'customer number')], responses: { 200: { description: 'active blocks' }, ...common } },
      },
      '/api/v1/customers/{customerId}/contact-policy': {
        get: {
          summary: 'May the bank contact the customer now for this purpose, on this channel and topic? The decision with its reasons, when it is allowed at the earliest, and the facts it used (agent, back office, supervisor, auditor)',
          parameters: [
            path('customerId', 'customer number'),
            ...Object.entries(ContactPolicyQuerySchema.shape).map(([name, schema]) => ({ name, in: 'query', required: !schema.safeParse(undefined).success, schema: schemaOf(schema) })),
          ],
          responses: {
            200: { description: '{ customerId, contact, decidedAt, decision: { allowed, reasons: [{ code, message, clearsAt? }], earliestAllowedAt? }, facts: { age, federalState, consents, activeBlocks, advertisingContactsInWindow, capWindowDays } }' },
            ...common,
            404: problem('customer unknown to core banking'),
            502: problem('core banking rejected the request or sent a malformed record'),
            503: problem('core banking unavailable: try again'),
          },
        },
      },
      '/api/v1/contact-blocks/{customerId}/{topic}': {
        get: { summary: "A block's state", parameters: [path('customerId', 'customer number'), path('topic', 'topic key or all')], responses: { 200: { description: 'state' }, ...common, 404: problem('no such block') } },
        delete: {
          summary: 'Lift a block early',
          parameters: [path('customerId', 'customer number'), path('topic', 'topic key or all')],
          requestBody: { required: false, content: json(LiftBodySchema) },
          responses: { 200: { description: 'lifted' }, ...common, 404: problem('no active block') },
        },
      },
      '/api/v1/consent-checks': {
        post: {
          summary: 'During a contact: should the agent ask for advertising consent? Answers the script and objection answers when so (agent)',
          requestBody: { required: true, content: json(ConsentCheckRequestSchema) },
          responses: { 200: { description: '{ checkId, ask: true, missingChannels, scriptVersion, script } or { checkId, ask: false, code, reason }' }, ...common, 404: problem('unknown customer') },
        },
      },
      '/api/v1/consent-checks/{checkId}': { get: { summary: 'State of a consent check', parameters: [path('checkId', '{customerId}~{contactId}')], responses: { 200: { description: 'state' }, ...common, 404: problem('no such check') } } },
      '/api/v1/consent-checks/{checkId}/answer': {
        post: {
          summary: "Record the customer's answer; stores the evidence, then writes it through to core banking once (agent)",
          parameters: [path('checkId', '{customerId}~{contactId}')],
          requestBody: { required: true, content: json(ConsentAnswerSchema) },
          responses: { 201: { description: '{ checkId, evidence }' }, ...common, 404: problem('no open check'), 409: problem('already answered, or nothing to ask') },
        },
      },
      '/api/v1/customers/{customerId}/consents': {
        get: { summary: 'The consent evidence trail, newest first, and the consents that stand now (auditor, agent, supervisor)', parameters: [path('customerId', 'customer number')], responses: { 200: { description: '{ customerId, current, evidence }' }, ...common, 503: problem('core banking unreachable') } },
      },
      '/api/v1/customers/{customerId}/consents/withdraw': {
        post: {
          summary: 'Withdraw advertising consent: honoured at once, written through to core banking',
          parameters: [path('customerId', 'customer number'), key(false)],
          requestBody: { required: true, content: json(WithdrawalRequestSchema) },
          responses: { 201: { description: '{ customerId, evidence }' }, ...common },
        },
      },
      '/api/v1/consent-scripts': {
        get: { summary: 'The consent script (latest, or ?version=n)', parameters: [{ name: 'version', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }], responses: { 200: { description: 'script' }, ...common, 404: problem('no such version') } },
        put: { summary: 'Store a new version of the consent script (process owner)', requestBody: { required: true, content: json(ConsentScriptContentSchema) }, responses: { 201: { description: 'the new version' }, ...common } },
      },
      '/api/v1/callbacks': {
        post: {
          summary: 'Ask the Direktberatung to call the customer back (warm transfer first when callId is given) (agent)',
          parameters: [key(true)],
          requestBody: { required: true, content: json(CallbackRequestSchema) },
          responses: { 201: { description: 'the callback process runs' }, ...common, 422: problem('Idempotency-Key reused with another body') },
        },
      },
      '/api/v1/callbacks/{id}': { get: { summary: 'State, attempts and outcome of a callback', parameters: [path('id', 'callback id')], responses: { 200: { description: 'state' }, ...common, 404: problem('no such callback') } } },
      '/api/v1/callbacks/{id}/cancel': { post: { summary: 'Cancel a callback and its open task', parameters: [path('id', 'callback id')], responses: { 200: { description: 'cancelled' }, ...common, 404: problem('no such callback'), 409: problem('already finished') } } },
      '/api/v1/tasks': {
        get: {
          summary: 'Tasks in your queues, most urgent first, cursor-paged',
          parameters: ['queue', 'status', 'assignee', 'dueBefore', 'cursor', 'limit'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
          responses: { 200: { description: '{ tasks, nextCursor? }' }, ...common },
        },
      },
      '/api/v1/tasks/{id}': { get: { summary: 'One task (404 outside your queues)', parameters: [taskId], responses: { 200: { description: 'task' }, ...common, 404: problem('not in your queues') } } },
      '/api/v1/tasks/{id}/claim': { post: { summary: 'Claim a task', parameters: [taskId], responses: { 200: { description: 'claimed' }, ...common, 404: problem('not in your queues'), 409: problem('claimed by someone else, or closed') } } },
      '/api/v1/tasks/{id}/unclaim': { post: { summary: 'Give a task back to its queue', parameters: [taskId], responses: { 200: { description: 'open again' }, ...common, 409: problem('claimed by someone else, or closed') } } },
      '/api/v1/tasks/{id}/complete': {
        post: {
          summary: "Complete a task with its type's result; answers what the process does next",
          parameters: [taskId],
          requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [{ title: 'callback-attempt@1', ...schemaOf(CallbackAttemptResultSchema) }] } } } },
          responses: { 200: { description: '{ task, next }' }, ...common, 409: problem('claimed by someone else, or closed'), 422: problem('the result does not fit the task type; names the field') },
        },
      },
      '/api/v1/tasks/{id}/reassign': {
        post: { summary: 'Move a task to another queue or person (supervisor)', parameters: [taskId], requestBody: { required: true, content: json(ReassignBodySchema) }, responses: { 200: { description: 'reassigned' }, ...common } },
      },
    },
  };
}
