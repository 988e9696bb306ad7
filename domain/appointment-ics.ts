/**
 * The appointment as an iCalendar invitation (RFC 5545, with the iTIP methods of RFC 5546):
 * `METHOD:REQUEST` when booked or moved, `METHOD:CANCEL` when cancelled. The UID is the same for
 * the whole life of an appointment and SEQUENCE rises with every change, so a calendar client
 * moves or removes the one entry it has instead of adding a second. Times are written in UTC
 * (`…Z`), which every client shows in its own zone: no VTIMEZONE to get wrong across the March
 * and October clock changes.
 *
 * Built with ical-generator (maintained, escapes and folds lines as RFC 5545 wants). Used by the
 * activities only: it is no workflow code.
 */
import ical, { ICalAttendeeRole, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface InvitationContent {
  uid: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  start: Date;
  end: Date;
  /** When this version was made (DTSTAMP). */
  stamp: Date;
  summary: string;
  description: string;
  location: string;
  organizer: { name: string; email: string };
  attendee?: { name: string; email: string };
}

/** The `.ics` text of one invitation or cancellation. */
export function invitationIcs(content: InvitationContent): string {
  const calendar = ical({
    prodId: '//Sparkasse//Drehscheibe//DE',
    method: content.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const event = calendar.createEvent({
    id: content.uid,
    sequence: content.sequence,
    stamp: content.stamp,
    start: content.start,
    end: content.end,
    summary: content.summary,
    description: content.description,
    location: content.location,
    status: content.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: content.organizer,
  });
  if (content.attendee) event.createAttendee({ ...content.attendee, role: ICalAttendeeRole.REQ, rsvp: false });
  return calendar.toString();
}
