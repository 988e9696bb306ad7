/**
 * WhatsApp's customer-service window: after a customer's message the business may answer with
 * free-form messages for 24 hours; after that (or before the customer ever wrote) only message
 * templates the platform has approved may go out. A rule of the WhatsApp Business Platform, not
 * of the seeds (2019), which matters as soon as an answer, a callback note or an auto-reply is
 * sent late.
 *
 * Pure and deterministic: times are parameters.
 */

/** The window's length: 24 hours from the customer's latest message. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The instant the window opened by a customer's message at `lastInboundAt` closes (excluded). */
export function windowEndsAt(lastInboundAt: Date): Date {
  return new Date(lastInboundAt.getTime() + CUSTOMER_SERVICE_WINDOW_MS);
}

/**
 * True when a free-form message may be sent at `at`: the customer wrote within the last 24 hours.
 * The end is excluded, like the end of a time window. An `at` before `lastInboundAt` (the
 * platform's clock ahead of ours) counts as inside: the customer has written.
 */
export function freeFormAllowed(at: Date, lastInboundAt: Date | undefined): boolean {
  return lastInboundAt !== undefined && at.getTime() < windowEndsAt(lastInboundAt).getTime();
}

/** An outbound WhatsApp message: free text, or a template with its approval status on the platform. */
export type OutboundWhatsAppMessage =
  | { readonly kind: 'free-form' }
  | { readonly kind: 'template'; readonly templateName: string; readonly approved: boolean };

/** Whether a message may go out, and why not. */
export type OutboundCheck =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'window-closed-template-required' | 'template-not-approved' };

/**
 * Checks an outbound message at `at`: an approved template may always go out, a free-form message
 * only inside the window, an unapproved template never (the platform would reject it).
 */
export function checkOutboundMessage(at: Date, lastInboundAt: Date | undefined, message: OutboundWhatsAppMessage): OutboundCheck {
  if (message.kind === 'template') {
    return message.approved ? { allowed: true } : { allowed: false, reason: 'template-not-approved' };
  }
  return freeFormAllowed(at, lastInboundAt) ? { allowed: true } : { allowed: false, reason: 'window-closed-template-required' };
}

/**
 * A WhatsApp message template the bank had approved by the platform: the only kind of message
 * that may go out once the 24-hour window has closed. `text` is its body as approved, with
 * `{{1}}`, `{{2}}`… for the parameters (the transcript shows it filled in).
 */
export interface ApprovedTemplate {
  name: string;
  language: string;
  title: string;
  text: string;
}

/** The templates of the embedded default (a bank configures the ones it had approved). */
export const DEFAULT_APPROVED_TEMPLATES: readonly ApprovedTemplate[] = [
  { name: 'rueckmeldung_kundenservice', language: 'de', title: 'Bitte um Rückmeldung', text: 'Guten Tag, hier ist Ihre Sparkasse. Wir haben eine Antwort auf Ihre Nachricht. Bitte antworten Sie kurz, dann schreiben wir Ihnen.' },
  { name: 'rueckruf_angebot', language: 'de', title: 'Rückruf anbieten', text: 'Guten Tag, hier ist Ihre Sparkasse. Gern rufen wir Sie zu Ihrem Anliegen „{{1}}“ zurück. Antworten Sie mit Ihrer Wunschzeit.' },
];

/** How many parameters the template takes: its distinct placeholders `{{1}}`, `{{2}}`… */
export function placeholderCount(template: Pick<ApprovedTemplate, 'text'>): number {
  return new Set([...template.text.matchAll(/\{\{(\d+)\}\}/g)].map((match) => Number(match[1]))).size;
}

/** The template's body with its parameters filled in; undefined when the count does not match. */
export function renderTemplate(template: ApprovedTemplate, parameters: readonly string[]): string | undefined {
  if (parameters.length !== placeholderCount(template)) return undefined;
  return template.text.replace(/\{\{(\d+)\}\}/g, (_all, index: string) => parameters[Number(index) - 1] ?? '');
}
