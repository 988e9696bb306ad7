/**
 * The customer's chat box: the conversation (read every 2 seconds while the session exists), the
 * answers of the Kundenservice and the automatic replies marked as such, and the send field. New
 * answers are announced in a polite live region (the transcript itself is not live, so the
 * customer's own words are not read back); the focus stays in the send field.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, Notice } from '../../components';
import { time } from '../../format';
import { ensureSession, readConversation, sendMessage, storedSession, type WebchatMessage, type WebchatSession } from './webchatApi';
import { newUuid } from '../../api/uuid';

/** How often the conversation is read again. */
export const REFRESH_MS = 2_000;
const MAX_LENGTH = 4096;

const authorOf = (message: WebchatMessage) => (message.direction === 'in' ? 'Sie' : 'Kundenservice');

/** What the live region says about the bank's new messages (none on the first read). */
function announcementOf(seen: Set<string> | undefined, messages: WebchatMessage[]): string | undefined {
  if (!seen) return undefined;
  const fresh = messages.filter((message) => message.direction === 'out' && !seen.has(message.id));
  if (fresh.length === 0) return undefined;
  return fresh.map((message) => `${message.by === 'auto' ? 'Automatische Antwort' : 'Antwort vom Kundenservice'}: ${message.text}`).join(' ');
}

export function ChatBox() {
  const id = useId();
  const [session, setSession] = useState<WebchatSession | null>(storedSession);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const transcript = useRef<HTMLDivElement>(null);
  /** Ids of the messages read so far (undefined before the first read). */
  const seen = useRef<Set<string> | undefined>(undefined);
  /** The key of a send that failed without a clear answer, for the same text. */
  const pending = useRef<{ text: string; key: string } | null>(null);

  const conversation = useQuery({
    queryKey: ['webchat', session?.sessionId],
    enabled: session !== null,
    queryFn: async ({ signal }) => {
      const answer = await readConversation(session!, signal);
      const messages = answer?.messages ?? [];
      const sentence = announcementOf(seen.current, messages);
      if (sentence) setAnnouncement(sentence);
      seen.current = new Set(messages.map((message) => message.id));
      return answer;
    },
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: true,
    staleTime: 0,
    retry: (count, failure) => !(failure instanceof ApiError && failure.status === 401) && count < 2,
  });

  // A session the server no longer knows (its token is refused): the next message opens a new one.
  const refused = conversation.error instanceof ApiError && conversation.error.status === 401;
  useEffect(() => {
    if (!refused) return;
    sessionStorage.removeItem('drehscheibe.webchat');
    seen.current = undefined;
    setSession(null);
  }, [refused]);

  const messages = conversation.data?.messages ?? [];
  const count = messages.length;
  useEffect(() => {
    // New messages come into view inside the transcript's own scroll box (the page does not jump).
    if (transcript.current) transcript.current.scrollTop = transcript.current.scrollHeight;
  }, [count]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const message = text.trim();
    setProblem('');
    if (message === '') {
      setError('Bitte schreiben Sie eine Nachricht.');
      box.current?.focus();
      return;
    }
    setError('');
    if (pending.current?.text !== message) pending.current = { text: message, key: newUuid() };
    setBusy(true);
    try {
      const current = await ensureSession();
      setSession(current);
      await sendMessage(current, message, pending.current.key);
      pending.current = null;
      setText('');
      if (seen.current === undefined) seen.current = new Set();
      await conversation.refetch();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) pending.current = null;
      if (failure instanceof ApiError && failure.status === 401) {
        sessionStorage.removeItem('drehscheibe.webchat');
        setSession(null);
        setProblem('Ihre Chat-Sitzung ist abgelaufen. Bitte senden Sie Ihre Nachricht noch einmal.');
      } else {
        setProblem(failure instanceof ApiError && failure.status === 400 ? 'Die Nachricht wurde nicht angenommen. Bitte kürzen oder prüfen Sie sie.' : describeError(failure));
      }
    } finally {
      setBusy(false);
      box.current?.focus();
    }
  };

  const state = conversation.data;
  return (
    <section className="card webchat-chat" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Chat mit dem Kundenservice</h2>
      <p>Schreiben Sie uns Ihr Anliegen. Bitte senden Sie hier keine PIN, TAN oder Kontodaten: Aufträge und Kartensperren nehmen wir aus Sicherheitsgründen nur telefonisch entgegen.</p>
      <h3 id={`${id}-history`}>Verlauf</h3>
      <div ref={transcript} className="chat-transcript" role="region" aria-labelledby={`${id}-history`} tabIndex={0}>
        {count === 0 ? (
          <p className="meta">{conversation.isFetching && session ? 'Der Verlauf wird geladen …' : 'Noch keine Nachrichten.'}</p>
        ) : (
          <ol className="chat-messages">
            {messages.map((message) => {
              const auto = message.by === 'auto';
              return (
                <li key={message.id} className={`chat-message chat-message-${message.direction}${auto ? ' chat-message-auto' : ''}`}>
                  <p className="chat-message-meta">
                    <span className="chat-message-author">{authorOf(message)}</span>
                    {auto ? <span className="badge chat-auto">automatische Antwort</span> : null}
                    <time dateTime={message.at}>{time(message.at)} Uhr</time>
                  </p>
                  <p className="chat-message-text">{message.text}</p>
                </li>
              );
            })}
          </ol>
        )}
      </div>
      {state?.status === 'closed' ? <p className="meta">Dieses Gespräch ist beendet. Wenn Sie uns erneut schreiben, beginnt ein neues.</p> : null}
      {state?.status === 'open' && !messages.some((message) => message.direction === 'out' && message.by === 'agent') ? (
        <p className="meta">Ihre Nachricht ist angekommen. Eine Mitarbeiterin oder ein Mitarbeiter antwortet Ihnen hier, bitte lassen Sie diese Seite geöffnet.</p>
      ) : null}
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      <form className="chat-reply" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${id}-send`}>
        <h3 id={`${id}-send`} className="visually-hidden">
          Nachricht senden
        </h3>
        <div className={`field${error ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-text`}>Ihre Nachricht</label>
          {error ? (
            <p id={`${id}-error`} className="field-error">
              <span aria-hidden="true">⚠ </span>
              {error}
            </p>
          ) : null}
          <textarea
            id={`${id}-text`}
            ref={box}
            name="nachricht"
            rows={3}
            maxLength={MAX_LENGTH}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
        </div>
        <div className="actions">
          <Button type="submit" busy={busy}>
            Senden
          </Button>
        </div>
        <Notice kind="error">{problem || null}</Notice>
      </form>
    </section>
  );
}
