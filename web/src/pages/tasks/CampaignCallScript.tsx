/**
 * The conversation script of a campaign call (task type `campaign-call`): the task's context names
 * only the campaign, its version and the customer, so the page reads the pinned version
 * (`GET /campaigns/{id}/versions/{n}`, which agents may read once published) and the customer's
 * name (`GET /customers/{id}`) and shows what the console shows for an offer: title and argument,
 * the opening to read out with `{anrede}` filled in, the answers to objections, and for each answer
 * the campaign allows the sentence to say. The completion form stays the one generated from the
 * task type's schema; the answers here carry the same German titles as its choices.
 */
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { Notice } from '../../components';
import type { FormSchema } from '../../components/SchemaForm';
import { useVersion } from '../campaigns/queries';
import { CUSTOMER_READ, customerPath } from '../console/queries';
import { offerOutcomeLabel, productLabel, topicLabel } from '../console/labels';
import type { CustomerSummary } from '../console/types';
import { choiceTitle } from './labels';
import type { Task } from './types';

/**
 * How the script addresses the customer, as the console's offer does: "Frau/Herr Krause" (core
 * banking keeps no salutation); "Frau/Herr …" while the name is not known.
 */
export function anredeOf(name: { familyName: string } | undefined): string {
  return name ? `Frau/Herr ${name.familyName}` : 'Frau/Herr …';
}

/** The script's text with every `{anrede}` replaced. */
export const fillAnrede = (text: string, anrede: string) => text.split('{anrede}').join(anrede);

/** The campaign, version and customer of a `campaign-call` task's context, if all are there. */
function scriptRef(task: Task): { campaignId: string; version: number; customerId: string } | undefined {
  const { campaignId, version, customerId } = task.context;
  const number = typeof version === 'number' ? version : Number(version);
  if (typeof campaignId !== 'string' || typeof customerId !== 'string' || !Number.isInteger(number) || number < 1) return undefined;
  return { campaignId, version: number, customerId };
}

export function CampaignCallScript({ task, schema }: { task: Task; schema?: FormSchema }) {
  const ref = scriptRef(task);
  const version = useVersion(ref?.campaignId ?? '', ref?.version);
  const customer = useQuery({
    queryKey: ['customer', ref?.customerId ?? ''],
    queryFn: ({ signal }) => api<CustomerSummary>(customerPath(ref?.customerId ?? ''), { signal }),
    enabled: ref !== undefined,
    ...CUSTOMER_READ,
  });

  let body: ReactNode;
  if (!ref) {
    body = <p>Diese Aufgabe nennt keine Kampagnenversion; ein Gesprächsleitfaden kann nicht angezeigt werden.</p>;
  } else if (version.isPending) {
    body = <p role="status">Der Gesprächsleitfaden wird geladen …</p>;
  } else if (version.isError) {
    body = <Notice kind="error">{`Der Gesprächsleitfaden (Kampagne ${ref.campaignId}, Version ${ref.version}) konnte nicht geladen werden. ${describeError(version.error)}`}</Notice>;
  } else {
    const { definition } = version.data;
    const anrede = anredeOf(customer.data?.name);
    const fill = (text: string) => fillAnrede(text, anrede);
    const objections = definition.script.objections ?? [];
    const outcomeTitle = (code: string) => choiceTitle(schema, 'outcome', code) ?? offerOutcomeLabel(code);
    body = (
      <>
        <h3>Angebot: {definition.offer.title}</h3>
        <p className="meta">
          Kampagne „{definition.name}“, Version {version.data.version}
          {definition.offer.product ? `; Produkt ${productLabel(definition.offer.product)}` : ''}; Thema {topicLabel(definition.offer.topic)}
        </p>
        <p>
          <strong>Warum dieses Angebot:</strong> {definition.offer.argument}
        </p>

        <h3>Einstieg: bitte vorlesen</h3>
        {customer.isPending ? <p role="status">Der Name des Kunden wird geladen …</p> : null}
        {customer.isError ? (
          <p className="task-script-hint">
            <strong>Hinweis:</strong> Der Name des Kunden konnte nicht geladen werden ({describeError(customer.error)}). Bitte „Frau/Herr …“ durch den Namen ersetzen.
          </p>
        ) : null}
        <blockquote className="console-script task-script-opening">{fill(definition.script.opening)}</blockquote>

        <h3>Antworten auf Einwände</h3>
        {objections.length === 0 ? (
          <p>Für diese Kampagne sind keine Einwände hinterlegt.</p>
        ) : (
          <ul className="task-script-objections">
            {objections.map((item) => (
              <li key={item.objection}>
                <details>
                  <summary>Einwand: „{item.objection}“</summary>
                  <p>
                    <strong>Antwort:</strong> {fill(item.answer)}
                  </p>
                </details>
              </li>
            ))}
          </ul>
        )}

        <h3>Je nach Antwort des Kunden sagen</h3>
        <dl className="task-script-outcomes">
          {definition.outcomes.map((item) => (
            <div key={item.outcome}>
              <dt>{outcomeTitle(item.outcome)}</dt>
              <dd>{item.say ? `„${fill(item.say)}“` : 'Kein Satz vorgegeben.'}</dd>
            </div>
          ))}
        </dl>
        <p className="meta">Die Antwort des Kunden halten Sie unten im Formular fest.</p>
      </>
    );
  }

  return (
    <section aria-labelledby="leitfaden" className="task-script">
      <h2 id="leitfaden">Gesprächsleitfaden</h2>
      {body}
    </section>
  );
}
