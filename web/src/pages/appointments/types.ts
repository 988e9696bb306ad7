/**
 * An appointment as `GET /api/v1/appointments/{id}` answers it (the process's state without its
 * bookkeeping, plus the workflow id). Only what the pages read is typed here.
 */

/** One change the customer was sent an invitation for. */
export interface AppointmentChange {
  kind: 'booked' | 'rescheduled' | 'cancelled';
  at: string;
  by: string;
  start: string;
  end: string;
  /** The iCalendar SEQUENCE of the invitation sent for it. */
  sequence: number;
  customerTold?: 'email' | 'none' | 'rejected';
  /** Its letters could not be delivered: operations have a repair task. */
  deliveryFailed?: boolean;
}

export interface AppointmentOutcome {
  outcome: 'held' | 'no-show' | 'cancelled-by-customer';
  sold?: string[];
  followUp?: boolean;
  note?: string;
  recordedBy?: string;
  recordedAt?: string;
}

export interface AppointmentView {
  appointmentId: string;
  workflowId: string;
  customerId: string;
  topic: string;
  advisorId: string;
  advisorName: string;
  branchId: string;
  channel: string;
  start: string;
  end: string;
  status: string;
  requestedBy: string;
  uid: string;
  sequence: number;
  changes: AppointmentChange[];
  reminder: { status: 'none' | 'scheduled' | 'sent' | 'no-address'; at?: string };
  outcomeTaskId?: string;
  outcome?: AppointmentOutcome;
  followUps: {
    careCalls: Array<{ product: string; saleId: string; workflowId: string }>;
    callbackId?: string;
    followUpTaskId?: string;
  };
  origin?: { campaignId?: string; offerId?: string; callbackId?: string };
}
