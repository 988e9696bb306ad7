/**
 * Campaigns as data (DESIGN.md process 7; issue 11, section 1): what a process owner defines,
 * without programming, for the center to offer: when it applies (its trigger), to whom (target
 * criteria and exclusions), what is offered and how it is said (script with objection answers),
 * which outcomes the agent may record and what each leads to, priority, caps, validity and the
 * queues involved. A definition is edited as a draft; publishing freezes it as a numbered version.
 *
 * Pure (no I/O): the API validates with it, the decision evaluates it, the editor renders it.
 */
import { z } from 'zod';
import { CriterionSchema, PRODUCT_CODES } from './campaign-criteria.schema';
import { freeText } from './text';

/** The twelve pilot service processes of seed 000 ("Pilotierung … Prozessübersicht"). */
export const SERVICE_PROCESSES = {
  'freistellungsauftrag-aendern': 'Freistellungsauftrag ändern',
  'kreditrahmen-aendern': 'Kreditrahmen ändern',
  'sorten-bestellen': 'Sorten bestellen',
  'girokonto-aendern': 'Girokonto ändern',
  'sondertilgung': 'Sondertilgung Kredit / Darlehen',
  'dispo-frage': 'Dispositionskredit – Frage zu bestehendem',
  'dispo-aenderung': 'Dispositionskredit – Änderungswunsch',
  'gutschriftskonto-spar-aendern': 'Änderung Gutschriftskonto Spar',
  'kreditkarte-anfrage': 'Kreditkarte – allgemeine Anfrage',
  'kreditkarte-bestehende': 'Kreditkarte – Frage zu bestehender Kreditkarte',
  'dauerauftrag-aendern': 'Dauerauftrag löschen / neu anlegen',
  'adressaenderung': 'Änderung der Kundendaten – Adressänderung',
} as const;
export type ServiceProcess = keyof typeof SERVICE_PROCESSES;
export const SERVICE_PROCESS_CODES = Object.keys(SERVICE_PROCESSES) as [ServiceProcess, ...ServiceProcess[]];

/** Occasions core banking reports (trigger `event`). */
export const CAMPAIGN_EVENTS = ['maturity', 'incoming-payment', 'balance-above'] as const;

const code = z.string().regex(/^[a-z0-9-]{1,40}$/, 'lowercase letters, digits or dashes (1–40)');
const queue = z.string().regex(/^[a-z0-9-]{1,60}$/, 'a queue name: lowercase letters, digits or dashes');
const isoDate = z.iso.date();

/** When a campaign applies. */
export const CampaignTriggerSchema = z.discriminatedUnion('kind', [
  /** Offered during a contact in which the agent handles one of these service requests (refinement, "Modell V"). */
  z.strictObject({ kind: z.literal('service-request'), processes: z.array(z.enum(SERVICE_PROCESS_CODES)).min(1).max(12) }),
  /** A target selection, run by a campaign run (issue 12). */
  z.strictObject({ kind: z.literal('selection') }),
  /** An occasion from core banking. */
  z.strictObject({ kind: z.literal('event'), event: z.enum(CAMPAIGN_EVENTS) }),
]);
export type CampaignTrigger = z.infer<typeof CampaignTriggerSchema>;

/** The conversation script: the opening, the answers to objections, and what to say per outcome. */
export const CampaignScriptSchema = z.strictObject({
  /** Said to open the offer; `{anrede}` stands for "Frau/Herr Name" and is filled in at the console. */
  opening: freeText(1, 2000),
  objections: z.array(z.strictObject({ objection: freeText(1, 300), answer: freeText(1, 2000) })).max(20).default([]),
});

/** What the agent may record, and what each outcome leads to. */
export const CAMPAIGN_OUTCOMES = ['interested-transfer', 'interested-callback', 'interested-appointment', 'not-interested', 'maybe-later'] as const;
export type CampaignOutcome = (typeof CAMPAIGN_OUTCOMES)[number];

export const CampaignOutcomeRuleSchema = z.strictObject({
  outcome: z.enum(CAMPAIGN_OUTCOMES),
  /** What the agent says on this outcome (e.g. the seed's "Schade, gerade auf Reisen …"). */
  say: freeText(0, 2000).optional(),
});

/** The definition a process owner edits. */
export const CampaignDefinitionSchema = z
  .strictObject({
    name: freeText(1, 120),
    description: freeText(0, 1000).optional(),
    trigger: CampaignTriggerSchema,
    /** Who may get the offer. */
    criteria: CriterionSchema,
    /** Who never gets it, whatever the criteria say (each one a reason of its own). */
    exclusions: z.array(CriterionSchema).max(20).default([]),
    offer: z.strictObject({
      product: z.enum(PRODUCT_CODES).optional(),
      /** The topic blocks, caps and the contact history name it by (e.g. `kreditkarte`). */
      topic: code,
      title: freeText(1, 120),
      /** One sentence for the agent: why this fits the customer. */
      argument: freeText(1, 500),
      /** The consultation's topic when the success path is an appointment (one the advisors advise on). */
      appointmentTopic: z.enum(['girokonto', 'kreditkarte', 'geldanlage', 'altersvorsorge', 'baufinanzierung', 'privatkredit']).optional(),
    }),
    script: CampaignScriptSchema,
    outcomes: z.array(CampaignOutcomeRuleSchema).min(1).max(CAMPAIGN_OUTCOMES.length),
    /** Re-contact block after "not interested", in months. */
    blockMonths: z.number().int().min(1).max(60).default(6),
    /** After a sale through this campaign, the care call waits this many days (default: the product's). */
    careCallDelayDays: z.number().int().min(1).max(365).optional(),
    /** Higher wins when several campaigns are eligible in one contact. */
    priority: z.number().int().min(0).max(1000).default(100),
    caps: z
      .strictObject({
        /** At most this many approaches of one customer by this campaign (outcomes recorded, "maybe later" included)… */
        perCustomer: z.number().int().min(1).max(100).default(1),
        /** …within this many days. */
        perCustomerDays: z.number().int().min(1).max(3650).default(365),
      })
      .default({ perCustomer: 1, perCustomerDays: 365 }),
    validFrom: isoDate.optional(),
    validUntil: isoDate.optional(),
    queues: z
      .strictObject({
        /** Where interested customers go (warm transfer, then callback). */
        direktberatung: queue.default('direktberatung'),
        /** The agents' queue of outbound tasks (campaign runs). */
        outbound: queue.default('ksc'),
      })
      .default({ direktberatung: 'direktberatung', outbound: 'ksc' }),
  })
  .superRefine((definition, ctx) => {
    if (definition.validFrom && definition.validUntil && definition.validFrom > definition.validUntil) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'must not be before validFrom' });
    }
    const seen = new Set<string>();
    definition.outcomes.forEach((rule, index) => {
      if (seen.has(rule.outcome)) ctx.addIssue({ code: 'custom', path: ['outcomes', index, 'outcome'], message: `${rule.outcome} is listed twice` });
      seen.add(rule.outcome);
    });
  });
export type CampaignDefinition = z.infer<typeof CampaignDefinitionSchema>;
/** A definition as a client sends it (defaults not yet applied). */
export type CampaignDefinitionInput = z.input<typeof CampaignDefinitionSchema>;

/** A campaign's id: chosen by the process owner, readable, stable across versions. */
export const CampaignIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{2,59}$/, 'lowercase letters, digits or dashes (3–60), starting with a letter or digit');

/** A published version: immutable; the newest published one is the live one for new contacts. */
export interface CampaignVersion {
  campaignId: string;
  version: number;
  definition: CampaignDefinition;
  publishedAt: string;
  publishedBy: string;
}
