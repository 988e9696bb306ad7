/**
 * The auditor's evidence view (issue 9, part 4): a customer's consent evidence with the exact
 * wording that was read out and its hash, the contact history and the audit trail as one
 * timeline, newest first. Read only. The customer number lives in the URL (`?kunde=`), so a view
 * can be linked and reloaded; opening it is itself recorded in the audit trail by the API.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { describeError, fieldErrors } from '../../api/errors';
import { Button, CheckboxGroup, Notice, Page, TextField } from '../../components';
import { KIND_LABELS, type TimelineKind } from './labels';
import { TimelineItem, type TimelineEntry } from './TimelineItem';

interface TimelinePage {
  customerId: string;
  entries: TimelineEntry[];
  nextCursor?: string;
}

const KINDS: TimelineKind[] = ['consent', 'contact', 'audit'];
const KIND_OPTIONS = KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }));
const PAGE_SIZE = 50;

export default function EvidencePage() {
  const [params, setParams] = useSearchParams();
  const customerId = params.get('kunde') ?? '';
  const [typed, setTyped] = useState(customerId);
  const [kinds, setKinds] = useState<string[]>(KINDS);
  const selected = KINDS.filter((kind) => kinds.includes(kind));

  const timeline = useInfiniteQuery({
    queryKey: ['timeline', customerId, selected.join(',')],
    queryFn: ({ pageParam, signal }) =>
      api<TimelinePage>(`/customers/${encodeURIComponent(customerId)}/timeline?${new URLSearchParams({ kinds: selected.join(','), limit: String(PAGE_SIZE), ...(pageParam ? { cursor: pageParam } : {}) })}`, { signal }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor,
    enabled: customerId !== '' && selected.length > 0,
    // Evidence does not change under the auditor's eyes; every fetch is a recorded read.
    staleTime: Infinity,
    retry: false,
  });
  const entries = timeline.data?.pages.flatMap((page) => page.entries) ?? [];
  const customerError = timeline.error ? fieldErrors(timeline.error).customerId : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(typed.trim() ? { kunde: typed.trim() } : {});
  };

  return (
    <Page title="Nachweise" intro="Einwilligungsnachweise mit dem vorgelesenen Wortlaut, Kontakthistorie und Protokoll eines Kunden in einer Zeitleiste, das Neueste zuerst. Nur lesend; das Öffnen wird protokolliert.">
      <form className="form narrow" role="search" aria-label="Kunde suchen" noValidate onSubmit={submit}>
        <TextField
          label="Kundennummer"
          name="customerId"
          value={typed}
          onChange={setTyped}
          required
          hint="z. B. K-100000"
          error={customerError ? 'Eine Kundennummer besteht aus Buchstaben, Ziffern und Bindestrichen, z. B. K-100000.' : undefined}
        />
        <div className="actions">
          <Button type="submit">Nachweise anzeigen</Button>
        </div>
      </form>

      {customerId ? (
        <section aria-labelledby="zeitleiste" className="evidence-timeline">
          <h2 id="zeitleiste">Zeitleiste für {customerId}</h2>
          <CheckboxGroup label="Einträge zeigen" name="kinds" value={kinds} onChange={setKinds} options={KIND_OPTIONS} hint="Filter nach Art des Eintrags" />
          <div role="status" className="evidence-status">
            {selected.length === 0
              ? 'Bitte mindestens eine Art von Einträgen wählen.'
              : timeline.isPending
                ? 'Zeitleiste wird geladen …'
                : timeline.data
                  ? entries.length === 0
                    ? `Für ${customerId} gibt es keine Einträge dieser Art.`
                    : `${entries.length} ${entries.length === 1 ? 'Eintrag' : 'Einträge'}${timeline.hasNextPage ? ', ältere können nachgeladen werden' : ''}.`
                  : ''}
          </div>
          <Notice kind="error">{timeline.error && !customerError ? describeError(timeline.error) : undefined}</Notice>
          {entries.length > 0 ? (
            <ol className="evidence-list" aria-label={`Zeitleiste für ${customerId}, das Neueste zuerst`}>
              {entries.map((entry) => (
                <TimelineItem key={entry.id} entry={entry} />
              ))}
            </ol>
          ) : null}
          {timeline.hasNextPage ? (
            <div className="actions">
              <Button variant="secondary" busy={timeline.isFetchingNextPage} onClick={() => void timeline.fetchNextPage()}>
                Ältere Einträge laden
              </Button>
            </div>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
