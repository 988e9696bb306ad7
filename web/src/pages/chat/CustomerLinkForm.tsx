/**
 * Kunde zuordnen: the agent looks the customer up with the person search (`GET /customers/{id}`,
 * the contact console's read), sees whom it found and only then links the conversation to that
 * record (`PUT …/customer`). Two steps, so a mistyped number never links a stranger's record.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { Button, Notice, TextField } from '../../components';
import { germanFieldErrors } from '../console/messages';
import { customerPath } from '../console/queries';
import type { CustomerSummary } from '../console/types';
import { customerNameOf, customerQueryKey } from './LinkedCustomer';
import { describeChatError } from './labels';
import type { ConversationState } from './types';

/** The sentence beside the field when the API refused the number itself (400, 404); undefined for other failures. */
function numberProblem(failure: unknown, customerId: string): string | undefined {
  if (!(failure instanceof ApiError)) return undefined;
  const named = failure.fields.some((field) => field.field.replace(/^(body|query|path)\./, '') === 'customerId');
  if (failure.status === 404 && (named || failure.fields.length === 0)) return `Die Kundennummer ${customerId} ist im Kernbankensystem nicht bekannt. Bitte prüfen.`;
  if (failure.status === 400 && named) return `Kundennummer ${customerId}: ${germanFieldErrors(failure).customerId ?? 'Diese Angabe wurde nicht angenommen.'}`;
  return undefined;
}

/** Whom the search found, in one line: name, minor or not, branch and advisor. */
function foundLine(customer: CustomerSummary): string {
  return `${customerNameOf(customer)} (${customer.customerId})${customer.minor ? ', minderjährig' : ''}, Filiale ${customer.branchId}, Beraterin / Berater: ${customer.advisor.name}`;
}

/** The form "Kunde zuordnen" for the conversation `conversationId`; `linkedId` is the customer it is linked to, if any. */
export function CustomerLinkForm({ conversationId, linkedId, onLinked }: { conversationId: string; linkedId?: string; onLinked(state: ConversationState): void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [value, setValue] = useState('');
  const [found, setFound] = useState<CustomerSummary>();
  const [error, setError] = useState('');
  const [problem, setProblem] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState<'search' | 'link'>();

  const failed = (failure: unknown, customerId: string) => {
    const beside = numberProblem(failure, customerId);
    setError(beside ?? '');
    setProblem(beside ? '' : describeChatError(failure));
  };

  const search = async (event: FormEvent) => {
    event.preventDefault();
    const customerId = value.trim();
    setFound(undefined);
    setProblem('');
    setDone('');
    if (customerId === '') {
      setError('Bitte eine Kundennummer eingeben.');
      return;
    }
    setError('');
    setBusy('search');
    try {
      const customer = await api<CustomerSummary>(customerPath(customerId));
      // The conversation shows the name once linked: from this read, not from another one on the record.
      queryClient.setQueryData(customerQueryKey(customer.customerId), customer);
      setFound(customer);
    } catch (failure) {
      failed(failure, customerId);
    } finally {
      setBusy(undefined);
    }
  };

  const link = async (customer: CustomerSummary) => {
    setProblem('');
    setBusy('link');
    try {
      const state = await api<ConversationState>(`/chat/conversations/${encodeURIComponent(conversationId)}/customer`, { method: 'PUT', body: { customerId: customer.customerId } });
      setFound(undefined);
      setValue('');
      setDone(`Das Gespräch ist ${customerNameOf(customer)} (${customer.customerId}) zugeordnet.`);
      onLinked(state);
      // The button just pressed is gone: the focus stays in this form, not at the page's start.
      heading.current?.focus();
    } catch (failure) {
      failed(failure, customer.customerId);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <form className="chat-action chat-link" aria-labelledby={`${id}-title`} onSubmit={(event) => void search(event)} noValidate>
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Kunde zuordnen
      </h3>
      <Notice kind="error">{problem || null}</Notice>
      <TextField
        label="Kundennummer"
        name="zuordnen-kunde"
        value={value}
        onChange={(next) => {
          setValue(next);
          setError('');
          // A found customer belongs to the number searched: a changed number needs a new search.
          setFound(undefined);
        }}
        error={error || undefined}
        hint={linkedId ? `Zugeordnet: ${linkedId}. Eine andere Kundennummer ändert die Zuordnung.` : 'Aus der Personensuche, z. B. K-100000. Dann finden sich auch frühere Gespräche des Kunden auf anderen Kanälen.'}
        maxLength={64}
      />
      <Button type="submit" variant="secondary" busy={busy === 'search'}>
        Kunde suchen
      </Button>
      <Notice kind="info">{found ? `Gefunden: ${foundLine(found)}.` : null}</Notice>
      {found ? (
        <Button type="button" busy={busy === 'link'} onClick={() => void link(found)}>
          {`${customerNameOf(found)} zuordnen`}
        </Button>
      ) : null}
      <Notice kind="success">{done || null}</Notice>
    </form>
  );
}
