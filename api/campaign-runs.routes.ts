/**
 * REST endpoints of campaign runs (issue 12): so far the dry run of a version before its launch.
 */
import { Router } from 'express';
import type { Audit } from './audit';
import { allow } from './auth';
import { type CampaignDryRunUseCases, DryRunBodySchema } from './campaign-dry-run.use-cases';
import { CampaignVersionPathSchema } from './campaigns.routes';
import { parseRequest } from './validation';

export function campaignRunRoutes(dryRuns: CampaignDryRunUseCases, audit: Audit): Router {
  const router = Router();
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
