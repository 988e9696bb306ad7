/**
 * The OpenAPI document, generated from the same zod schemas that validate requests.
 */
import { z } from 'zod';
import { createBlockBodySchema, LiftBodySchema } from './contact-blocks.routes';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) } });
const error = { description: 'Bad input: the message names the field', content: json(z.object({ error: z.string(), fields: z.array(z.object({ field: z.string(), message: z.string() })).optional() })) };

export function openApiDocument({ maxMonths }: { maxMonths: number }) {
  const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
  return {
    openapi: '3.1.0',
    info: { title: 'Drehscheibe API', version: '1' },
    paths: {
      '/healthz': { get: { summary: 'Reachability of Temporal and the database', responses: { 200: { description: 'ok' }, 503: { description: 'something is unreachable' } } } },
      '/api/v1/contact-blocks': {
        post: {
          summary: 'Block re-contact of a customer on a topic for some months, or extend the running block',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
          requestBody: { required: true, content: json(createBlockBodySchema(maxMonths)) },
          responses: { 201: { description: 'block created' }, 200: { description: 'running block extended' }, 400: error, 422: error },
        },
      },
      '/api/v1/customers/{customerId}/contact-blocks': {
        get: { summary: "The customer's active blocks", parameters: [pathParam('customerId', 'customer number')], responses: { 200: { description: 'active blocks' }, 400: error } },
      },
      '/api/v1/contact-blocks/{customerId}/{topic}': {
        get: { summary: "A block's state", parameters: [pathParam('customerId', 'customer number'), pathParam('topic', 'topic key or all')], responses: { 200: { description: 'state' }, 404: error } },
        delete: {
          summary: 'Lift a block early',
          parameters: [pathParam('customerId', 'customer number'), pathParam('topic', 'topic key or all')],
          requestBody: { required: false, content: json(LiftBodySchema) },
          responses: { 200: { description: 'lifted' }, 404: error },
        },
      },
    },
  };
}
