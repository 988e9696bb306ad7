/**
 * The part of the Cloud API Drehscheibe uses, served by the simulator. Thin: apply an injected
 * fault or delay, check the token, the path and the body like the platform, hand over to the
 * simulation, answer.
 */
import { Router, type RequestHandler } from 'express';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKeySchema, SendMessageBodySchema } from '../whatsapp.wire';
import { injectedFault, invalidToken, parseRequest, unknownObject } from './cloud-api-error';
import type { WhatsAppSimulation } from './simulation';

/** `POST /{version}/{phone-number-id}/messages`, mounted at the root like graph.facebook.com. */
export function cloudApiRoutes(simulation: WhatsAppSimulation, accessToken: string): Router {
  const router = Router();

  router.post('/:version/:phoneNumberId/messages', injectedFaults(simulation), (req, res) => {
    // The token first: Graph says nothing about objects to a caller it does not know.
    if (req.get('authorization') !== `Bearer ${accessToken}`) throw invalidToken();
    if (!/^v\d+\.\d+$/.test(String(req.params.version)) || req.params.phoneNumberId !== simulation.phoneNumberId) throw unknownObject();
    const header = req.get(IDEMPOTENCY_KEY_HEADER);
    // Optional: the real platform knows no such header, so a client without it is served too.
    const key = header === undefined ? undefined : parseRequest(IdempotencyKeySchema, header, IDEMPOTENCY_KEY_HEADER);
    const body = parseRequest(SendMessageBodySchema, req.body, 'body');
    res.json(simulation.send(body, key));
  });

  return router;
}

/** A fault is taken when the request arrives and hits before anything is handled: nothing happens. */
function injectedFaults(simulation: WhatsAppSimulation): RequestHandler {
  return async (_req, _res, next) => {
    const status = simulation.takeFault();
    await simulation.waitDelay();
    if (status !== undefined) throw injectedFault(status);
    next();
  };
}
