/**
 * Step 2 of the call: what the contact rules say about this customer. The consents that count
 * now, the active re-contact blocks (each can be lifted when the customer asks), and the contact
 * policy's answer for a purpose, channel and topic, with every reason and the earliest allowed
 * time. The API decides; this section only shows and words it.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, Notice, RadioGroup, SelectField } from '../../components';
import { dateTime } from '../../format';
import { CUSTOMER_READ, customerPath as path } from './queries';
import { channelLabel, CHANNEL_OPTIONS, INITIATOR_OPTIONS, OFFER_TOPIC_OPTIONS, PURPOSE_OPTIONS, reasonSentence, topicLabel } from './labels';
import { consoleError } from './messages';
import { TableScroll } from './TableScroll';
import type { BlockList, ConsentTrail, CustomerSummary, PolicyView } from './types';

export function RulesSection({ customer }: { customer: CustomerSummary }) {
  return (
    <section className="console-step" aria-labelledby="schritt-regeln">
      <h2 id="schritt-regeln">2. Kontaktregeln</h2>
      <Consents customerId={customer.customerId} />
      <Blocks customerId={customer.customerId} />
      <Policy customerId={customer.customerId} />
    </section>
  );
}

function Consents({ customerId }: { customerId: string }) {
  const trail = useQuery({ queryKey: ['consents', customerId], queryFn: ({ signal }) => api<ConsentTrail>(path(customerId, '/consents'), { signal }), ...CUSTOMER_READ });
  return (
    <div className="console-part">
      <h3>Werbeeinwilligungen</h3>
      <Notice kind="error">{trail.error ? consoleError(trail.error) : undefined}</Notice>
      {trail.data ? (
        trail.data.current.length === 0 ? (
          <p>Keine Werbeeinwilligung erfasst: der Kunde wurde noch nie gefragt.</p>
        ) : (
          <TableScroll label="Werbeeinwilligungen">
            <table>
              <caption>Werbeeinwilligungen, wie sie jetzt gelten</caption>
              <thead>
                <tr>
                  <th scope="col">Kanal</th>
                  <th scope="col">Stand</th>
                  <th scope="col">Entschieden am</th>
                  <th scope="col">Quelle</th>
                </tr>
              </thead>
              <tbody>
                {trail.data.current.map((consent) => (
                  <tr key={consent.channel}>
                    <th scope="row">{channelLabel(consent.channel)}</th>
                    <td>{consent.granted ? <span className="badge badge-ok">erteilt</span> : <span className="badge badge-bad">nicht erteilt</span>}</td>
                    <td>{dateTime(consent.recordedAt)}</td>
                    <td>{consent.source === 'evidence' ? 'Nachweis der Drehscheibe' : 'Kernbankensystem'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )
      ) : null}
    </div>
  );
}

function Blocks({ customerId }: { customerId: string }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['blocks', customerId], queryFn: ({ signal }) => api<BlockList>(path(customerId, '/contact-blocks'), { signal }), ...CUSTOMER_READ });
  const lift = useMutation({
    mutationFn: (topic: string) => api(`/contact-blocks/${encodeURIComponent(customerId)}/${encodeURIComponent(topic)}`, { method: 'DELETE', body: { reason: 'auf Wunsch des Kunden im Gespräch aufgehoben' } }),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['blocks', customerId] }), queryClient.invalidateQueries({ queryKey: ['contact-policy', customerId] })]),
  });
  return (
    <div className="console-part">
      <h3>Sperrvermerke</h3>
      <Notice kind="success">{lift.isSuccess ? `Sperrvermerk „${topicLabel(lift.variables)}“ aufgehoben: der Kunde darf zu diesem Thema wieder angesprochen werden, wenn die übrigen Regeln es erlauben.` : undefined}</Notice>
      <Notice kind="error">{list.error ? consoleError(list.error) : lift.error ? consoleError(lift.error) : undefined}</Notice>
      {list.data ? (
        list.data.blocks.length === 0 ? (
          <p>Keine aktiven Sperrvermerke.</p>
        ) : (
          <TableScroll label="Aktive Sperrvermerke">
            <table>
              <caption>Aktive Sperrvermerke</caption>
              <thead>
                <tr>
                  <th scope="col">Thema</th>
                  <th scope="col">Gesperrt bis</th>
                  <th scope="col">Seit</th>
                  <th scope="col">Grund</th>
                  <th scope="col">Aktion</th>
                </tr>
              </thead>
              <tbody>
                {list.data.blocks.map((block) => (
                  <tr key={block.workflowId}>
                    <th scope="row">{topicLabel(block.topic)}</th>
                    <td>{dateTime(block.endsAt)}</td>
                    <td>{dateTime(block.startedAt)}</td>
                    <td>{block.reason}</td>
                    <td>
                      <Button variant="secondary" busy={lift.isPending && lift.variables === block.topic} onClick={() => lift.mutate(block.topic)}>
                        Aufheben<span className="visually-hidden"> (Sperrvermerk {topicLabel(block.topic)})</span>
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )
      ) : null}
    </div>
  );
}

interface PolicyQuestion {
  purpose: string;
  channel: string;
  topic: string;
  initiatedBy: string;
}

/** On a live call the customer called in; the usual question is whether an offer may follow. */
const FIRST_QUESTION: PolicyQuestion = { purpose: 'advertising', channel: 'phone', topic: 'kreditkarte', initiatedBy: 'customer' };

function Policy({ customerId }: { customerId: string }) {
  const [form, setForm] = useState<PolicyQuestion>(FIRST_QUESTION);
  const [asked, setAsked] = useState<PolicyQuestion>(FIRST_QUESTION);
  const policy = useQuery({
    queryKey: ['contact-policy', customerId, asked],
    queryFn: ({ signal }) => api<PolicyView>(`${path(customerId, '/contact-policy')}?${new URLSearchParams({ ...asked })}`, { signal }),
    ...CUSTOMER_READ,
    staleTime: 0,
  });
  const set = (key: keyof PolicyQuestion) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAsked(form);
    if (JSON.stringify(form) === JSON.stringify(asked)) void policy.refetch();
  };
  const view = policy.data;
  return (
    <div className="console-part">
      <h3>Darf ich den Kunden ansprechen?</h3>
      <form className="form console-policy-form" onSubmit={submit} noValidate aria-label="Kontaktregeln fragen">
        <SelectField label="Zweck" name="purpose" value={form.purpose} onChange={set('purpose')} options={PURPOSE_OPTIONS} />
        <SelectField label="Kanal" name="channel" value={form.channel} onChange={set('channel')} options={CHANNEL_OPTIONS} />
        <SelectField label="Thema" name="topic" value={form.topic} onChange={set('topic')} options={OFFER_TOPIC_OPTIONS} />
        <RadioGroup label="Wer hat den Kontakt begonnen?" name="initiatedBy" value={form.initiatedBy} onChange={set('initiatedBy')} options={INITIATOR_OPTIONS} />
        <div className="actions">
          <Button type="submit" variant="secondary" busy={policy.isFetching}>
            Regeln prüfen
          </Button>
        </div>
      </form>
      <Notice kind="error">{policy.error ? consoleError(policy.error) : undefined}</Notice>
      <div className="console-decision" role="status" aria-live="polite">
        {view ? (
          <>
            <p className="console-verdict">
              {view.decision.allowed ? <span className="badge badge-ok">Erlaubt</span> : <span className="badge badge-bad">Nicht erlaubt</span>}{' '}
              {PURPOSE_OPTIONS.find((option) => option.value === view.contact.purpose)?.label} per {channelLabel(view.contact.channel)} zum Thema {topicLabel(view.contact.topic)}
              <span className="meta"> (Stand {dateTime(view.decidedAt)})</span>
            </p>
            <ul aria-label="Gründe">
              {view.decision.reasons.map((reason) => (
                <li key={reason.code}>{reasonSentence(reason)}</li>
              ))}
            </ul>
            {view.decision.allowed ? null : view.decision.earliestAllowedAt ? (
              <p>
                <strong>Frühestens erlaubt ab {dateTime(view.decision.earliestAllowedAt)}.</strong>
              </p>
            ) : (
              <p>
                <strong>Kein frühester Zeitpunkt: Warten allein hebt diese Gründe nicht auf.</strong>
              </p>
            )}
          </>
        ) : null}
      </div>
    </div>
  );
}
