/**
 * REST endpoints of the agents' chat (issue 13): presence, my conversations, one conversation,
 * reply (idempotent by key: a retried send sends once), hand over, close, and the text modules.
 * Conversation ids are the processes' ids (`conversation:{channel}~{pseudonym}`): no phone number.
 */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { CustomerId } from '../domain/identifiers';
import { freeText, name } from '../domain/text';
import { DEFAULT_APPROVED_TEMPLATES, placeholderCount } from '../domain/whatsapp-window';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import type { ChatUseCases } from './chat.use-cases';
import { idempotent, type IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';

export const ConversationPathSchema = z.strictObject({
  conversationId: z.string().regex(/^conversation:(whatsapp|webchat)~[A-Za-z0-9_-]{1,64}$/, 'is not a conversation id'),
});
export const TextModulePathSchema = z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'must be 1 to 60 lowercase letters, digits and dashes') });
export const TextModuleBodySchema = z.strictObject({ title: name(80), text: freeText(1, 2000) });
export const PresenceBodySchema = z.strictObject({ presence: z.enum(['online', 'away', 'offline']) });
export const ChatReplyBodySchema = z.strictObject({ text: freeText(1, 4096) });
export const ChatCloseBodySchema = z.strictObject({ topic: name(100) });
/** One approved template and exactly its parameters (a union per template, so the OpenAPI states both). */
export const ChatTemplateBodySchema = z.discriminatedUnion(
  'template',
  DEFAULT_APPROVED_TEMPLATES.map((template) => z.strictObject({ template: z.literal(template.name), parameters: z.array(freeText(1, 200)).length(placeholderCount(template)) })) as unknown as [z.ZodObject, ...z.ZodObject[]],
);
/** The customer record the agent found with the person search. */
export const ChatLinkCustomerBodySchema = z.strictObject({ customerId: CustomerId });
export const ChatHandBackBodySchema = z.strictObject({ note: freeText(1, 500) });
export const ChatHandOverBodySchema = z.strictObject({ toAgentId: name(100) });
/** The customer (their advisor from core banking) or a named advisor: at least one (a union, so the OpenAPI says so too). */
export const ChatAdvisorBodySchema = z.union([
  z.strictObject({ customerId: CustomerId, advisorId: name(100).optional() }),
  z.strictObject({ customerId: CustomerId.optional(), advisorId: name(100) }),
], { error: 'name the customer (customerId) or the advisor (advisorId), and nothing else' });

export function chatRoutes(useCases: ChatUseCases, keys: IdempotencyStore, audit: Audit): Router {
  const router = Router();
  // Advisors' branch staff (backoffice) take and answer conversations handed to their advisors.
  const agents = allow('agent', 'supervisor', 'backoffice');
  router.put('/chat/presence', agents, async (req, res) => {
    const { presence } = parseRequest(PresenceBodySchema, req.body, 'body');
    res.json(await useCases.setPresence(currentUser(req), presence));
  });
  router.get('/chat/conversations', agents, async (req, res) => {
    res.json(await useCases.mine(currentUser(req)));
  });
  router.get('/chat/conversations/:conversationId/transcripts', allow('supervisor', 'auditor'), async (req, res) => {
    const { conversationId } = parseRequest(ConversationPathSchema, req.params, 'path');
    const transcripts = await useCases.transcripts(conversationId);
    await audit.record(req, { action: 'chat.transcripts-read', objectType: 'conversation', objectId: conversationId, detail: { count: transcripts.length } });
    res.json({ transcripts });
  });
  router.get('/chat/overview', allow('supervisor'), async (_req, res) => {
    res.json(await useCases.overview());
  });
  router.get('/chat/text-modules', agents, async (_req, res) => {
    res.json({ modules: await useCases.textModules() });
  });
  router.put('/chat/text-modules/:id', allow('supervisor'), async (req, res) => {
    const { id } = parseRequest(TextModulePathSchema, req.params, 'path');
    const body = parseRequest(TextModuleBodySchema, req.body, 'body');
    const saved = await useCases.saveTextModule(currentUser(req), { id, ...body });
    await audit.record(req, { action: 'chat.text-module-saved', objectType: 'text-module', objectId: id, detail: { title: body.title } });
    res.json(saved);
  });
  router.delete('/chat/text-modules/:id', allow('supervisor'), async (req, res) => {
    const { id } = parseRequest(TextModulePathSchema, req.params, 'path');
    await useCases.removeTextModule(currentUser(req), id);
    await audit.record(req, { action: 'chat.text-module-removed', objectType: 'text-module', objectId: id });
    res.status(204).end();
  });
  router.get('/chat/conversations/:conversationId', agents, async (req, res) => {
    const { conversationId } = parseRequest(ConversationPathSchema, req.params, 'path');
    res.json(await useCases.get(currentUser(req), conversationId));
  });
  router.post('/chat/conversations/:conversationId/messages', agents, idempotent(keys, { required: true }, async (req, key) => {
    const { conversationId } = parseRequest(ConversationPathSchema, req.params, 'path');
    const { text } = parseRequest(ChatReplyBodySchema, req.body, 'body');
    // The message's id comes from the key: a retry of the same send is the same message.
    const messageId = createHash('sha256').update(`${currentUser(req).id}\n${key!}`).digest('hex').slice(0, 32);
    const message = await useCases.reply(currentUser(req), conversationId, text, messageId);
    // The words are the customer's dialog: the audit names the conversation, not the text.
    await audit.record(req, { action: 'chat.replied', objectType: 'conversation', objectId: conversationId, detail: { messageId: message.id } });
    return { status: 201, body: message };
  }));
  router.get('/chat/templates', agents, (_req, res) => {
    res.json({ templates: useCases.templates() });
  });
  router.post('/chat/conversations/:conversationId/templates', agents, idempotent(keys, { required: true }, async (req, key) => {
    const { conversationId } = parseRequest(ConversationPathSchema, req.params, 'path');
    const { template, parameters } = parseRequest(ChatTemplateBodySchema, req.body, 'body') as { template: string; parameters: string[] };
    const messageId = createHash('sha256').update(`${currentUser(req).id}\n${key!}`).digest('hex').slice(0, 32);
    const message = await useCases.sendTemplate(currentUser(req), conversationId, template, parameters, messageId);
    await audit.record(req, { action: 'chat.replied', objectType: 'conversation', objectId: conversationId, detail: { messageId: message.id, template } });
    return { status: 201, body: message };
  }));
  // PUT: linking to the same customer again changes nothing (a retry needs no key).
  router.put('/chat/conversations/:conversationId/customer', agents, async (req, res) => {
    const { conversationId } = parseRequest(ConversationPathSchema, req.params, 'path');
    const { customerId } = parseRequest(ChatLinkCustomerBodySchema, req.body, 'body');
    const state = await useCases.linkCustomer(currentUser(req), conversationId, customerId);
    await audit.record(req, { action: 'chat.customer-linked', customerId, objectType: 'conversation', objectId: conversationId });
    res.json(state);
  });
  router.get('/chat/conversations/:conversationId/history', agents, async (req, res) => {
    const { conversationId } = parseRequest(ConversationPathSchema, req.params, 'path');
    const conversations = await useCases.history(currentUser(req), conversationId);
    // Reading a customer's earlier dialogs is personal data: on the record, without their words.
    await audit.record(req, { action: 'chat.history-read', objectType: 'conversation', objectId: conversationId, detail: { count: conversations.length } });
    res.set('Cache-Control', 'no-store');
    res.json({ conversations });
  });
  router.post('/chat/conversations/:conversationId/handover', agents, async (req, res) => {
    const { conversationId } = parseRequest(ConversationPathSchema, req.params, 'path');
    const { toAgentId } = parseRequest(ChatHandOverBodySchema, req.body, 'body');
    const agent = await useCases.handOver(currentUser(req), conversationId, toAgentId);
    await audit.record(req, { action: 'chat.handed-over', objectType: 'conversation', objectId: conversationId, detail: { to: toAgentId } });
    res.json({ conversationId, agentId: agent.id });
  });
  router.post('/chat/conversations/:conversationId/advisor', agents, async (req, res) => {
    const { conversationId } = parseRequest(ConversationPathSchema, req.params, 'path');
    const target = parseRequest(ChatAdvisorBodySchema, req.body, 'body');
    const state = await useCases.handOverToAdvisor(currentUser(req), conversationId, target);
    await audit.record(req, {
      action: 'chat.handed-to-advisor',
      ...(target.customerId ? { customerId: target.customerId } : {}),
      objectType: 'conversation',
      objectId: conversationId,
      detail: { queue: state.queue, ...(state.advisor ? { advisorId: state.advisor.advisorId } : {}) },
    });
    res.json(state);
  });
  router.post('/chat/conversations/:conversationId/take', agents, async (req, res) => {
    const { conversationId } = parseRequest(ConversationPathSchema, req.params, 'path');
    const state = await useCases.take(currentUser(req), conversationId);
    await audit.record(req, { action: 'chat.taken', objectType: 'conversation', objectId: conversationId, detail: { queue: state.advisor?.queue ?? null } });
    res.json(state);
  });
  router.post('/chat/external/next', agents, async (req, res) => {
    const state = await useCases.takeNextExternal(currentUser(req));
    if (!state) {
      res.status(204).end();
      return;
    }
    await audit.record(req, { action: 'chat.taken', objectType: 'conversation', objectId: state.conversationId, detail: { queue: 'external' } });
    res.json(state);
  });
  router.post('/chat/conversations/:conversationId/hand-back', agents, async (req, res) => {
    const { conversationId } = parseRequest(ConversationPathSchema, req.params, 'path');
    const { note } = parseRequest(ChatHandBackBodySchema, req.body, 'body');
    const state = await useCases.handBack(currentUser(req), conversationId, note);
    await audit.record(req, { action: 'chat.handed-back', objectType: 'conversation', objectId: conversationId });
    res.json(state);
  });
  router.post('/chat/conversations/:conversationId/close', agents, async (req, res) => {
    const { conversationId } = parseRequest(ConversationPathSchema, req.params, 'path');
    const { topic } = parseRequest(ChatCloseBodySchema, req.body, 'body');
    const state = await useCases.close(currentUser(req), conversationId, topic);
    await audit.record(req, { action: 'chat.closed', objectType: 'conversation', objectId: conversationId, detail: { topic } });
    res.json(state);
  });
  return router;
}
