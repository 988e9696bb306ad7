/**
 * The bearer-token check of a simulated gateway: the bank's core-banking and CTI gateways ask the
 * caller for credentials, so their simulators do too when given a token, and the adapters' way of
 * sending them (CORE_BANKING_TOKEN, TELEPHONY_TOKEN) is exercised for real. The simulators'
 * control routes under `/_sim` stay open: they are the test's, not the gateway's.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

export function requireBearer(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const expected = createHash('sha256').update(token).digest();
  return (req, res, next) => {
    if (req.path === '/_sim' || req.path.startsWith('/_sim/')) return next();
    const given = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    // Hashes of equal length, so the comparison takes the same time whatever was sent.
    if (given && timingSafeEqual(createHash('sha256').update(given).digest(), expected)) return next();
    res.status(401).set('WWW-Authenticate', 'Bearer').json({ code: 'unauthorized', message: 'a valid bearer token is required' });
  };
}
