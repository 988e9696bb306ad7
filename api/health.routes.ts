/**
 * `GET /healthz`: can this process reach Temporal and the database? 200 when both answer,
 * 503 naming what does not, so an operator sees at once which side is down.
 */
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Database } from '../prisma/database';

const CHECK_TIMEOUT_MS = 2000;

export function healthRoutes({ temporal, db }: { temporal: Client; db: Database }): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const [temporalCheck, databaseCheck] = await Promise.all([
      check(() => temporal.connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => temporal.workflowService.getSystemInfo({}))),
      check(() => db.ping()),
    ]);
    const ok = temporalCheck.ok && databaseCheck.ok;
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'unavailable',
      temporal: temporalCheck,
      database: { ...databaseCheck, provider: db.provider },
    });
  });
  return router;
}

async function check(probe: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
