/**
 * The reply box: a Textbaustein picker (choose, then "Einfügen" puts its text at the cursor), the
 * reply and "Senden". Each send carries a fresh `Idempotency-Key`; sending the same text again
 * after a failure reuses it, so a reply that did arrive is not sent twice. On WhatsApp after the
 * 24-hour window, "Senden" is disabled and the reason stands beside it.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, Notice, SelectField } from '../../components';
import { describeChatError } from './labels';
import { useSubmissionKey } from './submissionKey';
import type { ChatMessage, TextModule } from './types';

/** WhatsApp's longest text message. */
const MAX_LENGTH = 4096;

export function useTextModules() {
  return useQuery({ queryKey: ['chat', 'text-modules'], queryFn: ({ signal }) => api<{ modules: TextModule[] }>('/chat/text-modules', { signal }), staleTime: 10 * 60_000 });
}

export function ReplyForm({ conversationId, closedWindowText, onSent }: { conversationId: string; closedWindowText?: string; onSent(message: ChatMessage): void }) {
  const id = useId();
  const modules = useTextModules();
  const [text, setText] = useState('');
  const [moduleId, setModuleId] = useState('');
  const [error, setError] = useState('');
  const [problem, setProblem] = useState('');
  const [sent, setSent] = useState('');
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const submissionKey = useSubmissionKey();
  const chosen = modules.data?.modules.find((module) => module.id === moduleId);
  const blocked = closedWindowText !== undefined;

  const insert = () => {
    if (!chosen) {
      setError('');
      setProblem('Bitte zuerst einen Textbaustein wählen.');
      return;
    }
    const element = box.current;
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? text.length;
    const before = text.slice(0, start);
    const after = text.slice(end);
    const gap = before && !/\s$/.test(before) ? ' ' : '';
    const next = `${before}${gap}${chosen.text}${after}`;
    const caret = before.length + gap.length + chosen.text.length;
    setText(next);
    setProblem('');
    setError('');
    // The agent goes on writing where the module ends.
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(caret, caret);
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked || busy) return;
    const reply = text.trim();
    setSent('');
    setProblem('');
    if (reply === '') {
      setError('Bitte eine Antwort schreiben oder einen Textbaustein einfügen.');
      box.current?.focus();
      return;
    }
    setError('');
    setBusy(true);
    try {
      const message = await api<ChatMessage>(`/chat/conversations/${encodeURIComponent(conversationId)}/messages`, { method: 'POST', body: { text: reply }, idempotencyKey: submissionKey.keyFor([conversationId, reply]) });
      submissionKey.settled();
      setText('');
      setModuleId('');
      setSent('Gesendet.');
      onSent(message);
      box.current?.focus();
    } catch (failure) {
      submissionKey.settled(failure);
      setProblem(describeChatError(failure));
      // "Senden" was disabled while it ran: the focus goes back to the reply, not to the page's start.
      box.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const options = [{ value: '', label: modules.isPending ? 'Textbausteine werden geladen …' : 'Bitte wählen' }, ...(modules.data?.modules ?? []).map((module) => ({ value: module.id, label: module.title }))];

  return (
    <form className="chat-reply" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)} noValidate>
      <h3 id={`${id}-title`}>Antworten</h3>
      <div className="chat-modules">
        <SelectField
          label="Textbaustein"
          name="textbaustein"
          value={moduleId}
          onChange={setModuleId}
          options={options}
          hint={chosen ? <>Vorschau: {chosen.text}</> : modules.isError ? 'Die Textbausteine konnten nicht geladen werden.' : undefined}
        />
        <Button variant="secondary" onClick={insert}>
          Einfügen
        </Button>
      </div>
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-text`}>Ihre Antwort</label>
        {error ? (
          <p id={`${id}-error`} className="field-error">
            <span aria-hidden="true">⚠ </span>
            {error}
          </p>
        ) : null}
        <textarea
          id={`${id}-text`}
          ref={box}
          name="antwort"
          rows={4}
          maxLength={MAX_LENGTH}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setSent('');
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      <div className="actions">
        <Button type="submit" busy={busy} disabled={blocked} aria-describedby={blocked ? `${id}-blocked` : undefined}>
          Senden
        </Button>
        {blocked ? (
          <p id={`${id}-blocked`} className="chat-blocked">
            {closedWindowText}
          </p>
        ) : null}
      </div>
      <Notice kind="success">{sent || null}</Notice>
      <Notice kind="error">{problem || null}</Notice>
    </form>
  );
}
