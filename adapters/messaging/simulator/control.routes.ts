/**
 * The simulator's controls over HTTP, under `/_sim`, for the embedded development setup (a person
 * can play a customer with curl) and for tests that run it as a separate process:
 *
 * | `POST /_sim/inbound` `{ from, text, name? }` | a customer writes: a signed delivery goes to the webhook → `{ messageId, deliveryId, outcome }` |
 * | `GET /_sim/sent` | `{ sent }`: what the business sent, in order |
 */
import { Router } from 'express';
import { z } from 'zod';
import type { WhatsAppSimulation } from './simulation';

const InboundBody = z.strictObject({
  from: z.string().regex(/^\+?[1-9][0-9]{6,14}$/, 'must be a phone number in E.164'),
  text: z.string().min(1).max(4096),
  name: z.string().min(1).max(100).optional(),
});

export function controlRoutes(simulation: WhatsAppSimulation): Router {
  const router = Router();
  router.post('/_sim/inbound', async (req, res) => {
    const parsed = InboundBody.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
      return;
    }
    const { from, text, name } = parsed.data;
    res.json(await simulation.inbound({ from: from.replace(/^\+/, ''), text, ...(name ? { name } : {}) }));
  });
  router.get('/_sim/sent', (_req, res) => {
    res.json({ sent: simulation.sent() });
  });
  return router;
}
