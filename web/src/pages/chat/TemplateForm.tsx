/**
 * Vorlage senden (WhatsApp): an approved template, the only message allowed after the 24-hour
 * window. The agent chooses one, fills one labelled field per placeholder (`{{1}}`, `{{2}}` …),
 * reads the filled-in text in the preview and sends it (`POST …/templates`, with an
 * `Idempotency-Key` kept for a retry of the same content).
 */
import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { Button, Notice, SelectField, TextField } from '../../components';
import { describeChatError } from './labels';
import { useSubmissionKey } from './submissionKey';
import type { ChatMessage, ChatTemplate } from './types';

/** The API's longest parameter. */
const MAX_PARAMETER_LENGTH = 200;
const PLACEHOLDER = /\{\{(\d+)\}\}/g;

/** How many parameters the template takes: its distinct placeholders (as the API counts them). */
export function parameterCount(template: ChatTemplate): number {
  return new Set([...template.text.matchAll(PLACEHOLDER)].map((match) => match[1])).size;
}

/** The template's text with the parameters in; a placeholder not yet filled stays visible as `{{n}}`. */
export function fillTemplate(template: ChatTemplate, parameters: readonly string[]): string {
  return template.text.replace(PLACEHOLDER, (all, index: string) => parameters[Number(index) - 1]?.trim() || all);
}

/** The approved templates (`GET /chat/templates`); they change with the bank's approvals, rarely. */
export function useTemplates() {
  return useQuery({ queryKey: ['chat', 'templates'], queryFn: ({ signal }) => api<{ templates: ChatTemplate[] }>('/chat/templates', { signal }), staleTime: 10 * 60_000 });
}

/** A 400 names `template` or `parameters`: as a sentence the agent can act on. */
function refusal(failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 400) {
    const fields = failure.fields.map((field) => field.field.replace(/^(body|query|path)\./, ''));
    if (fields.some((field) => field.startsWith('template'))) return 'Diese Vorlage ist nicht (mehr) freigegeben. Bitte die Seite neu laden und eine andere wählen.';
    if (fields.some((field) => field.startsWith('parameters'))) return 'Die Angaben passen nicht zur Vorlage: Bitte jeden Platzhalter ausfüllen (höchstens 200 Zeichen).';
  }
  return describeChatError(failure);
}

/**
 * The template form for `conversationId`; `windowClosed`: the 24-hour window has ended, so this is
 * the only way to reach the customer and the form says so.
 */
export function TemplateForm({ conversationId, windowClosed, onSent }: { conversationId: string; windowClosed: boolean; onSent(message: ChatMessage): void }) {
  const id = useId();
  const templates = useTemplates();
  const submissionKey = useSubmissionKey();
  const [name, setName] = useState('');
  const [values, setValues] = useState<string[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [choiceError, setChoiceError] = useState('');
  const [problem, setProblem] = useState('');
  const [sent, setSent] = useState('');
  const [busy, setBusy] = useState(false);
  const chosen = templates.data?.templates.find((template) => template.name === name);
  const count = chosen ? parameterCount(chosen) : 0;

  const choose = (next: string) => {
    const template = templates.data?.templates.find((candidate) => candidate.name === next);
    setName(next);
    setValues(Array.from({ length: template ? parameterCount(template) : 0 }, () => ''));
    setErrors([]);
    setChoiceError('');
    setProblem('');
    setSent('');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setSent('');
    setProblem('');
    if (!chosen) {
      setChoiceError('Bitte eine Vorlage wählen.');
      return;
    }
    const parameters = values.map((value) => value.trim());
    const missing = parameters.map((value) => (value === '' ? 'Bitte ausfüllen: Dieser Text erscheint an der Stelle des Platzhalters.' : ''));
    setErrors(missing);
    if (missing.some(Boolean)) return;
    setBusy(true);
    try {
      const message = await api<ChatMessage>(`/chat/conversations/${encodeURIComponent(conversationId)}/templates`, {
        method: 'POST',
        body: { template: chosen.name, parameters },
        idempotencyKey: submissionKey.keyFor([conversationId, chosen.name, parameters]),
      });
      submissionKey.settled();
      setValues(values.map(() => ''));
      setSent(`Vorlage „${chosen.title}“ gesendet.`);
      onSent(message);
    } catch (failure) {
      submissionKey.settled(failure);
      setProblem(refusal(failure));
    } finally {
      setBusy(false);
    }
  };

  const options = [{ value: '', label: templates.isPending ? 'Vorlagen werden geladen …' : 'Bitte wählen' }, ...(templates.data?.templates ?? []).map((template) => ({ value: template.name, label: template.title }))];

  return (
    <form className={`chat-template${windowClosed ? ' chat-template-only' : ''}`} aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)} noValidate>
      <h3 id={`${id}-title`}>Vorlage senden</h3>
      <p className="meta">
        {windowClosed
          ? 'Das 24-Stunden-Fenster ist abgelaufen: Den Kunden erreichen Sie jetzt nur mit einer freigegebenen WhatsApp-Vorlage. Antwortet er, ist wieder Freitext möglich.'
          : 'Freigegebene WhatsApp-Vorlagen dürfen jederzeit gesendet werden, auch nach dem 24-Stunden-Fenster.'}
      </p>
      <SelectField
        label="Vorlage"
        name="vorlage"
        value={name}
        onChange={choose}
        options={options}
        error={choiceError || undefined}
        hint={templates.isError ? `Die Vorlagen konnten nicht geladen werden. ${describeChatError(templates.error)}` : undefined}
      />
      {chosen ? (
        <>
          <p className="chat-template-text">
            <span className="chat-template-label">Vorlagentext:</span> {chosen.text}
          </p>
          {values.slice(0, count).map((value, index) => (
            <TextField
              key={`${chosen.name}-${index}`}
              label={`Platzhalter {{${index + 1}}}`}
              name={`platzhalter-${index + 1}`}
              value={value}
              onChange={(next) => {
                setValues(values.map((old, at) => (at === index ? next : old)));
                setErrors(errors.map((old, at) => (at === index ? '' : old)));
                setSent('');
              }}
              error={errors[index] || undefined}
              maxLength={MAX_PARAMETER_LENGTH}
              required
            />
          ))}
          <div className="chat-template-preview">
            <h4>Vorschau</h4>
            <p>{fillTemplate(chosen, values)}</p>
          </div>
        </>
      ) : null}
      <Button type="submit" busy={busy}>
        Vorlage senden
      </Button>
      <Notice kind="success">{sent || null}</Notice>
      <Notice kind="error">{problem || null}</Notice>
    </form>
  );
}
