/**
 * Dates and times as the bank's staff read them: German, in Europe/Berlin, whatever the
 * browser's own time zone.
 */
const ZONE = 'Europe/Berlin';

const dateTimeFormat = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, timeStyle: 'short' });

/** "26.11.2026, 14:05" */
export function dateTime(iso: string | Date): string {
  return dateTimeFormat.format(new Date(iso));
}

/** "26.11.2026" */
export function date(iso: string | Date): string {
  return dateFormat.format(new Date(iso));
}

/** "14:05" */
export function time(iso: string | Date): string {
  return timeFormat.format(new Date(iso));
}

/** A task counts as soon due within this many minutes of its due time. */
export const SOON_MINUTES = 60;

/** Whether a due time has passed, comes within the hour, or later. */
export function dueState(iso: string, now: Date = new Date()): 'overdue' | 'soon' | 'later' {
  const due = new Date(iso).getTime();
  if (due <= now.getTime()) return 'overdue';
  return due - now.getTime() <= SOON_MINUTES * 60_000 ? 'soon' : 'later';
}

/**
 * A local date-time input's value ("2026-11-26T14:05", meant in Europe/Berlin) as an ISO
 * instant with offset, which the API takes.
 */
export function berlinInputToIso(value: string): string {
  const [datePart, timePart = '00:00'] = value.split('T');
  const [year, month, day] = (datePart ?? '').split('-').map(Number);
  const [hour, minute] = timePart.split(':').map(Number);
  const guess = Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0);
  // The offset of Berlin at that moment (CET +1 or CEST +2), found by formatting the guess there.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(guess));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(guess - (shown - guess)).toISOString();
}
