/**
 * REST endpoints of campaign definitions (issue 11, section 1). Thin: validate, call the use case,
 * record the change, answer.
 *
 * Optimistic concurrency of the draft: `PUT /campaigns/{id}/draft` carries `{ revision, definition }`,
 * where `revision` is the draft revision the definition was edited from (0 creates the campaign);
 * a draft saved meanwhile by someone else answers 409 naming `revision`.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { CampaignDefinitionSchema, CampaignIdSchema } from '../domain/campaign';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import type { CampaignUseCases, CampaignViewer } from './campaigns.use-cases';
import { idempotent, scopedKey, type IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';

/** Versions and revisions are 32-bit integers in the database: a larger number names none and is a 400, not a query. */
const MAX_INT = 2_147_483_647;
const versionNumber = z.coerce.number().int().min(1).max(MAX_INT);

export const CampaignPathSchema = z.strictObject({ id: CampaignIdSchema });
export const CampaignVersionPathSchema = z.strictObject({ id: CampaignIdSchema, version: versionNumber });
export const SaveDraftBodySchema = z.strictObject({
  /** The draft revision the definition was edited from; 0 for a new campaign (below the maximum: the save raises it by one). */
  revision: z.number().int().min(0).max(MAX_INT - 1),
  definition: CampaignDefinitionSchema,
});
export const PublishBodySchema = z.strictObject({
  /** The draft revision the owner reviewed: publishing refuses (409) when the draft moved on since. */
  revision: z.number().int().min(1).max(MAX_INT).optional(),
});
export const DiffQuerySchema = z.strictObject({
  from: versionNumber,
  to: z.union([z.literal('draft'), versionNumber], { error: 'must be a version number or draft' }),
});

/** Who sees drafts: everyone admitted but agents (admin included). */
function viewerOf(req: Request): CampaignViewer {
  return { seesDrafts: currentUser(req).roles.some((role) => role === 'process-owner' || role === 'supervisor' || role === 'auditor' || role === 'admin') };
}

export function campaignRoutes(useCases: CampaignUseCases, keys: IdempotencyStore, audit: Audit): Router {
  const router = Router();
  const writers = allow('process-owner');
  const readers = allow('process-owner', 'supervisor', 'auditor', 'agent');

  router.get('/campaigns', readers, async (req, res) => {
    res.json({ campaigns: await useCases.list(viewerOf(req)) });
  });

  router.get('/campaigns/:id', readers, async (req, res) => {
    const { id } = parseRequest(CampaignPathSchema, req.params, 'path');
    res.json(await useCases.campaign(id, viewerOf(req)));
  });

  router.put('/campaigns/:id/draft', writers, async (req, res) => {
    const { id } = parseRequest(CampaignPathSchema, req.params, 'path');
    const { revision, definition } = parseRequest(SaveDraftBodySchema, req.body, 'body');
    const { created, draft } = await useCases.saveDraft(id, revision, definition, currentUser(req).id);
    await audit.record(req, {
      action: 'campaign.draft-saved',
      objectType: 'campaign',
      objectId: id,
      detail: { revision: draft.revision, created, triggerKind: definition.trigger.kind, sha256: draft.sha256 },
    });
    if (created) res.location(`/api/v1/campaigns/${id}`);
    res.status(created ? 201 : 200).json(draft);
  });

  router.post('/campaigns/:id/publish', writers, idempotent(keys, { required: false }, async (req, key) => {
    const { id } = parseRequest(CampaignPathSchema, req.params, 'path');
    const { revision } = parseRequest(PublishBodySchema, req.body ?? {}, 'body');
    const user = currentUser(req);
    const { replayed, answer } = await useCases.publish(id, { by: user.id, revision, key: key === undefined ? undefined : scopedKey(user.id, key) });
    // Inside the idempotent handler: recorded once per key; a retry that finds its version records nothing again.
    if (!replayed) {
      await audit.record(req, {
        action: 'campaign.published',
        objectType: 'campaign',
        objectId: id,
        detail: { version: answer.version, draftRevision: answer.draftRevision, sha256: answer.sha256 },
      });
    }
    return { status: 201, body: answer, location: `/api/v1/campaigns/${id}/versions/${answer.version}` };
  }));

  router.get('/campaigns/:id/versions/:version', readers, async (req, res) => {
    const { id, version } = parseRequest(CampaignVersionPathSchema, req.params, 'path');
    res.json(await useCases.version(id, version));
  });

  router.get('/campaigns/:id/diff', readers, async (req, res) => {
    const { id } = parseRequest(CampaignPathSchema, req.params, 'path');
    const { from, to } = parseRequest(DiffQuerySchema, req.query, 'query');
    res.json(await useCases.diff(id, from, to, viewerOf(req)));
  });

  return router;
}
