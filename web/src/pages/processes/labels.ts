/**
 * Process types, states and history steps in German. Unknown codes are shown as they are.
 */

const TYPE_LABELS: Record<string, string> = {
  callbackWorkflow: 'Rückruf',
  appointmentWorkflow: 'Beratungstermin',
  careCallWorkflow: 'After-Sales-Befragung',
  contactBlockWorkflow: 'Sperrvermerk',
  consentCheckWorkflow: 'Einwilligungsabfrage',
  consentWithdrawalWorkflow: 'Widerruf der Einwilligung',
  repairWorkflow: 'Reparaturaufgabe',
  taskReconcilerWorkflow: 'Aufgabenabgleich',
};
export const typeLabel = (type: string) => TYPE_LABELS[type] ?? type;

const STATUS_LABELS: Record<string, string> = {
  running: 'läuft',
  completed: 'abgeschlossen',
  failed: 'fehlgeschlagen',
  cancelled: 'abgebrochen',
  terminated: 'von außen beendet',
  'timed-out': 'Zeit überschritten',
  continued: 'in neuem Lauf fortgesetzt',
  paused: 'angehalten',
  unknown: 'unbekannt',
};
export const statusLabel = (status: string) => STATUS_LABELS[status] ?? status;
/** Badge colour of a state: running is neutral, problems stand out. */
export function statusBadge(status: string): string {
  if (status === 'completed') return 'badge-ok';
  if (status === 'failed' || status === 'terminated' || status === 'timed-out') return 'badge-bad';
  if (status === 'cancelled') return 'badge-warn';
  return '';
}

const TASK_STATUS_LABELS: Record<string, string> = { open: 'offen', claimed: 'übernommen', completed: 'erledigt', cancelled: 'abgebrochen', escalated: 'eskaliert' };
export const taskStatusLabel = (status: string) => TASK_STATUS_LABELS[status] ?? status;

export interface ProcessStep {
  eventId: number;
  at: string;
  kind: string;
  name?: string;
  childWorkflowId?: string;
  firesAt?: string;
  status?: string;
}

const quoted = (name?: string) => (name ? `„${name}“` : '');

/** One history step as a German sentence (names are the code's own: activity, timer, update). */
export function stepLabel(step: ProcessStep): string {
  const name = quoted(step.name);
  // The SDK names timers by sequence number: a number says nothing to a person.
  const timer = step.name && !/^\d+$/.test(step.name) ? ` ${name}` : '';
  switch (step.kind) {
    case 'started':
      return `Prozess gestartet${step.name ? ` (${typeLabel(step.name)})` : ''}`;
    case 'activity-scheduled':
      return `Schritt ${name} angestoßen`;
    case 'activity-completed':
      return `Schritt ${name} erledigt`;
    case 'activity-failed':
      return `Schritt ${name} fehlgeschlagen`;
    case 'activity-timed-out':
      return `Schritt ${name}: Zeit überschritten`;
    case 'activity-cancelled':
      return `Schritt ${name} abgebrochen`;
    case 'timer-started':
      return `Wartezeit${timer} begonnen`;
    case 'timer-fired':
      return `Wartezeit${timer} abgelaufen`;
    case 'timer-cancelled':
      return `Wartezeit${timer} aufgehoben`;
    case 'signal':
      return `Nachricht ${name} erhalten`;
    case 'update':
      return `Anfrage ${name} angenommen`;
    case 'update-completed':
      return `Anfrage ${name} beantwortet`;
    case 'cancel-requested':
      return 'Abbruch angefordert';
    case 'child-started':
      return `Teilprozess ${step.name ? typeLabel(step.name) : ''} gestartet`;
    case 'child-completed':
      return `Teilprozess ${step.name ? typeLabel(step.name) : ''} abgeschlossen`;
    case 'child-failed':
      return `Teilprozess ${step.name ? typeLabel(step.name) : ''} fehlgeschlagen`;
    case 'child-cancelled':
      return `Teilprozess ${step.name ? typeLabel(step.name) : ''} abgebrochen`;
    case 'child-timed-out':
      return `Teilprozess ${step.name ? typeLabel(step.name) : ''}: Zeit überschritten`;
    case 'child-terminated':
      return `Teilprozess ${step.name ? typeLabel(step.name) : ''} von außen beendet`;
    case 'closed':
      return `Prozess ${statusLabel(step.status ?? 'unknown')}`;
    default:
      return `${step.kind} ${name}`.trim();
  }
}
