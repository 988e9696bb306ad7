/**
 * Step 6 of the call: the customer is not interested ("Gesprächsausstieg bei fehlendem
 * Kundeninteresse", seed 000): a re-contact block (Sperrvermerk) on the topic for some months. A
 * second "no" on a running block extends it. One Idempotency-Key per submission, reused when the
 * same submission is sent again after a failure, so a retry never blocks twice.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, Notice, SelectField, TextArea, TextField } from '../../components';
import { dateTime } from '../../format';
import { topicLabel, TOPIC_OPTIONS } from './labels';
import { consoleError, germanFieldErrors } from './messages';
import type { BlockResult, CustomerSummary } from './types';
import { useSubmissionKey } from './useSubmissionKey';

export function BlockSection({ customer }: { customer: CustomerSummary }) {
  const queryClient = useQueryClient();
  const [topic, setTopic] = useState('kreditkarte');
  const [months, setMonths] = useState('6');
  const [reason, setReason] = useState('kein Interesse');
  const submission = useSubmissionKey();
  const block = useMutation({
    mutationFn: (body: { customerId: string; topic: string; months: number | string; reason: string }) =>
      api<BlockResult>('/contact-blocks', { method: 'POST', body, idempotencyKey: submission.keyFor(body) }),
    onSuccess: () => {
      submission.succeeded();
      return Promise.all(['blocks', 'contact-policy'].map((key) => queryClient.invalidateQueries({ queryKey: [key, customer.customerId] })));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A number when it is one; otherwise the text as typed, so the API names the field.
    const asNumber = Number(months.trim());
    block.mutate({ customerId: customer.customerId, topic, months: months.trim() !== '' && Number.isInteger(asNumber) ? asNumber : months, reason });
  };
  const fields = germanFieldErrors(block.error);
  const result = block.data;
  return (
    <section className="console-step" aria-labelledby="schritt-sperre">
      <h2 id="schritt-sperre">6. Kein Interesse: Sperrvermerk</h2>
      <p>Der Kunde wird zu diesem Thema für die gewählte Zeit nicht mehr werblich angesprochen. Ein weiteres „Nein“ verlängert einen laufenden Sperrvermerk.</p>
      <form className="form narrow" onSubmit={submit} noValidate aria-label="Sperrvermerk setzen">
        <SelectField label="Thema" name="topic" value={topic} onChange={setTopic} options={TOPIC_OPTIONS} error={fields.topic} required />
        <TextField label="Dauer in Monaten" name="months" value={months} onChange={setMonths} inputMode="numeric" error={fields.months} required />
        <TextArea label="Grund" name="reason" value={reason} onChange={setReason} maxLength={500} error={fields.reason} hint="Kurz und sachlich, z. B. „kein Interesse“." required />
        <div className="actions">
          <Button type="submit" busy={block.isPending}>
            Sperrvermerk setzen
          </Button>
        </div>
      </form>
      <Notice kind="success">
        {result
          ? `Sperrvermerk „${topicLabel(result.topic)}“ ${result.created ? 'gesetzt' : 'verlängert'}: keine werbliche Ansprache zu diesem Thema bis ${dateTime(result.endsAt)}. Er steht jetzt oben in der Liste der Sperrvermerke und endet von selbst.`
          : undefined}
      </Notice>
      <Notice kind="error">{block.error ? (Object.keys(fields).length > 0 ? 'Bitte die markierten Angaben prüfen.' : consoleError(block.error)) : undefined}</Notice>
    </section>
  );
}
