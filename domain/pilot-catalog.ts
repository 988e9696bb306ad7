/**
 * The default catalog: the twelve pilot service processes of seed 000 ("Pilotierung S Direkt &
 * SK KölnBonn – Prozessübersicht"), each as a campaign triggered by its service request, with the
 * offer and success path of the pilot table. The credit-card upgrade (no. 10) carries the seed's
 * script "Up-Selling Kreditkarte" word for word. Process owners start from these and publish
 * their own versions; the catalog is only the first version of each.
 *
 * Common to all: adults only (minors never get an offer, whatever a campaign says), no business
 * customers (they have their own advisors), and no second approach on the topic within 90 days
 * ("Grenzen der Kundenansprache": the contact history).
 */
import type { Criterion } from './campaign-criteria.schema';
import type { CampaignDefinitionInput } from './campaign';

const adult: Criterion = { kind: 'age', min: 18 };
const notBusiness: Criterion = { kind: 'not', rule: { kind: 'segment', in: ['business'] } };
const notApproachedOn = (topic: string): Criterion => ({ kind: 'last-contact-older-than', topic, days: 90 });
const doesNotOwn = (...products: Extract<Criterion, { kind: 'owns' }>['products']): Criterion => ({ kind: 'not', rule: { kind: 'owns', products } });

/** "Thank you, another time" as the seed says it when the customer declines. */
const declined = (product: string) =>
  `Falls Sie zu einem späteren Zeitpunkt Interesse an ${product} haben, sprechen Sie uns oder Ihren Berater einfach noch mal darauf an, wir stehen gerne zu Ihrer Verfügung.`;

/** Success path "Weiterleitung an Direktberatung": warm transfer, else callback. */
const toDirektberatung = (product: string, vorteile: string): CampaignDefinitionInput['outcomes'] => [
  { outcome: 'interested-transfer', say: `{anrede}, mein/e Kollege/in in der Direktberatung nennt Ihnen gerne weitere Vorteile ${vorteile}, die Ihnen bei Ihrer Entscheidung helfen können. Darf ich Sie verbinden?` },
  { outcome: 'interested-callback', say: 'Dann bitte ich meine Kolleginnen und Kollegen in der Direktberatung, Sie zurückzurufen. Wann passt es Ihnen am besten?' },
  { outcome: 'not-interested', say: declined(product) },
  { outcome: 'maybe-later', say: declined(product) },
];

/** Success path "Terminvereinbarung / Terminwunsch". */
const toAppointment = (about: string): CampaignDefinitionInput['outcomes'] => [
  { outcome: 'interested-appointment', say: `Gern vereinbare ich gleich einen Termin mit Ihrem Berater zum Thema ${about}. Passt Ihnen eher vormittags oder nachmittags?` },
  { outcome: 'interested-callback', say: 'Dann bitte ich Ihren Berater, Sie zur Terminabsprache zurückzurufen.' },
  { outcome: 'not-interested', say: `Das ist in Ordnung. ${declined('einem Gespräch')}` },
  { outcome: 'maybe-later', say: `Gern. ${declined('einem Gespräch')}` },
];

/** "Einladung zum Beratungsgespräch (Argumentation u. a.: Unterschrift ist erforderlich)". */
const signatureInvitation = (what: string, topic: string, appointmentTopic: 'geldanlage' | 'privatkredit') => ({
  offer: { topic, title: 'Einladung zum Beratungsgespräch', argument: `Für ${what} ist ohnehin eine Unterschrift nötig: das lässt sich mit einem kurzen Beratungsgespräch verbinden.`, appointmentTopic },
  script: {
    opening: `{anrede}, für ${what} brauchen wir noch Ihre Unterschrift. Darf ich Ihnen dafür gleich einen Termin mit Ihrem Berater vorschlagen? Dann können Sie bei der Gelegenheit auch alles Weitere in Ruhe besprechen.`,
    objections: [
      { objection: 'Geht das nicht auch per Post?', answer: 'Grundsätzlich ja; im Gespräch kann Ihr Berater aber gleich prüfen, ob alles zu Ihrer Situation passt, und Sie sparen sich den Rückversand.' },
      { objection: 'Dafür habe ich keine Zeit.', answer: 'Das Gespräch dauert nicht lange, und wir finden einen Termin, der Ihnen passt, auf Wunsch auch telefonisch oder per Video.' },
    ],
  },
  outcomes: toAppointment('Ihrer Unterschrift und Ihren Fragen'),
});

/** One catalog entry: a campaign id and its first definition. */
export interface CatalogCampaign {
  campaignId: string;
  definition: CampaignDefinitionInput;
}

export const PILOT_CATALOG: CatalogCampaign[] = [
  {
    campaignId: 'pilot-01-freistellungsauftrag',
    definition: {
      name: 'Freistellungsauftrag ändern → Beratungsgespräch',
      trigger: { kind: 'service-request', processes: ['freistellungsauftrag-aendern'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, notApproachedOn('geldanlage')] },
      ...signatureInvitation('die Änderung Ihres Freistellungsauftrags', 'geldanlage', 'geldanlage'),
      priority: 100,
    },
  },
  {
    campaignId: 'pilot-02-kreditrahmen',
    definition: {
      name: 'Kreditrahmen ändern → Beratungsgespräch',
      trigger: { kind: 'service-request', processes: ['kreditrahmen-aendern'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, notApproachedOn('privatkredit')] },
      ...signatureInvitation('die Änderung Ihres Kreditrahmens', 'privatkredit', 'privatkredit'),
      priority: 100,
    },
  },
  {
    campaignId: 'pilot-03-sorten-kreditkarte',
    definition: {
      name: 'Sorten bestellen → Kreditkarte oder Upgrade',
      trigger: { kind: 'service-request', processes: ['sorten-bestellen'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, doesNotOwn('mastercard-gold'), notApproachedOn('kreditkarte')] },
      offer: { product: 'mastercard-gold', topic: 'kreditkarte', title: 'Mastercard Gold', argument: 'Wer Sorten für die Reise bestellt, zahlt im Ausland mit der Mastercard Gold bequemer – mit Reiseversicherungen.' },
      script: {
        opening: '{anrede}, Sie planen eine Reise? Mit unserer Mastercard Gold zahlen Sie weltweit bequem und sind mit den zahlreichen Reiseversicherungen gut abgesichert. Darf ich Ihnen mehr dazu erzählen?',
        objections: [{ objection: 'Ich zahle lieber bar.', answer: 'Das Bargeld bestellen wir Ihnen gern. Die Karte ist eine Ergänzung für unterwegs – und gerade die Reiseversicherungen schätzen viele Kunden.' }],
      },
      outcomes: toDirektberatung('der Mastercard Gold', 'der Mastercard Gold'),
      priority: 100,
    },
  },
  {
    campaignId: 'pilot-04-girokonto-tagesgeld',
    definition: {
      name: 'Girokonto ändern → Tagesgeldkonto',
      trigger: { kind: 'service-request', processes: ['girokonto-aendern'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, doesNotOwn('overnight-account'), { kind: 'balance-above', euros: 5000, products: ['current-account'] }, notApproachedOn('tagesgeld')] },
      offer: { product: 'overnight-account', topic: 'tagesgeld', title: 'Tagesgeldkonto', argument: 'Auf dem Girokonto liegt mehr, als für den Alltag nötig ist: auf dem Tagesgeldkonto bleibt es verfügbar und bringt Zinsen.' },
      script: {
        opening: '{anrede}, mir fällt auf, dass auf Ihrem Girokonto ein schönes Guthaben liegt. Haben Sie schon einmal über ein Tagesgeldkonto nachgedacht? Das Geld bleibt täglich verfügbar und bringt Zinsen.',
        objections: [{ objection: 'Ich brauche das Geld vielleicht bald.', answer: 'Genau dafür ist das Tagesgeldkonto da: Sie kommen jeden Tag an Ihr Geld.' }],
      },
      outcomes: toDirektberatung('dem Tagesgeldkonto', 'des Tagesgeldkontos'),
      priority: 100,
    },
  },
  {
    campaignId: 'pilot-05-sondertilgung-sparen',
    definition: {
      name: 'Sondertilgung → Sparvertrag oder Bausparvertrag',
      trigger: { kind: 'service-request', processes: ['sondertilgung'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, doesNotOwn('savings-plan', 'building-society-contract'), notApproachedOn('sparen')] },
      offer: { product: 'savings-plan', topic: 'sparen', title: 'Sparplan oder Bausparvertrag', argument: 'Wer Kapital für eine Sondertilgung hat, denkt an die Zukunft: ein Sparplan oder Bausparvertrag setzt das fort.', appointmentTopic: 'geldanlage' },
      script: {
        opening: '{anrede}, schön, dass Sie Ihren Kredit schneller zurückzahlen. Möchten Sie das, was danach monatlich frei wird, gleich für sich arbeiten lassen? Ihr Berater zeigt Ihnen gern, was ein Sparplan oder ein Bausparvertrag bringt.',
        objections: [],
      },
      outcomes: toAppointment('Sparen und Bausparen'),
      priority: 100,
    },
  },
  {
    campaignId: 'pilot-06-dispo-frage',
    definition: {
      name: 'Dispositionskredit – Frage → Beratungsgespräch',
      trigger: { kind: 'service-request', processes: ['dispo-frage'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, notApproachedOn('privatkredit')] },
      ...signatureInvitation('Änderungen an Ihrem Dispositionskredit', 'privatkredit', 'privatkredit'),
      priority: 100,
    },
  },
  {
    campaignId: 'pilot-07-dispo-aenderung',
    definition: {
      name: 'Dispositionskredit – Änderungswunsch → Beratungsgespräch',
      trigger: { kind: 'service-request', processes: ['dispo-aenderung'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, notApproachedOn('privatkredit')] },
      ...signatureInvitation('die Änderung Ihres Dispositionskredits', 'privatkredit', 'privatkredit'),
      priority: 100,
    },
  },
  {
    campaignId: 'pilot-08-gutschriftskonto-anlage',
    definition: {
      name: 'Gutschriftskonto Spar ändern → Anlageberatung',
      trigger: { kind: 'service-request', processes: ['gutschriftskonto-spar-aendern'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, notApproachedOn('geldanlage')] },
      offer: { topic: 'geldanlage', title: 'Anlageberatung', argument: 'Die Zinsen des Sparkontos gehen künftig auf ein anderes Konto: ein guter Anlass, die Anlage insgesamt anzuschauen.', appointmentTopic: 'geldanlage' },
      script: { opening: '{anrede}, wenn Sie schon dabei sind, Ihr Sparen neu zu ordnen: Ihr Berater schaut gern mit Ihnen, wie Ihr Geld insgesamt am besten angelegt ist. Darf ich einen Termin vorschlagen?', objections: [] },
      outcomes: toAppointment('Geldanlage'),
      priority: 100,
    },
  },
  {
    campaignId: 'pilot-09-kreditkarte-anfrage',
    definition: {
      name: 'Kreditkarte – allgemeine Anfrage → Kreditkarte oder Upgrade',
      trigger: { kind: 'service-request', processes: ['kreditkarte-anfrage'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, doesNotOwn('mastercard-gold'), notApproachedOn('kreditkarte')] },
      offer: { product: 'mastercard-gold', topic: 'kreditkarte', title: 'Mastercard Gold', argument: 'Die Mastercard Gold bietet Umsatzbonifikation und zahlreiche Reiseversicherungen.' },
      script: { opening: '{anrede}, darf ich Ihnen bei der Gelegenheit unsere Mastercard Gold vorstellen? Sie bietet eine Umsatzbonifikation und zahlreiche Reiseversicherungen.', objections: [] },
      outcomes: toDirektberatung('der Mastercard Gold', 'der Mastercard Gold'),
      priority: 100,
    },
  },
  {
    // Seed 000, "Pilotierungsbeispiel Up-Selling Kreditkarte": the script as the pilot used it.
    campaignId: 'pilot-10-kreditkarte-upgrade',
    definition: {
      name: 'Kreditkarte – Frage zu bestehender Kreditkarte → Upgrade Mastercard Gold',
      description: 'Pilotierungsbeispiel „Up-Selling Kreditkarte“ (Modell V): Kunden mit Mastercard Classic erhalten nach ihrer Anfrage das Upgrade-Angebot.',
      trigger: { kind: 'service-request', processes: ['kreditkarte-bestehende'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, { kind: 'owns', products: ['mastercard-classic'] }, doesNotOwn('mastercard-gold'), notApproachedOn('kreditkarte')] },
      offer: { product: 'mastercard-gold', topic: 'kreditkarte', title: 'Mastercard Gold', argument: 'Kunde nutzt die Mastercard Classic: die Gold-Karte bietet Umsatzbonifikation und zahlreiche Reiseversicherungen.' },
      script: {
        opening: '{anrede}, Sie nutzen ja unsere MasterCard Classic, was halten Sie davon die Vorteile unserer MasterCard Gold, wie z.B. die Umsatzbonifikation und die zahlreichen Reiseversicherungen, kennenzulernen, {anrede}?',
        objections: [
          { objection: 'Kein Interesse', answer: 'Schade, gerade auf Reisen ist die Mastercard Gold ein tolles Zahlungsmittel. Falls Sie zu einem späteren Zeitpunkt Interesse an der MasterCard Gold haben, sprechen Sie uns oder Ihren Berater einfach noch mal darauf an, wir stehen gerne zu Ihrer Verfügung.' },
        ],
      },
      outcomes: [
        { outcome: 'interested-transfer', say: 'Frau/Herr …, mein/e Kollege/in in der Direktberatung nennt Ihnen gerne weitere Vorteile der MasterCard Gold, die Ihnen bei Ihrer Entscheidung helfen können. Darf ich Sie verbinden? – Kunde: „Ja“: Frau / Herr … gut, dann verbinde ich Sie mit meinen KollegInnen in der Direktberatung.' },
        { outcome: 'interested-callback', say: 'Dann bitte ich meine KollegInnen in der Direktberatung, Sie zurückzurufen. Günstige Rückrufzeit: schnellstmöglich?' },
        { outcome: 'not-interested', say: 'Schade, gerade auf Reisen ist die Mastercard Gold ein tolles Zahlungsmittel. Falls Sie zu einem späteren Zeitpunkt Interesse an der MasterCard Gold haben, sprechen Sie uns oder Ihren Berater einfach noch mal darauf an, wir stehen gerne zu Ihrer Verfügung.' },
        { outcome: 'maybe-later', say: 'Herr/Frau … falls Sie zu einem späteren Zeitpunkt Interesse an der MasterCard Gold haben, sprechen Sie uns oder Ihren Berater einfach noch mal darauf an, wir stehen gerne zu Ihrer Verfügung. Vielen Dank.' },
      ],
      blockMonths: 6,
      priority: 200,
    },
  },
  {
    campaignId: 'pilot-11a-dauerauftrag-hausrat',
    definition: {
      name: 'Dauerauftrag löschen / neu anlegen → Hausratversicherung',
      trigger: { kind: 'service-request', processes: ['dauerauftrag-aendern'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, doesNotOwn('household-insurance'), notApproachedOn('versicherung')] },
      offer: { product: 'household-insurance', topic: 'versicherung', title: 'Hausratversicherung', argument: 'Wer Daueraufträge neu ordnet, ordnet oft seinen Haushalt neu: ein guter Moment, den Hausrat abzusichern.', appointmentTopic: 'altersvorsorge' },
      script: { opening: '{anrede}, ist Ihr Hausrat eigentlich gut abgesichert? Ihr Berater prüft gern mit Ihnen, ob die Absicherung noch passt. Darf ich einen Termin vorschlagen?', objections: [] },
      outcomes: toAppointment('Absicherung Ihres Hausrats'),
      // A) before B): the insurance, when the customer has none.
      priority: 110,
    },
  },
  {
    campaignId: 'pilot-11b-dauerauftrag-anlage',
    definition: {
      name: 'Dauerauftrag löschen / neu anlegen → Anlageberatung',
      trigger: { kind: 'service-request', processes: ['dauerauftrag-aendern'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, notApproachedOn('geldanlage')] },
      offer: { topic: 'geldanlage', title: 'Anlageberatung', argument: 'Ein neuer Dauerauftrag kann auch ein Sparplan sein: Ihr Berater zeigt, wie.', appointmentTopic: 'geldanlage' },
      script: { opening: '{anrede}, wenn Sie regelmäßig Geld bewegen: Haben Sie schon überlegt, einen Teil davon regelmäßig anzulegen? Ihr Berater zeigt Ihnen gern, wie das geht.', objections: [] },
      outcomes: toAppointment('Geldanlage'),
      priority: 100,
    },
  },
  {
    campaignId: 'pilot-12-adressaenderung-hausrat',
    definition: {
      name: 'Adressänderung → Hausratversicherung',
      trigger: { kind: 'service-request', processes: ['adressaenderung'] },
      criteria: { kind: 'all', rules: [adult, notBusiness, doesNotOwn('household-insurance'), notApproachedOn('versicherung')] },
      offer: { product: 'household-insurance', topic: 'versicherung', title: 'Hausratversicherung', argument: 'Mit dem Umzug ändert sich der Hausrat und oft die Versicherungssumme.', appointmentTopic: 'altersvorsorge' },
      script: { opening: '{anrede}, mit dem Umzug ändert sich oft auch, was im Haushalt zu versichern ist. Darf ich Ihnen einen Termin vorschlagen, um Ihre Hausratversicherung anzuschauen?', objections: [] },
      outcomes: toAppointment('Absicherung Ihres Hausrats'),
      priority: 100,
    },
  },
];

/**
 * A campaign run's example (issue 12): the credit-card upgrade of seed 000 as an outbound
 * campaign over a target selection instead of a service request, so a process owner finds one
 * selection campaign to dry-run and launch. Its topic is the refinement's: a customer offered the
 * upgrade on either path is not approached again on the other (contact history, caps).
 */
export const SELECTION_EXAMPLES: CatalogCampaign[] = [
  {
    campaignId: 'aktion-kreditkarte-upgrade',
    definition: {
      name: 'Aktion: Upgrade Mastercard Gold für Inhaber der Mastercard Classic',
      description: 'Zielgruppenauswahl für einen Kampagnenlauf: volljährige Privatkunden mit Mastercard Classic, die seit 90 Tagen nicht zum Thema Kreditkarte angesprochen wurden.',
      trigger: { kind: 'selection' },
      criteria: { kind: 'all', rules: [adult, notBusiness, { kind: 'owns', products: ['mastercard-classic'] }, doesNotOwn('mastercard-gold'), notApproachedOn('kreditkarte')] },
      offer: { product: 'mastercard-gold', topic: 'kreditkarte', title: 'Mastercard Gold', argument: 'Kunde nutzt die Mastercard Classic: die Gold-Karte bietet Umsatzbonifikation und zahlreiche Reiseversicherungen.' },
      script: {
        opening: 'Guten Tag {anrede}, hier ist Ihre Sparkasse. Sie nutzen ja unsere MasterCard Classic: was halten Sie davon, die Vorteile unserer MasterCard Gold kennenzulernen, wie die Umsatzbonifikation und die zahlreichen Reiseversicherungen?',
        objections: [{ objection: 'Kein Interesse', answer: `Schade, gerade auf Reisen ist die Mastercard Gold ein tolles Zahlungsmittel. ${declined('der MasterCard Gold')}` }],
      },
      outcomes: toDirektberatung('der MasterCard Gold', 'der MasterCard Gold'),
      blockMonths: 6,
      priority: 100,
    },
  },
];

/** Everything seeded at the first start: the pilot catalog and the selection example. */
export const DEFAULT_CATALOG: CatalogCampaign[] = [...PILOT_CATALOG, ...SELECTION_EXAMPLES];
