/**
 * The draft editor for process owners: every part of a campaign as form fields, criteria and
 * exclusions as JSON read out in German. "Entwurf speichern" sends `PUT /campaigns/{id}/draft`
 * with the revision the form was loaded from; the API's 400 puts each message beside its field
 * (with the path for rules), a 409 says who saved meanwhile and offers to load their draft.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, CheckboxGroup, Notice, SelectField, TextArea, TextField } from '../../components';
import { dateTime, time } from '../../format';
import { definitionOf, fieldOfPath, formOf, nextRowKey, type DraftForm } from './form-model';
import { APPOINTMENT_TOPIC_OPTIONS, fieldName, messageText, OUTCOMES, PRODUCT_OPTIONS } from './labels';
import { campaignPath } from './queries';
import { RuleField } from './RuleField';
import type { CampaignDefinition, CampaignDraft, CampaignView } from './types';

interface Problem {
  path: string;
  message: string;
}

interface Props {
  campaignId: string;
  draft: CampaignDraft;
  processes: Array<{ process: string; title: string }>;
  /** Tells the page whether the form holds changes not yet saved (publishing publishes the saved draft). */
  onDirtyChange(dirty: boolean): void;
}

export function DraftEditor({ campaignId, draft: loaded, processes, onDirtyChange }: Props) {
  const queryClient = useQueryClient();
  // The draft last loaded or saved, with its form (made once: rows get keys, so a second form of it would differ).
  const [base, setBase] = useState(() => ({ draft: loaded, form: formOf(loaded.definition) }));
  const { draft: saved, form: savedForm } = base;
  const [form, setForm] = useState<DraftForm>(savedForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Problem[]>([]);
  const [conflict, setConflict] = useState<CampaignDraft>();
  const [done, setDone] = useState<string>();
  const [focusRow, setFocusRow] = useState<number>();
  const summary = useRef<HTMLDivElement>(null);
  const dirty = JSON.stringify(form) !== JSON.stringify(savedForm);

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => {
    if (focusRow === undefined) return;
    document.querySelector<HTMLTextAreaElement>(`textarea[name="objection-${focusRow}"]`)?.focus();
    setFocusRow(undefined);
  }, [focusRow]);

  const set = <K extends keyof DraftForm>(key: K) => (value: DraftForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setDone(undefined);
  };

  /** Starts over from `draft` (after a save, a reload, or discarding changes). */
  const loadFrom = (draft: CampaignDraft) => {
    const fresh = formOf(draft.definition);
    setBase({ draft, form: fresh });
    setForm(fresh);
    setErrors({});
    setProblems([]);
    setConflict(undefined);
  };

  const save = useMutation({
    mutationFn: (body: { revision: number; definition: CampaignDefinition }) => api<CampaignDraft>(`${campaignPath(campaignId)}/draft`, { method: 'PUT', body }),
    onSuccess: async (draft) => {
      loadFrom(draft);
      setDone(`Entwurf gespeichert (Revision ${draft.revision}, ${time(draft.updatedAt)} Uhr).${draft.unpublishedChanges ? ' Er ist noch nicht veröffentlicht.' : ' Er entspricht der Live-Version.'}`);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['campaign', campaignId] }), queryClient.invalidateQueries({ queryKey: ['campaigns'] })]);
    },
    onError: async (error, body) => {
      if (error instanceof ApiError && error.status === 409) {
        // Who saved meanwhile: the draft as it is now.
        const now = await queryClient.fetchQuery({ queryKey: ['campaign', campaignId], queryFn: () => api<CampaignView>(campaignPath(campaignId)), staleTime: 0 });
        setConflict(now.draft);
        return;
      }
      if (error instanceof ApiError && error.status === 400 && error.fields.length > 0) {
        const found = error.fields.map((field) => ({ path: field.field.replace(/^(body\.)?definition\.?/, ''), message: messageText(field.message), key: fieldOfPath(field.field, body.definition) }));
        const next: Record<string, string> = {};
        for (const problem of found) {
          if (!problem.key) continue;
          const text = problem.key === 'criteria' || problem.key === 'exclusions' ? `${fieldName(problem.path)} (Pfad ${problem.path}): ${problem.message}` : problem.message;
          next[problem.key] = next[problem.key] ? `${next[problem.key]}; ${text}` : text;
        }
        setErrors(next);
        setProblems(found.map(({ path, message }) => ({ path, message })));
        summary.current?.focus();
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    setConflict(undefined);
    const built = definitionOf(form, saved.definition);
    if ('problems' in built) {
      setErrors(built.problems);
      setProblems(Object.entries(built.problems).map(([path, message]) => ({ path, message })));
      summary.current?.focus();
      return;
    }
    setErrors({});
    setProblems([]);
    save.mutate({ revision: saved.revision, definition: built.definition });
  };

  const saveError = save.error && !(save.error instanceof ApiError && (save.error.status === 409 || (save.error.status === 400 && save.error.fields.length > 0))) ? describeError(save.error) : undefined;
  const serviceRequest = saved.definition.trigger.kind === 'service-request';
  const options = processes.map((entry) => ({ value: entry.process, label: entry.title }));

  return (
    <form className="form campaign-editor" noValidate onSubmit={submit} aria-label="Entwurf bearbeiten">
      <p className="meta">
        Revision {saved.revision}, zuletzt gespeichert von {saved.updatedBy} am {dateTime(saved.updatedAt)}.{dirty ? ' Ungespeicherte Änderungen.' : ''}
      </p>

      <fieldset className="campaign-group">
        <legend>Allgemein</legend>
        <TextField label="Name" name="name" value={form.name} onChange={set('name')} error={errors.name} maxLength={120} required />
        <TextArea label="Beschreibung" name="description" value={form.description} onChange={set('description')} error={errors.description} hint="Für Kolleginnen und Kollegen: wozu diese Kampagne da ist." />
        {serviceRequest ? (
          <CheckboxGroup label="Auslösende Serviceanliegen" name="processes" value={form.processes} onChange={set('processes')} options={options} error={errors.processes} hint="Bearbeitet ein Agent eines dieser Anliegen, prüft das System das Angebot." required />
        ) : (
          <p>Auslöser: {saved.definition.trigger.kind === 'selection' ? 'Zielgruppenauswahl (Kampagnenlauf)' : 'Anlass aus dem Kernbanksystem'} (hier nicht änderbar).</p>
        )}
      </fieldset>

      <fieldset className="campaign-group">
        <legend>Zielgruppe</legend>
        <RuleField
          label="Zielkriterien (JSON)"
          name="criteria"
          value={form.criteria}
          onChange={set('criteria')}
          error={errors.criteria}
          list={false}
          hint='Eine Regel mit "kind": all, any, not, segment, age, federal-state, branch, owns, balance-above, maturity-within, last-contact-older-than, consent oder interest. Beispiel: { "kind": "age", "min": 18 }.'
        />
        <RuleField label="Ausschlüsse (JSON-Liste)" name="exclusions" value={form.exclusions} onChange={set('exclusions')} error={errors.exclusions} list hint="Eine Liste von Regeln; trifft eine davon zu, erhält der Kunde das Angebot nicht. [] für keine." />
      </fieldset>

      <fieldset className="campaign-group">
        <legend>Angebot</legend>
        <TextField label="Titel des Angebots" name="offerTitle" value={form.offerTitle} onChange={set('offerTitle')} error={errors.offerTitle} maxLength={120} required />
        <TextArea label="Argument" name="offerArgument" value={form.offerArgument} onChange={set('offerArgument')} error={errors.offerArgument} hint="Ein Satz für den Agenten: warum das Angebot zum Kunden passt." required />
        <SelectField label="Produkt" name="offerProduct" value={form.offerProduct} onChange={set('offerProduct')} options={PRODUCT_OPTIONS} error={errors.offerProduct} />
        <TextField label="Thema" name="offerTopic" value={form.offerTopic} onChange={set('offerTopic')} error={errors.offerTopic} hint="Unter diesem Thema zählen Sperrvermerke, Höchstzahlen und die Kontakthistorie, z. B. kreditkarte." required />
        <SelectField label="Thema des Beratungstermins" name="offerAppointmentTopic" value={form.offerAppointmentTopic} onChange={set('offerAppointmentTopic')} options={APPOINTMENT_TOPIC_OPTIONS} error={errors.offerAppointmentTopic} />
      </fieldset>

      <fieldset className="campaign-group">
        <legend>Gesprächsleitfaden</legend>
        <TextArea label="Gesprächseinstieg" name="opening" value={form.opening} onChange={set('opening')} error={errors.opening} rows={5} hint="{anrede} steht für „Frau/Herr Name“ und wird in der Konsole ersetzt." required />
        <div className="campaign-objections">
          <h3>Einwände und Antworten</h3>
          {form.objections.length === 0 ? <p className="meta">Noch keine Einwände.</p> : null}
          {form.objections.map((row, index) => (
            <fieldset key={row.key} className="campaign-objection">
              <legend>Einwand {index + 1}</legend>
              <TextArea
                label="Einwand des Kunden"
                name={`objection-${row.key}`}
                value={row.objection}
                onChange={(value) => set('objections')(form.objections.map((other) => (other.key === row.key ? { ...other, objection: value } : other)))}
                error={errors[`objections.${index}.objection`]}
                rows={2}
                required
              />
              <TextArea
                label="Antwort"
                name={`answer-${row.key}`}
                value={row.answer}
                onChange={(value) => set('objections')(form.objections.map((other) => (other.key === row.key ? { ...other, answer: value } : other)))}
                error={errors[`objections.${index}.answer`]}
                rows={3}
                required
              />
              <div className="actions">
                <Button variant="danger" onClick={() => set('objections')(form.objections.filter((other) => other.key !== row.key))}>
                  Einwand {index + 1} entfernen
                </Button>
              </div>
            </fieldset>
          ))}
          {errors.objections ? <p className="field-error">{errors.objections}</p> : null}
          <div className="actions">
            <Button
              variant="secondary"
              onClick={() => {
                const key = nextRowKey();
                set('objections')([...form.objections, { key, objection: '', answer: '' }]);
                setFocusRow(key);
              }}
            >
              Einwand hinzufügen
            </Button>
          </div>
        </div>
      </fieldset>

      <fieldset className={`campaign-group${errors.outcomes ? ' field-invalid' : ''}`}>
        <legend>Erlaubte Ergebnisse</legend>
        <p className="field-hint">Was der Agent nach dem Angebot erfassen darf, und was er dazu sagt.</p>
        {errors.outcomes ? <p className="field-error">{errors.outcomes}</p> : null}
        {OUTCOMES.map((outcome) => {
          const row = form.outcomes.find((candidate) => candidate.outcome === outcome.code)!;
          const update = (change: Partial<typeof row>) => set('outcomes')(form.outcomes.map((other) => (other.outcome === outcome.code ? { ...other, ...change } : other)));
          return (
            <div key={outcome.code} className="campaign-outcome">
              <label className="choice">
                <input type="checkbox" name={`outcome-${outcome.code}`} checked={row.on} onChange={(event) => update({ on: event.target.checked })} />
                <span>
                  <strong>{outcome.label}</strong> <span className="meta">– {outcome.leadsTo}</span>
                </span>
              </label>
              {row.on ? <TextArea label={`Satz bei „${outcome.label}“`} name={`say-${outcome.code}`} value={row.say} onChange={(value) => update({ say: value })} error={errors[`outcomes.${outcome.code}`]} rows={2} /> : null}
            </div>
          );
        })}
      </fieldset>

      <fieldset className="campaign-group campaign-numbers">
        <legend>Regeln der Ansprache</legend>
        <TextField label="Sperrvermerk nach „Kein Interesse“ (Monate)" name="blockMonths" value={form.blockMonths} onChange={set('blockMonths')} error={errors.blockMonths} inputMode="numeric" hint="1 bis 60; leer: 6." />
        <TextField label="Priorität" name="priority" value={form.priority} onChange={set('priority')} error={errors.priority} inputMode="numeric" hint="0 bis 1000; die höchste gewinnt, wenn mehrere passen. Leer: 100." />
        <TextField label="Ansprachen je Kunde höchstens" name="capsPerCustomer" value={form.capsPerCustomer} onChange={set('capsPerCustomer')} error={errors.capsPerCustomer} inputMode="numeric" hint="Auch „Vielleicht später“ zählt. Leer: 1." />
        <TextField label="… innerhalb von (Tagen)" name="capsPerCustomerDays" value={form.capsPerCustomerDays} onChange={set('capsPerCustomerDays')} error={errors.capsPerCustomerDays} inputMode="numeric" hint="Leer: 365." />
        <TextField label="Nachsorgeanruf nach einem Abschluss (Tage)" name="careCallDelayDays" value={form.careCallDelayDays} onChange={set('careCallDelayDays')} error={errors.careCallDelayDays} inputMode="numeric" hint="Leer: die Frist des Produkts." />
        <TextField label="Gültig ab" name="validFrom" value={form.validFrom} onChange={set('validFrom')} error={errors.validFrom} hint="Datum als JJJJ-MM-TT, z. B. 2026-12-01; leer: sofort." />
        <TextField label="Gültig bis" name="validUntil" value={form.validUntil} onChange={set('validUntil')} error={errors.validUntil} hint="Datum als JJJJ-MM-TT, einschließlich; leer: unbegrenzt." />
      </fieldset>

      <div ref={summary} tabIndex={-1} className="campaign-problems">
        <Notice kind="error">
          {problems.length > 0 ? (
            <>
              <p>Der Entwurf wurde nicht gespeichert. Bitte prüfen:</p>
              <ul>
                {problems.map((problem) => (
                  <li key={`${problem.path}:${problem.message}`}>
                    {fieldName(problem.path)} (<span className="campaign-path">{problem.path}</span>): {problem.message}
                  </li>
                ))}
              </ul>
            </>
          ) : conflict ? (
            <>
              <p>
                Nicht gespeichert: {conflict.updatedBy} hat den Entwurf inzwischen gespeichert ({dateTime(conflict.updatedAt)}, Revision {conflict.revision}). Ihre Änderungen beziehen sich auf Revision {saved.revision}.
              </p>
              <div className="actions">
                <Button variant="secondary" onClick={() => loadFrom(conflict)}>
                  Entwurf von {conflict.updatedBy} laden (Ihre Änderungen verwerfen)
                </Button>
              </div>
            </>
          ) : (
            saveError
          )}
        </Notice>
      </div>
      <Notice kind="success">{done}</Notice>
      <div className="actions">
        <Button type="submit" busy={save.isPending}>
          Entwurf speichern
        </Button>
        <Button variant="secondary" disabled={!dirty} onClick={() => loadFrom(saved)}>
          Änderungen verwerfen
        </Button>
      </div>
    </form>
  );
}
