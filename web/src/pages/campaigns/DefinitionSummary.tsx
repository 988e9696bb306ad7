/** A campaign definition read out for people: the live version, a version, or a draft read only. */
import { describeCriterion } from './criteria-text';
import { APPOINTMENT_TOPICS, outcomeLabel, productLabel, triggerText } from './labels';
import type { CampaignDefinition } from './types';

export function DefinitionSummary({ definition, titleOf }: { definition: CampaignDefinition; titleOf: (process: string) => string }) {
  const exclusions = definition.exclusions ?? [];
  const objections = definition.script.objections ?? [];
  return (
    <dl className="facts campaign-facts">
      <dt>Name</dt>
      <dd>{definition.name}</dd>
      {definition.description ? (
        <>
          <dt>Beschreibung</dt>
          <dd>{definition.description}</dd>
        </>
      ) : null}
      <dt>Auslöser</dt>
      <dd>{triggerText(definition.trigger, titleOf)}</dd>
      <dt>Zielkriterien</dt>
      <dd>{describeCriterion(definition.criteria)}</dd>
      <dt>Ausschlüsse</dt>
      <dd>{exclusions.length === 0 ? 'keine' : exclusions.map((rule, index) => <div key={index}>{`Ausschluss ${index + 1}: ${describeCriterion(rule)}`}</div>)}</dd>
      <dt>Angebot</dt>
      <dd>
        {definition.offer.title}
        {definition.offer.product ? ` (${productLabel(definition.offer.product)})` : ''}, Thema {definition.offer.topic}
        {definition.offer.appointmentTopic ? `, Beratungstermin zum Thema ${APPOINTMENT_TOPICS[definition.offer.appointmentTopic] ?? definition.offer.appointmentTopic}` : ''}
        <div className="meta">{definition.offer.argument}</div>
      </dd>
      <dt>Gesprächseinstieg</dt>
      <dd>
        <blockquote className="campaign-quote">{definition.script.opening}</blockquote>
      </dd>
      <dt>Einwände</dt>
      <dd>
        {objections.length === 0
          ? 'keine'
          : objections.map((row, index) => (
              <div key={index}>
                <strong>„{row.objection}“</strong>: {row.answer}
              </div>
            ))}
      </dd>
      <dt>Erlaubte Ergebnisse</dt>
      <dd>
        <ul className="campaign-outcome-list">
          {definition.outcomes.map((rule) => (
            <li key={rule.outcome}>
              <strong>{outcomeLabel(rule.outcome)}</strong>
              {rule.say ? `: „${rule.say}“` : ''}
            </li>
          ))}
        </ul>
      </dd>
      <dt>Sperrvermerk</dt>
      <dd>{definition.blockMonths ?? 6} Monate nach „Kein Interesse“</dd>
      <dt>Priorität</dt>
      <dd>{definition.priority ?? 100}</dd>
      <dt>Höchstzahl</dt>
      <dd>
        {definition.caps?.perCustomer ?? 1} Ansprache(n) je Kunde in {definition.caps?.perCustomerDays ?? 365} Tagen
      </dd>
      <dt>Gültigkeit</dt>
      <dd>{definition.validFrom || definition.validUntil ? `${definition.validFrom ? `ab ${germanDate(definition.validFrom)}` : ''} ${definition.validUntil ? `bis ${germanDate(definition.validUntil)}` : ''}`.trim() : 'unbegrenzt'}</dd>
    </dl>
  );
}

/** "2026-11-26" → "26.11.2026". */
export function germanDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return day && month && year ? `${day}.${month}.${year}` : iso;
}
