/**
 * The local SMTP catcher's messages (embedded default only: there no email leaves the machine).
 * In the bank's installation the endpoint does not exist and the page says so.
 */
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../api/client';
import { describeError } from '../api/errors';
import { Notice, Page } from '../components';
import { dateTime } from '../format';

/** Links in an email's text that lead into this app become links; everything else stays text. */
function TextWithLinks({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, index) => {
        if (index % 2 === 0) return part;
        const url = new URL(part);
        return url.origin === window.location.origin ? (
          <a key={index} href={url.pathname + url.search}>
            {part}
          </a>
        ) : (
          part
        );
      })}
    </>
  );
}

interface CaughtAttachment {
  filename?: string;
  contentType: string;
  content: string;
}

interface CaughtEmail {
  from?: string;
  to: string[] | string;
  subject?: string;
  text?: string;
  receivedAt?: string;
  attachments?: CaughtAttachment[];
}

/** An iCalendar property's value (first line of it; enough for METHOD, SEQUENCE, UID). */
function icsValue(content: string, name: string): string | undefined {
  return new RegExp(`^${name}(?:;[^:\\r\\n]*)?:([^\\r\\n]*)`, 'm').exec(content)?.[1];
}

const ICS_METHODS: Record<string, string> = { REQUEST: 'Einladung', CANCEL: 'Absage' };

/**
 * An attachment: a calendar invitation says what it does (invitation or cancel, its sequence and
 * UID, the facts a calendar program acts on); the raw text opens on request.
 */
function Attachment({ attachment }: { attachment: CaughtAttachment }) {
  const name = attachment.filename ?? 'Anhang';
  const calendar = attachment.contentType.startsWith('text/calendar');
  const method = calendar ? icsValue(attachment.content, 'METHOD') : undefined;
  return (
    <li>
      {calendar ? (
        <>
          Kalender-{ICS_METHODS[method ?? ''] ?? 'Datei'} <code>{name}</code>: Sequenz {icsValue(attachment.content, 'SEQUENCE') ?? '–'}, UID <code>{icsValue(attachment.content, 'UID') ?? '–'}</code>
        </>
      ) : (
        <>
          Anhang <code>{name}</code> ({attachment.contentType})
        </>
      )}
      {attachment.contentType.startsWith('text/') ? (
        <details>
          <summary>Inhalt von {name} anzeigen</summary>
          <pre className="attachment-text">{attachment.content}</pre>
        </details>
      ) : null}
    </li>
  );
}

export default function MailboxPage() {
  const mailbox = useQuery({ queryKey: ['dev-mailbox'], queryFn: () => api<{ messages: CaughtEmail[] }>('/dev/mailbox'), refetchInterval: 5_000 });
  return (
    <Page title="Postausgang" intro="Die E-Mails, die das System in der lokalen Umgebung verschickt hat; keine verlässt diesen Rechner.">
      {mailbox.isPending ? <p role="status">Wird geladen …</p> : null}
      {mailbox.error ? <Notice kind={mailbox.error instanceof ApiError && mailbox.error.status === 404 ? 'info' : 'error'}>{mailbox.error instanceof ApiError && mailbox.error.status === 404 ? 'In dieser Installation gehen E-Mails an den echten Mailserver; hier gibt es keinen lokalen Postausgang.' : describeError(mailbox.error)}</Notice> : null}
      {mailbox.data && mailbox.data.messages.length === 0 ? <p>Noch keine E-Mails.</p> : null}
      <ol className="mail-list">
        {mailbox.data?.messages.map((message, index) => (
          <li key={index} className="card">
            <h2>{message.subject ?? '(ohne Betreff)'}</h2>
            <p className="meta">
              An: {Array.isArray(message.to) ? message.to.join(', ') : message.to}
              {message.receivedAt ? ` · ${dateTime(message.receivedAt)}` : null}
            </p>
            {message.text ? (
              <p className="mail-text">
                <TextWithLinks text={message.text} />
              </p>
            ) : null}
            {message.attachments && message.attachments.length > 0 ? (
              <ul className="mail-attachments" aria-label="Anhänge">
                {message.attachments.map((attachment, at) => (
                  <Attachment key={at} attachment={attachment} />
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </Page>
  );
}
