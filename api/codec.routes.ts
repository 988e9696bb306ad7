/**
 * The codec endpoint for the Temporal Web UI and CLI (Temporal's remote codec server protocol):
 * `POST /api/v1/codec/decode` and `/encode` with `{ payloads: [{ metadata, data }] }` (base64),
 * answered in the same shape. The UI calls it from the browser, from its own origin, with
 * `X-Namespace` and (when configured to pass the access token) `Authorization`: so the
 * configured UI origins get CORS, including the preflight, which carries no token.
 *
 * Behind `authenticate` like every /api route, and only for the configured roles (CODEC_ROLES,
 * default admin): a decode shows customer data in clear text. Every call is audited (who, which
 * namespace, how many payloads; never their content).
 */
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../domain/identity';
import type { Audit } from './audit';
import { allow } from './auth';
import type { PayloadCodecUseCases } from './codec.use-cases';
import { parseRequest } from './validation';

/** Where the endpoint lives: the UI's "codec server endpoint" is this (with the API's origin). */
export const CODEC_PATH = '/api/v1/codec';
/** The largest body: a history event's payloads can be big (Temporal allows 2 MB per payload). */
export const CODEC_BODY_LIMIT = '4mb';
/** At most this many payloads per call (the UI sends one event's). */
export const CODEC_MAX_PAYLOADS = 1000;

const OPERATION = /^\/api\/v1\/codec\/(decode|encode)\/?$/i;
const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');

/** One payload in the JSON form of Temporal's HTTP API. */
export const CodecPayloadSchema = z.object({
  metadata: z.record(z.string().min(1).max(200), base64).optional(),
  data: base64.optional(),
});
/** The body of `/decode` and `/encode`. */
export const CodecBodySchema = z.object({
  payloads: z.array(CodecPayloadSchema).max(CODEC_MAX_PAYLOADS),
});
/** `X-Namespace`: the Temporal namespace the payloads are from (the UI always sends it). */
export const NamespaceHeader = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,255}$/, 'must be a Temporal namespace name (1 to 255 letters, digits, dots, dashes, underscores)')
  .optional();

/**
 * CORS for the codec operations, before `authenticate`: a browser's preflight carries no token.
 * Only the configured origins get the headers (with credentials, for the UI's "include
 * credentials"); any other origin gets none, so its browser refuses the call.
 */
export function codecCors(origins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (!OPERATION.test(req.path)) return next();
    res.vary('Origin');
    const origin = req.get('Origin');
    if (origin === undefined || !origins.includes(origin)) return next();
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Allow-Credentials', 'true');
    res.set('Access-Control-Expose-Headers', 'X-Request-Id');
    if (req.method !== 'OPTIONS') return next();
    res.set('Access-Control-Allow-Methods', 'POST');
    res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}

/** The two operations (behind `authenticate`); `roles` may use them, admin always. */
export function codecRoutes(useCases: PayloadCodecUseCases, settings: { roles: readonly Role[] }, audit: Audit): Router {
  const router = Router();
  // Its own body limit (api/app.ts leaves these paths to it), read only once the role is checked.
  const body = express.json({ limit: CODEC_BODY_LIMIT });
  const operations = [
    { path: '/codec/decode', action: 'payloads.decoded', run: (payloads: z.infer<typeof CodecBodySchema>['payloads']) => useCases.decode(payloads) },
    { path: '/codec/encode', action: 'payloads.encoded', run: (payloads: z.infer<typeof CodecBodySchema>['payloads']) => useCases.encode(payloads) },
  ] as const;
  for (const operation of operations) {
    router.post(operation.path, allow(...settings.roles), body, async (req, res) => {
      const namespace = parseRequest(NamespaceHeader, req.get('X-Namespace'), 'X-Namespace');
      const { payloads } = parseRequest(CodecBodySchema, req.body, 'body');
      const result = await operation.run(payloads);
      await audit.record(req, {
        action: operation.action,
        objectType: 'namespace',
        objectId: namespace,
        detail: { namespace: namespace ?? null, payloads: payloads.length, encrypted: result.encrypted },
      });
      res.json({ payloads: result.payloads });
    });
  }
  return router;
}
