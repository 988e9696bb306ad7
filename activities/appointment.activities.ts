/**
 * Activities of the appointment process: the advisor's calendar (hold, confirm, move, cancel, each
 * with the step's idempotency key), the customer's invitation with its iCalendar file, the
 * advisor's notice, the reminder, and the care call of a sale. Names and email addresses are read
 * here, inside the activity, and never enter workflow history.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CalendarError, type Booking, type BookingCommand, type HoldSlotCommand, type MoveBookingCommand } from '../adapters/core-banking/calendar.port';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import type { EmailOutbox } from '../adapters/email/email.port';
import { CHANNEL_TITLES, germanDateTime, topicTitle, type AppointmentChannel } from '../domain/appointment';
import { invitationIcs } from '../domain/appointment-ics';
import { CareCallErrors } from '../domain/care-call';
import { failFastOnPermanentErrors } from './failures';
import type { CareCallStarter } from './ports';

export interface AppointmentActivityDeps {
  coreBanking: CoreBanking;
  outbox: EmailOutbox;
  /** Wired by the worker (workers/worker.ts); suites that never record a sale may leave it out. */
  careCalls?: CareCallStarter;
}

/** The appointment as the emails describe it (ids only: names and addresses are looked up). */
export interface AppointmentLetter {
  kind: 'booked' | 'rescheduled' | 'cancelled';
  appointmentId: string;
  uid: string;
  sequence: number;
  customerId: string;
  advisorId: string;
  topic: string;
  channel: AppointmentChannel;
  start: string;
  end: string;
  branchName: string;
  branchTown: string;
  /** When the change was made: the invitation's DTSTAMP, so a retry writes the same file. */
  changedAt: string;
  note?: string;
  idempotencyKey: string;
}

/** A refusal of the calendar becomes a final failure with the port's type (`SlotTaken`, …). */
async function calendar<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CalendarError) throw ApplicationFailure.create({ type: error.type, message: error.message, nonRetryable: true });
    throw error;
  }
}

export function createAppointmentActivities(deps: AppointmentActivityDeps) {
  const { coreBanking } = deps;

  async function advisorOf(advisorId: string) {
    const advisor = await failFastOnPermanentErrors(() => coreBanking.getAdvisor(advisorId));
    if (!advisor) throw ApplicationFailure.create({ type: 'CoreBankingRejected', message: `advisor ${advisorId} is not known to core banking`, nonRetryable: true });
    return advisor;
  }

  function whereAndHow(letter: AppointmentLetter): string {
    if (letter.channel === 'branch') return `in der ${letter.branchName}, ${letter.branchTown}`;
    return letter.channel === 'phone' ? 'am Telefon: Ihr Berater ruft Sie an' : 'per Video: den Link erhalten Sie vor dem Termin';
  }

  return {
    async holdAppointmentSlot(command: HoldSlotCommand): Promise<Booking> {
      return calendar(() => coreBanking.holdSlot(command));
    },
    async confirmAppointmentSlot(command: BookingCommand): Promise<Booking> {
      return calendar(() => coreBanking.confirmBooking(command));
    },
    /** Moves the booking atomically: the new slot is taken before the old one is released. */
    async moveAppointmentSlot(command: MoveBookingCommand): Promise<Booking> {
      return calendar(() => coreBanking.moveBooking(command));
    },
    async cancelAppointmentSlot(command: BookingCommand): Promise<Booking> {
      return calendar(() => coreBanking.cancelBooking(command));
    },

    /**
     * The customer's confirmation, change or cancellation, with the calendar file. `none` when
     * core banking has no email address for the customer.
     */
    async sendAppointmentInvitation(letter: AppointmentLetter): Promise<'email' | 'none'> {
      const [customer, advisor] = await Promise.all([failFastOnPermanentErrors(() => coreBanking.getCustomer(letter.customerId)), advisorOf(letter.advisorId)]);
      const email = customer?.contact.email;
      if (!customer || !email) return 'none';
      const when = germanDateTime(letter.start);
      const until = germanDateTime(letter.end).split(', ').pop();
      const topic = topicTitle(letter.topic);
      const opening = {
        booked: `wir bestätigen Ihren Beratungstermin zum Thema „${topic}“.`,
        rescheduled: `Ihr Beratungstermin zum Thema „${topic}“ wurde verschoben. Es gilt der neue Termin:`,
        cancelled: `Ihr Beratungstermin zum Thema „${topic}“ ist abgesagt.`,
      }[letter.kind];
      const subject = {
        booked: `Ihr Beratungstermin am ${when}`,
        rescheduled: `Ihr Beratungstermin wurde verschoben: ${when}`,
        cancelled: `Abgesagt: Ihr Beratungstermin am ${when}`,
      }[letter.kind];
      const method = letter.kind === 'cancelled' ? 'CANCEL' : 'REQUEST';
      const ics = invitationIcs({
        uid: letter.uid,
        sequence: letter.sequence,
        method,
        start: new Date(letter.start),
        end: new Date(letter.end),
        stamp: new Date(letter.changedAt),
        summary: `Beratung ${topic} (Sparkasse)`,
        description: `Beratungstermin zum Thema ${topic} mit ${advisor.name}, ${CHANNEL_TITLES[letter.channel]}.`,
        location: letter.channel === 'branch' ? `${letter.branchName}, ${letter.branchTown}` : CHANNEL_TITLES[letter.channel],
        organizer: { name: advisor.name, email: advisor.email },
        attendee: { name: `${customer.givenName} ${customer.familyName}`, email },
      });
      await failFastOnPermanentErrors(() => deps.outbox.sendOnce({
        to: [email],
        subject,
        text: [
          `Guten Tag ${customer.givenName} ${customer.familyName},`,
          '',
          opening,
          '',
          `Wann: ${when} bis ${until}`,
          `Wie: ${whereAndHow(letter)}`,
          `Mit: ${advisor.name}`,
          '',
          letter.kind === 'cancelled'
            ? 'Der Termin ist aus Ihrem Kalender entfernt, sobald Sie die angehängte Absage öffnen. Für einen neuen Termin rufen Sie uns gern an.'
            : 'Die Einladung für Ihren Kalender hängt an. Wenn Sie den Termin nicht wahrnehmen können, rufen Sie uns bitte an.',
          '',
          'Ihre Sparkasse',
        ].join('\n'),
        idempotencyKey: letter.idempotencyKey,
        attachments: [{ filename: letter.kind === 'cancelled' ? 'absage.ics' : 'termin.ics', contentType: `text/calendar; method=${method}; charset=UTF-8`, content: ics }],
      }));
      return 'email';
    },

    /** The advisor's notice of a booking, a move or a cancellation (the calendar has it already). */
    async sendAdvisorNotice(letter: AppointmentLetter): Promise<'email'> {
      const advisor = await advisorOf(letter.advisorId);
      const when = germanDateTime(letter.start);
      const topic = topicTitle(letter.topic);
      const headline = { booked: 'Neuer Beratungstermin', rescheduled: 'Beratungstermin verschoben', cancelled: 'Beratungstermin abgesagt' }[letter.kind];
      await failFastOnPermanentErrors(() => deps.outbox.sendOnce({
        to: [advisor.email],
        subject: `${headline}: ${when} – ${topic}`,
        text: [
          `Guten Tag ${advisor.name},`,
          '',
          `${headline} (vom Kunden-Service-Center):`,
          '',
          `Wann: ${when}`,
          `Kunde: ${letter.customerId}`,
          `Thema: ${topic}`,
          `Wie: ${CHANNEL_TITLES[letter.channel]}`,
          ...(letter.note ? [`Notiz des Agenten: ${letter.note}`] : []),
          '',
          letter.kind === 'cancelled' ? 'Der Termin ist aus Ihrem Kalender entfernt.' : 'Der Termin steht in Ihrem Kalender. Nach dem Termin erhalten Sie eine Aufgabe für das Ergebnis.',
        ].join('\n'),
        idempotencyKey: letter.idempotencyKey,
      }));
      return 'email';
    },

    /** The customer's reminder before the appointment; `none` without an email address. */
    async sendAppointmentReminder(letter: AppointmentLetter): Promise<'email' | 'none'> {
      const [customer, advisor] = await Promise.all([failFastOnPermanentErrors(() => coreBanking.getCustomer(letter.customerId)), advisorOf(letter.advisorId)]);
      const email = customer?.contact.email;
      if (!customer || !email) return 'none';
      const when = germanDateTime(letter.start);
      await failFastOnPermanentErrors(() => deps.outbox.sendOnce({
        to: [email],
        subject: `Erinnerung an Ihren Beratungstermin am ${when}`,
        text: [
          `Guten Tag ${customer.givenName} ${customer.familyName},`,
          '',
          `wir erinnern Sie gern an Ihren Beratungstermin zum Thema „${topicTitle(letter.topic)}“:`,
          '',
          `Wann: ${when}`,
          `Wie: ${whereAndHow(letter)}`,
          `Mit: ${advisor.name}`,
          '',
          'Bitte bringen Sie, wenn Sie in die Filiale kommen, Ihren Personalausweis mit. Wenn Sie den Termin nicht wahrnehmen können, rufen Sie uns bitte an.',
          '',
          'Ihre Sparkasse',
        ].join('\n'),
        idempotencyKey: letter.idempotencyKey,
      }));
      return 'email';
    },

    /** Starts the care call of one product sold in the appointment (idempotent per sale key). */
    async startSaleCareCall(start: Parameters<CareCallStarter['start']>[0]): Promise<{ saleId: string; workflowId: string }> {
      if (!deps.careCalls) throw ApplicationFailure.create({ type: 'CareCallStarterMissing', message: 'this worker cannot start care calls', nonRetryable: true });
      try {
        return await deps.careCalls.start(start);
      } catch (error) {
        // The sale key names another sale: trying again cannot change that.
        if ((error as { type?: unknown }).type === CareCallErrors.SaleKeyReused) throw ApplicationFailure.create({ type: CareCallErrors.SaleKeyReused, message: (error as Error).message, nonRetryable: true });
        throw error;
      }
    },
  };
}
