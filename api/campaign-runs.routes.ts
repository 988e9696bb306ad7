/**
 * REST endpoints of campaign runs (issue 12): the dry run of a version before its launch, the
 * launch, pause, resume and cancel, and the progress.
 */
import { Router } from 'express';
import { z } from 'zod';
import { freeText } from '../domain/text';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import { type CampaignDryRunUseCases, DryRunBodySchema } from './campaign-dry-run.use-cases';
import type { CampaignRunUseCases } from './campaign-runs.use-cases';
import { CampaignPathSchema, CampaignVersionPathSchema } from './campaigns.routes';
import { idempotent, type IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';

export const CampaignRunPathSchema = z.strictObject({ runId: z.string().regex(/^run-[a-z0-9][a-z0-9-]{2,59}-v[0-9]{1,10}$/, 'is not a campaign run id') });
export const CancelRunBodySchema = z.strictObject({ reason: freeText(1, 300) });
export const EmptyBodySchema = z.strictObject({});

export function campaignRunRoutes(dryRuns: CampaignDryRunUseCases, runs: CampaignRunUseCases, keys: IdempotencyStore, audit: Audit): Router {
  const router = Router();
  const owners = allow('process-owner');
  const readers = allow('process-owner', 'supervisor', 'auditor');

  router.post('/campaigns/:id/versions/:version/launch', owners, idempotent(keys, { required: false }, async (req) => {
    const { id, version } = parseRequest(CampaignVersionPathSchema, req.params, 'path');
    parseRequest(EmptyBodySchema, req.body ?? {}, 'body');
    const { run, created } = await runs.launch(id, version, currentUser(req).id);
    if (created) await audit.record(req, { action: 'campaign.launched', objectType: 'campaign', objectId: id, detail: { version, runId: run.runId } });
    return { status: 202, location: `/api/v1/campaign-runs/${run.runId}`, body: run };
  }));
  router.get('/campaigns/:id/runs', readers, async (req, res) => {
    const { id } = parseRequest(CampaignPathSchema, req.params, 'path');
    res.json({ runs: await runs.runsOf(id) });
  });
  router.get('/campaigns/:id/progress', readers, async (req, res) => {
    const { id } = parseRequest(CampaignPathSchema, req.params, 'path');
    res.json(await runs.campaignProgress(id));
  });
  router.get('/campaign-runs/:runId', readers, async (req, res) => {
    const { runId } = parseRequest(CampaignRunPathSchema, req.params, 'path');
    res.json(await runs.progress(runId));
  });
  for (const action of ['pause', 'resume'] as const) {
    router.post(`/campaign-runs/:runId/${action}`, owners, idempotent(keys, { required: false }, async (req) => {
      const { runId } = parseRequest(CampaignRunPathSchema, req.params, 'path');
      parseRequest(EmptyBodySchema, req.body ?? {}, 'body');
      const progress = await (action === 'pause' ? runs.pause(runId) : runs.resume(runId));
      await audit.record(req, { action: action === 'pause' ? 'campaign-run.paused' : 'campaign-run.resumed', objectType: 'campaign', objectId: progress.campaignId, detail: { runId } });
      return { status: 200, body: progress };
    }));
  }
  router.post('/campaign-runs/:runId/cancel', owners, idempotent(keys, { required: false }, async (req) => {
    const { runId } = parseRequest(CampaignRunPathSchema, req.params, 'path');
    const { reason } = parseRequest(CancelRunBodySchema, req.body, 'body');
    const progress = await runs.cancel(runId, reason, currentUser(req).id);
    await audit.record(req, { action: 'campaign-run.cancelled', objectType: 'campaign', objectId: progress.campaignId, detail: { runId } });
    return { status: 200, body: progress };
  }));

  // A dry run writes nothing and contacts no one: no Idempotency-Key; the same body gives the same report.
  router.post('/campaigns/:id/versions/:version/dry-run', allow('process-owner', 'supervisor'), async (req, res) => {
    const { id, version } = parseRequest(CampaignVersionPathSchema, req.params, 'path');
    const body = parseRequest(DryRunBodySchema, req.body ?? {}, 'body');
    const report = await dryRuns.dryRun(id, version, body);
    // It reads the whole customer base (in aggregate): who did so, and how much, is on record.
    await audit.record(req, {
      action: 'campaign.dry-run',
      objectType: 'campaign',
      objectId: id,
      detail: { version, months: body.months, population: report.population, selected: report.selected, forbiddenContacts: report.forbiddenContacts },
    });
    res.json(report);
  });
  return router;
}
