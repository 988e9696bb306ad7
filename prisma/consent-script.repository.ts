/**
 * Consent scripts, versioned. The first version (seed 000, "Praxisbeispiel – Einholung
 * Werbeeinverständnis") is there from the start, so agents can ask before a process owner edits.
 */
import type { ConsentScriptStore } from '../activities/ports';
import { ConsentScriptContentSchema, type ConsentScript, type ConsentScriptContent } from '../domain/consent';
import type { Db } from './database';

/** The wording of seed 000, with a neutral address instead of the example customer. */
export const INITIAL_CONSENT_SCRIPT: ConsentScriptContent = {
  question:
    'Wir möchten Sie gern auch telefonisch über neue Angebote und aktuelle Produkte informieren. (Wie Sie vielleicht gelesen haben, dürfen wir das nur, wenn Sie uns Ihre Einwilligung dazu gegeben haben.) Sind Sie damit einverstanden, dass wir, Ihre Sparkasse, uns auch künftig telefonisch bei Ihnen melden dürfen? Das kann zum Beispiel eine Einladung zum Beratungsgespräch oder eine Information über ein aktuelles Angebot sein.',
  objectionAnswers: [
    {
      objection: 'Das überlege ich mir noch. / Wozu benötigen Sie meine Zustimmung?',
      answer:
        'Der Gesetzgeber schreibt diese Zustimmung vor, damit wir Sie anrufen können. Dabei möchten wir Sie beispielsweise über besondere Konten oder Sparprodukte informieren oder Sie zu einem Beratungsgespräch einladen. Sind Sie damit einverstanden, dass sich Ihr Berater auch künftig telefonisch melden darf?',
    },
    { objection: 'Wer ruft mich denn da an?', answer: 'Ihr Berater oder unser Kunden-Service-Center Ihrer Sparkasse – niemand sonst. Ihre Einwilligung gilt nur für uns.' },
    { objection: 'Wann rufen Sie mich denn da an?', answer: 'Nur werktags zu üblichen Zeiten und nur, wenn wir ein passendes Angebot für Sie haben. Sie können Ihre Einwilligung jederzeit widerrufen.' },
    {
      objection: 'Kann ich das nicht in der Geschäftsstelle mit meinem Kundenberater besprechen?',
      answer: 'Selbstverständlich. Mit Ihrer Einwilligung kann Ihr Berater Sie dafür auch anrufen und einen Termin mit Ihnen vereinbaren.',
    },
  ],
};

type Row = { version: number; content: string; createdBy: string; createdAt: Date };

export class PrismaConsentScriptStore implements ConsentScriptStore {
  constructor(private readonly db: Db) {}

  async latest(): Promise<ConsentScript | undefined> {
    const row = await this.db.consentScript.findFirst({ orderBy: { version: 'desc' } });
    if (row) return toScript(row);
    // A fresh database gets the seed wording as version 1 (a concurrent first call may win; fine).
    await this.db.consentScript.upsert({
      where: { version: 1 },
      create: { version: 1, content: JSON.stringify(INITIAL_CONSENT_SCRIPT), createdBy: 'seed' },
      update: {},
    });
    return this.get(1);
  }

  async get(version: number): Promise<ConsentScript | undefined> {
    const row = await this.db.consentScript.findUnique({ where: { version } });
    if (row) return toScript(row);
    // Version 1 is the seed wording, there from the start even if nobody read the latest yet.
    if (version === 1 && (await this.db.consentScript.count()) === 0) return this.latest();
    return undefined;
  }

  async add(content: ConsentScriptContent, createdBy: string): Promise<ConsentScript> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const latest = await this.latest();
      const version = (latest?.version ?? 0) + 1;
      try {
        const row = await this.db.consentScript.create({ data: { version, content: JSON.stringify(content), createdBy } });
        return toScript(row);
      } catch (error) {
        // Two owners saved at once: the other took this version number; take the next.
        if ((error as { code?: string }).code !== 'P2002') throw error;
      }
    }
    throw new Error('could not store the consent script after concurrent changes');
  }
}

function toScript(row: Row): ConsentScript {
  const content = ConsentScriptContentSchema.parse(JSON.parse(row.content));
  return { ...content, version: row.version, createdBy: row.createdBy, createdAt: row.createdAt.toISOString() };
}
