import fc from 'fast-check';
import type { ChatServiceHours, ChatServiceState } from '../domain/chat-service-hours';
import {
  autoReplyDue,
  chatServiceHoursFromSpec,
  chatServiceState,
  DEFAULT_CHAT_SERVICE_HOURS,
  InvalidCallingHoursError,
} from '../domain/chat-service-hours';
import type { AdvisorAvailability, ChatAgent, RoutingDecision } from '../domain/chat-routing';
import {
  advisorTakeoverDeadline,
  advisorTarget,
  CHAT_CAP_BOUNDS,
  chooseAgent,
  DEFAULT_ADVISOR_TIMEOUT_MINUTES,
  InvalidChatCapError,
  validateChatCap,
} from '../domain/chat-routing';
import { checkOutboundMessage, freeFormAllowed, placeholderCount, renderTemplate, windowEndsAt } from '../domain/whatsapp-window';
import {
  CARD_BLOCK_REPLY_HINT,
  checkConfidentialRequest,
  CONFIDENTIAL_REQUEST_REPLY,
  confidentialRequestReply,
} from '../domain/confidential-request';
import type { EscalationLevel, SocialReactionType } from '../domain/social-reaction';
import {
  classifyPost,
  DEFAULT_ESCALATION_CHAIN,
  escalationStep,
  externalServicesFor,
  InvalidEscalationChainError,
  productQuestionReply,
  reactionDueAt,
  SOCIAL_REACTIONS,
} from '../domain/social-reaction';

const at = (iso: string): Date => new Date(iso);
const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------

describe('chat service hours', () => {
  // NW; Berlin is UTC+2 in summer (CEST) and UTC+1 in winter (CET).
  const hours = chatServiceHoursFromSpec('mon-fri 08:00-18:00; sat 09:00-13:00');
  const state = (iso: string, h: ChatServiceHours = hours): ChatServiceState => chatServiceState(at(iso), h);
  const closed = (iso: string, h: ChatServiceHours = hours) => {
    const s = state(iso, h);
    if (s.open) throw new Error(`expected the center to be closed at ${iso}`);
    return s;
  };

  it.each([
    ['Monday 08:00', '2026-06-15T06:00:00Z', true],
    ['Monday 17:59', '2026-06-15T15:59:00Z', true],
    ['Monday 07:59', '2026-06-15T05:59:00Z', false],
    ['Monday 18:00', '2026-06-15T16:00:00Z', false],
    ['Saturday 09:00', '2026-06-20T07:00:00Z', true],
    ['Saturday 12:59', '2026-06-20T10:59:00Z', true],
    ['Saturday 13:00', '2026-06-20T11:00:00Z', false],
    ['Sunday 12:00', '2026-06-21T10:00:00Z', false],
  ])('%s is open: %s', (_label, iso, open) => {
    expect(state(iso).open).toBe(open);
  });

  it('says when an evening closes and when it reopens', () => {
    const monday = closed('2026-06-15T16:30:00Z');
    expect(monday.reason).toBe('outside-hours');
    expect(monday.reopensAt?.toISOString()).toBe('2026-06-16T06:00:00.000Z');
    const saturday = closed('2026-06-20T11:00:00Z');
    expect(saturday.reopensAt?.toISOString()).toBe('2026-06-22T06:00:00.000Z');
  });

  it('defaults to the seed\'s 8 to 18 on working days', () => {
    expect(chatServiceState(at('2026-06-15T06:00:00Z'), DEFAULT_CHAT_SERVICE_HOURS).open).toBe(true);
    expect(chatServiceState(at('2026-06-15T16:00:00Z'), DEFAULT_CHAT_SERVICE_HOURS).open).toBe(false);
    expect(chatServiceState(at('2026-06-20T08:00:00Z'), DEFAULT_CHAT_SERVICE_HOURS).open).toBe(false);
  });

  it('is closed on Christmas Day, reopening after the holidays and the weekend', () => {
    const christmas = closed('2026-12-25T10:00:00Z');
    expect(christmas.reason).toBe('public-holiday');
    expect(christmas.holiday?.name).toBe('1. Weihnachtstag');
    // 26 December is a Saturday, itself a holiday; then Sunday; Monday 08:00 CET.
    expect(christmas.reopensAt?.toISOString()).toBe('2026-12-28T07:00:00.000Z');
    // Christmas Eve evening, Boxing Day (a Saturday with a window) and Sunday: one closed period.
    for (const iso of ['2026-12-24T17:30:00Z', '2026-12-26T09:00:00Z', '2026-12-27T20:00:00Z']) {
      expect(closed(iso).periodKey).toBe(christmas.periodKey);
    }
    // Monday evening is another period.
    expect(closed('2026-12-28T17:30:00Z').periodKey).not.toBe(christmas.periodKey);
  });

  it('is closed on German Unity Day even though that Saturday has a window', () => {
    const unityDay = closed('2026-10-03T08:00:00Z');
    expect(unityDay.reason).toBe('public-holiday');
    expect(unityDay.holiday?.name).toBe('Tag der Deutschen Einheit');
    expect(unityDay.reopensAt?.toISOString()).toBe('2026-10-05T06:00:00.000Z');
    const fridayEvening = closed('2026-10-02T17:00:00Z');
    expect(fridayEvening.reason).toBe('outside-hours');
    expect(fridayEvening.periodKey).toBe(unityDay.periodKey);
    // The weekend before is a period of its own.
    expect(closed('2026-09-26T12:00:00Z').periodKey).not.toBe(unityDay.periodKey);
  });

  it('closes on the holidays of the bank\'s own state', () => {
    // Fronleichnam 2026-06-04 (a Thursday) is a holiday in NW but not in Berlin.
    expect(closed('2026-06-04T08:00:00Z').reason).toBe('public-holiday');
    expect(state('2026-06-04T08:00:00Z', chatServiceHoursFromSpec('mon-fri 08:00-18:00', 'BE')).open).toBe(true);
  });

  it('sends one automatic reply per closed period', () => {
    const friday = closed('2026-10-02T17:00:00Z');
    const saturday = closed('2026-10-03T09:00:00Z');
    const nextEvening = closed('2026-10-05T17:00:00Z');
    expect(autoReplyDue(friday, undefined)).toBe(true);
    expect(autoReplyDue(saturday, friday.periodKey)).toBe(false);
    expect(autoReplyDue(nextEvening, friday.periodKey)).toBe(true);
    expect(autoReplyDue(state('2026-10-05T08:00:00Z'), undefined)).toBe(false);
  });

  it('keys a center that never opens as one period', () => {
    const none: ChatServiceHours = { ...hours, windows: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] } };
    const first = closed('2026-06-15T10:00:00Z', none);
    expect(first.reopensAt).toBeUndefined();
    expect(first.periodKey).toBe(closed('2026-07-01T10:00:00Z', none).periodKey);
  });

  it('rejects a malformed spec, naming the setting', () => {
    expect(() => chatServiceHoursFromSpec('mon-fri 8-18')).toThrow(InvalidCallingHoursError);
    expect(() => chatServiceHoursFromSpec('mon-fri 8-18')).toThrow(/^chatServiceHours: /);
    expect(() => chatServiceHoursFromSpec('mon-fri 18:00-08:00', 'NW', 'messenger.serviceHours')).toThrow(/^messenger\.serviceHours: /);
    expect(() => chatServiceHoursFromSpec('mon-fri 08:00-18:00', 'XX' as 'NW')).toThrow(/^chatServiceHours\.federalState: "XX"/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('chat routing', () => {
  const OPEN = { open: true } as const;
  const CLOSED = { open: false } as const;
  const agent = (id: string, openChats: number, more: Partial<ChatAgent> = {}): ChatAgent => ({
    id,
    presence: 'online',
    openChats,
    cap: 5,
    lastAssignedSeq: 0,
    ...more,
  });

  it('gives a new conversation to the agent with the fewest open chats', () => {
    const agents = [agent('a', 3), agent('b', 1), agent('c', 2)];
    expect(chooseAgent({ agents, service: OPEN })).toEqual({ kind: 'agent', agentId: 'b', reason: 'least-loaded' });
  });

  it('breaks ties by the least recent assignment, then by id', () => {
    const agents = [agent('a', 2, { lastAssignedSeq: 7 }), agent('b', 2, { lastAssignedSeq: 3 }), agent('c', 2, { lastAssignedSeq: 5 })];
    expect(chooseAgent({ agents, service: OPEN })).toMatchObject({ agentId: 'b' });
    const even = [agent('c', 1), agent('b', 1), agent('d', 1)];
    expect(chooseAgent({ agents: even, service: OPEN })).toMatchObject({ agentId: 'b' });
  });

  it('respects each agent\'s cap', () => {
    const agents = [agent('a', 3, { cap: 3 }), agent('b', 4, { cap: 5 })];
    expect(chooseAgent({ agents, service: OPEN })).toMatchObject({ agentId: 'b' });
  });

  it('skips agents who are away or offline', () => {
    const agents = [agent('a', 0, { presence: 'offline' }), agent('b', 0, { presence: 'away' }), agent('c', 4)];
    expect(chooseAgent({ agents, service: OPEN })).toEqual({ kind: 'agent', agentId: 'c', reason: 'least-loaded' });
  });

  it('keeps a running conversation with its agent while online, even at the cap and after closing', () => {
    const agents = [agent('a', 5), agent('b', 0)];
    expect(chooseAgent({ agents, stickyAgentId: 'a', service: OPEN })).toEqual({ kind: 'agent', agentId: 'a', reason: 'sticky' });
    expect(chooseAgent({ agents, stickyAgentId: 'a', service: CLOSED })).toEqual({ kind: 'agent', agentId: 'a', reason: 'sticky' });
  });

  it('drops the sticky agent who is away or offline, or unknown', () => {
    const away = [agent('a', 1, { presence: 'away' }), agent('b', 2)];
    expect(chooseAgent({ agents: away, stickyAgentId: 'a', service: OPEN })).toEqual({ kind: 'agent', agentId: 'b', reason: 'least-loaded' });
    const offline = [agent('a', 1, { presence: 'offline' }), agent('b', 5)];
    expect(chooseAgent({ agents: offline, stickyAgentId: 'a', service: OPEN })).toEqual({ kind: 'overflow', reason: 'all-agents-at-cap' });
    expect(chooseAgent({ agents: offline, stickyAgentId: 'a', service: CLOSED })).toEqual({ kind: 'overflow', reason: 'outside-service-hours' });
    expect(chooseAgent({ agents: [agent('b', 0)], stickyAgentId: 'gone', service: OPEN })).toMatchObject({ agentId: 'b', reason: 'least-loaded' });
  });

  it('names why a conversation overflows', () => {
    expect(chooseAgent({ agents: [agent('a', 0)], service: CLOSED })).toEqual({ kind: 'overflow', reason: 'outside-service-hours' });
    expect(chooseAgent({ agents: [agent('a', 5), agent('b', 3, { cap: 3 })], service: OPEN })).toEqual({ kind: 'overflow', reason: 'all-agents-at-cap' });
    expect(chooseAgent({ agents: [agent('a', 0, { presence: 'away' })], service: OPEN })).toEqual({ kind: 'overflow', reason: 'no-agent-online' });
    expect(chooseAgent({ agents: [], service: OPEN })).toEqual({ kind: 'overflow', reason: 'no-agent-online' });
  });

  it('takes the service state from chatServiceState', () => {
    const closedNow = chatServiceState(at('2026-12-25T10:00:00Z'), DEFAULT_CHAT_SERVICE_HOURS);
    expect(chooseAgent({ agents: [agent('a', 0)], service: closedNow })).toEqual({ kind: 'overflow', reason: 'outside-service-hours' });
  });

  /** Assigns `count` new conversations one after another, as the center would; returns the decisions. */
  function assignAll(agents: ChatAgent[], count: number, check?: (agents: readonly ChatAgent[]) => void): RoutingDecision[] {
    let seq = 0;
    const decisions: RoutingDecision[] = [];
    for (let i = 0; i < count; i++) {
      const decision = chooseAgent({ agents, service: OPEN });
      decisions.push(decision);
      if (decision.kind === 'agent') {
        const index = agents.findIndex((a) => a.id === decision.agentId);
        const chosen = agents[index]!;
        agents[index] = { ...chosen, openChats: chosen.openChats + 1, lastAssignedSeq: ++seq };
      }
      check?.(agents);
    }
    return decisions;
  }

  const spread = (agents: readonly ChatAgent[]): number =>
    Math.max(...agents.map((a) => a.openChats)) - Math.min(...agents.map((a) => a.openChats));

  it('balances 200 conversations over 20 agents with cap 5 and overflows the rest', () => {
    const agents = Array.from({ length: 20 }, (_, i) => agent(`agent-${String(i + 1).padStart(2, '0')}`, 0));
    const decisions = assignAll(agents, 200, (now) => {
      expect(spread(now)).toBeLessThanOrEqual(1);
      expect(now.every((a) => a.openChats <= a.cap)).toBe(true);
    });
    expect(decisions.filter((d) => d.kind === 'agent')).toHaveLength(100);
    expect(decisions.slice(100)).toEqual(Array.from({ length: 100 }, () => ({ kind: 'overflow', reason: 'all-agents-at-cap' })));
    expect(agents.every((a) => a.openChats === 5)).toBe(true);
  });

  it('keeps loads within one of each other for any team and cap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: CHAT_CAP_BOUNDS.min, max: CHAT_CAP_BOUNDS.max }),
        fc.integer({ min: 0, max: 150 }),
        (team, cap, count) => {
          const agents = Array.from({ length: team }, (_, i) => agent(`a${i}`, 0, { cap }));
          const decisions = assignAll(agents, count, (now) => {
            expect(spread(now)).toBeLessThanOrEqual(1);
          });
          const assigned = decisions.filter((d) => d.kind === 'agent').length;
          expect(assigned).toBe(Math.min(count, team * cap));
        },
      ),
    );
  });

  it('always picks a least-loaded agent below the cap (property)', () => {
    const agentArb = fc.record({
      presence: fc.constantFrom('online' as const, 'away' as const, 'offline' as const),
      openChats: fc.integer({ min: 0, max: 6 }),
      cap: fc.integer({ min: CHAT_CAP_BOUNDS.min, max: CHAT_CAP_BOUNDS.max }),
      lastAssignedSeq: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(agentArb, { maxLength: 12 }), (raw) => {
        const agents = raw.map((a, i) => ({ ...a, id: `a${i}` }));
        const decision = chooseAgent({ agents, service: OPEN });
        const eligible = agents.filter((a) => a.presence === 'online' && a.openChats < a.cap);
        if (eligible.length === 0) {
          expect(decision.kind).toBe('overflow');
          return;
        }
        const chosen = agents.find((a) => decision.kind === 'agent' && a.id === decision.agentId)!;
        expect(eligible).toContain(chosen);
        expect(chosen.openChats).toBe(Math.min(...eligible.map((a) => a.openChats)));
      }),
    );
  });

  it('accepts a cap of 3 to 5 chats only', () => {
    expect(CHAT_CAP_BOUNDS).toEqual({ min: 3, max: 5 });
    for (const cap of [3, 4, 5]) expect(validateChatCap(cap)).toBe(cap);
    for (const cap of [2, 6, 4.5, Number.NaN]) expect(() => validateChatCap(cap)).toThrow(InvalidChatCapError);
    expect(() => validateChatCap(8, 'messenger.chatCap')).toThrow(/^messenger\.chatCap: 8 is not a whole number from 3 to 5$/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('messages addressed to an advisor', () => {
  const vacation = { from: at('2026-07-01T00:00:00Z'), until: at('2026-07-15T00:00:00Z') };
  const meier: AdvisorAvailability = { id: 'meier', absences: [vacation] };
  const schulz: AdvisorAvailability = { id: 'schulz', absences: [] };
  const timeout = DEFAULT_ADVISOR_TIMEOUT_MINUTES;

  it('goes to the advisor when present', () => {
    expect(advisorTarget({ advisor: meier, deputy: schulz, at: at('2026-06-30T10:00:00Z'), advisorTimeoutMinutes: timeout })).toEqual({
      kind: 'advisor',
      advisorId: 'meier',
    });
    // The absence ends at `until`, excluded.
    expect(advisorTarget({ advisor: meier, deputy: schulz, at: vacation.until, advisorTimeoutMinutes: timeout }).kind).toBe('advisor');
  });

  it('goes to the deputy while the advisor is absent', () => {
    expect(advisorTarget({ advisor: meier, deputy: schulz, at: vacation.from, advisorTimeoutMinutes: timeout })).toEqual({
      kind: 'deputy',
      advisorId: 'schulz',
      deputyFor: 'meier',
    });
  });

  it('goes to the center when nobody is there', () => {
    const schulzAway: AdvisorAvailability = { id: 'schulz', absences: [{ from: at('2026-07-10T00:00:00Z'), until: at('2026-07-11T00:00:00Z') }] };
    expect(advisorTarget({ advisor: meier, deputy: schulzAway, at: at('2026-07-10T09:00:00Z'), advisorTimeoutMinutes: timeout })).toMatchObject({
      kind: 'center',
      reason: 'advisor-and-deputy-absent',
      addressedTo: 'meier',
    });
    expect(advisorTarget({ advisor: meier, at: at('2026-07-10T09:00:00Z'), advisorTimeoutMinutes: timeout })).toMatchObject({
      kind: 'center',
      reason: 'advisor-absent-no-deputy',
      note: 'meier ist abwesend, keine Vertretung hinterlegt.',
    });
  });

  it('goes to the center with a note when nobody takes it in time', () => {
    const received = at('2026-07-03T08:00:00Z');
    const input = { advisor: meier, deputy: schulz, at: received, advisorTimeoutMinutes: 45 };
    expect(advisorTarget(input).kind).toBe('deputy');
    expect(advisorTarget({ ...input, waitedMinutes: 44.9 }).kind).toBe('deputy');
    expect(advisorTarget({ ...input, waitedMinutes: 45 })).toEqual({
      kind: 'center',
      reason: 'not-taken-in-time',
      addressedTo: 'meier',
      note: 'Nachricht an meier nicht innerhalb von 45 Minuten übernommen.',
    });
    expect(advisorTakeoverDeadline(received, 45).toISOString()).toBe('2026-07-03T08:45:00.000Z');
  });

  it('rejects a negative wait and a timeout that is not positive', () => {
    const base = { advisor: meier, at: at('2026-06-30T10:00:00Z') };
    expect(() => advisorTarget({ ...base, advisorTimeoutMinutes: 0 })).toThrow(RangeError);
    expect(() => advisorTarget({ ...base, advisorTimeoutMinutes: 60, waitedMinutes: -1 })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the WhatsApp customer-service window', () => {
  const lastInbound = at('2026-03-10T21:15:00Z');
  const after = (ms: number): Date => new Date(lastInbound.getTime() + ms);

  it('ends 24 hours after the customer\'s last message', () => {
    expect(windowEndsAt(lastInbound).toISOString()).toBe('2026-03-11T21:15:00.000Z');
  });

  it('allows free-form messages until then, and not a second later', () => {
    expect(freeFormAllowed(after(0), lastInbound)).toBe(true);
    expect(freeFormAllowed(after(23 * 60 * MINUTE + 59 * MINUTE), lastInbound)).toBe(true);
    expect(freeFormAllowed(after(24 * 60 * MINUTE - 1), lastInbound)).toBe(true);
    expect(freeFormAllowed(after(24 * 60 * MINUTE), lastInbound)).toBe(false);
    expect(freeFormAllowed(after(24 * 60 * MINUTE + 1000), lastInbound)).toBe(false);
    expect(freeFormAllowed(after(0), undefined)).toBe(false);
  });

  it('allows only approved templates outside the window', () => {
    const late = after(25 * 60 * MINUTE);
    const approved = { kind: 'template', templateName: 'rueckruf_termin', approved: true } as const;
    const pending = { kind: 'template', templateName: 'rueckruf_neu', approved: false } as const;
    expect(checkOutboundMessage(late, lastInbound, { kind: 'free-form' })).toEqual({ allowed: false, reason: 'window-closed-template-required' });
    expect(checkOutboundMessage(late, lastInbound, approved)).toEqual({ allowed: true });
    expect(checkOutboundMessage(late, undefined, approved)).toEqual({ allowed: true });
    expect(checkOutboundMessage(late, lastInbound, pending)).toEqual({ allowed: false, reason: 'template-not-approved' });
    expect(checkOutboundMessage(after(MINUTE), lastInbound, { kind: 'free-form' })).toEqual({ allowed: true });
  });
});

// ---------------------------------------------------------------------------------------------

describe('confidential requests', () => {
  it.each([
    ['Bitte überweisen Sie 200 € an meinen Vermieter', ['transfer']],
    ['Können Sie eine Ueberweisung für mich machen?', ['transfer']],
    ['Uberweisung von gestern ist nicht angekommen', ['transfer']],
    ['ÜBERWEISUNG STORNIEREN', ['transfer']],
    ['Ich habe gestern Geld überwiesen, ist es da?', ['transfer']],
    ['U\u0308berweisung bitte pru\u0308fen', ['transfer']],
    ['Ich möchte meinen Dauerauftrag löschen', ['standing-order']],
    ['Bitte meine Karte sperren!', ['card-block']],
    ['Ich brauche eine Kartensperre', ['card-block']],
    ['Sperren Sie bitte sofort meine EC-Karte', ['card-block']],
    ['Meine Kreditkarte wurde gestohlen', ['card-block']],
    ['Ich möchte eine Kauforder für 10 Siemens-Aktien aufgeben', ['order']],
    ['Verkauf von Wertpapieren aus meinem Depot', ['order']],
    ['Bitte führen Sie den Auftrag heute noch aus', ['order']],
    ['Ich habe meine PIN vergessen', ['pin']],
    ['Meine Geheimzahl funktioniert nicht mehr', ['pin']],
    ['Hier ist die TAN: 123456', ['tan']],
    ['Bitte das Tageslimit auf 2000 Euro erhöhen', ['limit-increase']],
    ['Tageslimit-Erhoehung für morgen', ['limit-increase']],
    ['Können Sie mein Limit höher setzen?', ['limit-increase']],
    ['Meine IBAN hat sich geändert', ['account-details-change']],
    ['Bitte Kontonummer aendern', ['account-details-change']],
    ['Meine neue Bankverbindung lautet DE02 1203 0000 0000 2020 51', ['account-details-change']],
    // The seed's own example: a card block "in Auftrag geben".
    ['Ich möchte eine Kartensperre in Auftrag geben', ['order', 'card-block']],
  ])('%s → %j', (text, topics) => {
    expect(checkConfidentialRequest(text)).toEqual({ confidential: true, topics });
  });

  it.each([
    'Wann haben Sie am Samstag geöffnet?',
    'Wo ist der nächste Geldautomat?',
    // The seed's top WhatsApp request, handled in the chat.
    'Mein Online-Banking ist gesperrt, können Sie es entsperren?',
    // TAN procedures are general information (the seed's "Aktions-Chat").
    'Wie funktioniert chipTAN?',
    'Was kostet ein TAN-Generator?',
    'Im Foyer steht ein schöner Tannenbaum',
    'Eine Spinne sitzt im Vorraum',
    'Ich hätte gern einen Termin zur Baufinanzierung',
  ])('%s is not confidential', (text) => {
    expect(checkConfidentialRequest(text)).toEqual({ confidential: false, topics: [] });
  });

  it('asks the customer to phone or offers a callback, with the block hotline for a card', () => {
    expect(CONFIDENTIAL_REQUEST_REPLY).toMatch(/rufen Sie uns .*an/);
    expect(CONFIDENTIAL_REQUEST_REPLY).toMatch(/rufen wir Sie auch zurück/);
    expect(confidentialRequestReply(checkConfidentialRequest('Bitte überweisen Sie 50 Euro'))).toBe(CONFIDENTIAL_REQUEST_REPLY);
    const card = confidentialRequestReply(checkConfidentialRequest('Karte sperren bitte'));
    expect(card).toContain(CARD_BLOCK_REPLY_HINT);
    expect(card).toContain('116 116');
  });
});

// ---------------------------------------------------------------------------------------------

describe('social media reactions', () => {
  it.each<[string, SocialReactionType, string]>([
    ['@Sparkasse: Ich habe meine EC-Karte verloren.', 'lost-card', 'lost-card/card-lost'],
    ['Mir wurde gerade das Portemonnaie geklaut!!', 'lost-card', 'lost-card/wallet-lost'],
    ['@Sparkasse: Der Geldautomat ist seit zwei Tagen kaputt.', 'broken-atm', 'broken-atm/device-fault'],
    ['@Sparkasse: Wo finde ich Infos zum Produkt xy?', 'product-question', 'product-question/info-request'],
    ['Was kostet bei euch ein Girokonto für Studenten?', 'product-question', 'product-question/product-asked'],
    ['@Sparkasse: Ich wurde von der Sparkasse über den Tisch gezogen.', 'reputation-risk', 'reputation-risk/accusation'],
    ['Ich gehe damit zur Verbraucherzentrale.', 'reputation-risk', 'reputation-risk/public-threat'],
    ['Nie wieder Sparkasse, ich kündige mein Konto!', 'reputation-risk', 'reputation-risk/churn-threat'],
  ])('%s → %s by %s', (text, type, rule) => {
    expect(classifyPost(text)).toMatchObject({ type, rule, alsoMatched: [] });
  });

  it('leaves a post no rule matches to the agent', () => {
    expect(classifyPost('Schönes Wochenende euch allen!')).toEqual({ type: 'unclassified' });
    expect(SOCIAL_REACTIONS.unclassified.actions).toEqual([{ kind: 'agent-decides' }]);
  });

  it('reacts to each type as the seed\'s examples do', () => {
    expect(SOCIAL_REACTIONS['lost-card'].actions).toEqual([{ kind: 'public-reply', text: expect.stringContaining('116 116') }]);
    expect(SOCIAL_REACTIONS['broken-atm'].actions).toEqual([
      { kind: 'public-reply', text: expect.stringContaining('Beseitigung der Störung') },
      { kind: 'notify-external-service' },
    ]);
    expect(SOCIAL_REACTIONS['product-question'].actions).toEqual([{ kind: 'reply-with-link', text: expect.stringContaining('{link}') }]);
    expect(productQuestionReply('https://www.sparkasse.example/girokonto')).toContain('https://www.sparkasse.example/girokonto');
    expect(SOCIAL_REACTIONS['reputation-risk'].actions).toEqual([{ kind: 'preserve-evidence' }, { kind: 'alert-escalation-chain' }]);
    // Only an accusation escalates, and it gets no automatic public answer.
    const escalating = Object.values(SOCIAL_REACTIONS).filter((r) => r.actions.some((a) => a.kind === 'alert-escalation-chain'));
    expect(escalating.map((r) => r.type)).toEqual(['reputation-risk']);
  });

  it('notifies the external service the fault needs', () => {
    expect(classifyPost('Der Geldautomat ist seit zwei Tagen kaputt.')).toMatchObject({ externalServices: ['maintenance'] });
    expect(externalServicesFor('Der Geldautomat am Markt ist schon wieder leer')).toEqual(['cash-transport']);
    expect(externalServicesFor('Die Tür zum SB-Foyer klemmt')).toEqual(['facility']);
    expect(externalServicesFor('Am Geldautomaten klebt ein komischer Aufsatz')).toEqual(['security']);
    expect(externalServicesFor('Im SB-Bereich ist alles verschmutzt')).toEqual(['cleaning']);
    expect(classifyPost('Im SB-Bereich ist alles verschmutzt')).toMatchObject({ type: 'broken-atm' });
    expect(classifyPost('Ich habe meine Karte verloren')).toMatchObject({ externalServices: [] });
  });

  it('decides by precedence and reports the other types found', () => {
    expect(classifyPost('Abzocke! Der Geldautomat ist schon wieder kaputt')).toEqual({
      type: 'reputation-risk',
      rule: 'reputation-risk/accusation',
      alsoMatched: ['broken-atm'],
      externalServices: ['maintenance'],
    });
  });

  it('is due within its reaction time, around the clock', () => {
    // A Sunday night: social media reactions count every minute.
    const posted = at('2026-06-21T01:00:00Z');
    expect(reactionDueAt('lost-card', posted).toISOString()).toBe('2026-06-21T01:15:00.000Z');
    expect(reactionDueAt('reputation-risk', posted).toISOString()).toBe('2026-06-21T01:30:00.000Z');
    expect(reactionDueAt('broken-atm', posted).toISOString()).toBe('2026-06-21T02:00:00.000Z');
    expect(reactionDueAt('product-question', posted).toISOString()).toBe('2026-06-21T05:00:00.000Z');
    expect(reactionDueAt('unclassified', posted).toISOString()).toBe('2026-06-21T02:00:00.000Z');
  });

  describe('escalation of a reputation risk', () => {
    it('alerts level by level while unacknowledged, then is exhausted', () => {
      expect(escalationStep(DEFAULT_ESCALATION_CHAIN, false, 0)).toEqual({
        kind: 'alert',
        level: 1,
        contact: 'Social-Media-Team',
        channels: ['mail'],
        untilMinutes: 30,
      });
      expect(escalationStep(DEFAULT_ESCALATION_CHAIN, false, 29.9)).toMatchObject({ level: 1 });
      expect(escalationStep(DEFAULT_ESCALATION_CHAIN, false, 30)).toMatchObject({ level: 2, channels: ['mail', 'sms'], untilMinutes: 60 });
      expect(escalationStep(DEFAULT_ESCALATION_CHAIN, false, 60)).toMatchObject({ level: 3, channels: ['mail', 'sms', 'call'], untilMinutes: 120 });
      expect(escalationStep(DEFAULT_ESCALATION_CHAIN, false, 120)).toEqual({ kind: 'exhausted', level: 3, contact: 'Eskalationsstelle' });
    });

    it('stops once acknowledged', () => {
      for (const waited of [0, 45, 500]) expect(escalationStep(DEFAULT_ESCALATION_CHAIN, true, waited)).toEqual({ kind: 'acknowledged' });
    });

    it('alerts every level once when a workflow follows the steps', () => {
      const chain: EscalationLevel[] = [
        { contact: 'social-media@sparkasse.example', channels: ['mail'], ackWithinMinutes: 10 },
        { contact: 'leitung-ksc', channels: ['sms'], ackWithinMinutes: 20 },
      ];
      const alerted: number[] = [];
      let waited = 0;
      for (;;) {
        const step = escalationStep(chain, false, waited);
        if (step.kind !== 'alert') {
          expect(step).toEqual({ kind: 'exhausted', level: 2, contact: 'leitung-ksc' });
          break;
        }
        if (!alerted.includes(step.level)) alerted.push(step.level);
        waited = step.untilMinutes;
      }
      expect(alerted).toEqual([1, 2]);
      expect(waited).toBe(30);
    });

    it('rejects a malformed chain or wait', () => {
      expect(() => escalationStep([], false, 0)).toThrow(InvalidEscalationChainError);
      const fax = [{ contact: 'x', channels: ['fax'], ackWithinMinutes: 5 }] as unknown as EscalationLevel[];
      expect(() => escalationStep(fax, false, 0)).toThrow(/^levels\[0\]\.channels: "fax"/);
      expect(() => escalationStep([{ contact: 'x', channels: ['mail'], ackWithinMinutes: 0 }], false, 0)).toThrow(/ackWithinMinutes/);
      expect(() => escalationStep(DEFAULT_ESCALATION_CHAIN, false, -1)).toThrow(RangeError);
    });
  });
});

test('an approved template takes exactly its distinct placeholders, filled in by number', () => {
  const template = { name: 'zwei', language: 'de', title: 'Zwei', text: 'Zu „{{1}}“ am {{2}}: {{1}}.' };
  expect(placeholderCount(template)).toBe(2);
  expect(placeholderCount({ text: 'ohne' })).toBe(0);
  expect(renderTemplate(template, ['Girokonto', 'Montag'])).toBe('Zu „Girokonto“ am Montag: Girokonto.');
  expect(renderTemplate(template, ['Girokonto'])).toBeUndefined();
  expect(renderTemplate(template, ['a', 'b', 'c'])).toBeUndefined();
});
