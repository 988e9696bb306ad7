/**
 * The appointment's codes in German: topics, channels, states. Words only; unknown codes are
 * shown as they are.
 */

const TOPICS: Record<string, string> = {
  girokonto: 'Girokonto',
  kreditkarte: 'Kreditkarte',
  geldanlage: 'Geldanlage',
  altersvorsorge: 'Altersvorsorge',
  baufinanzierung: 'Baufinanzierung',
  privatkredit: 'Privatkredit',
};
export const topicLabel = (topic: string) => TOPICS[topic] ?? topic;

const CHANNELS: Record<string, string> = { branch: 'In der Filiale', phone: 'Am Telefon', video: 'Per Video' };
export const channelLabel = (channel: string) => CHANNELS[channel] ?? channel;

const STATUSES: Record<string, string> = {
  booking: 'wird gebucht',
  'slot-taken': 'nicht gebucht (Termin war vergeben)',
  confirmed: 'gebucht',
  cancelled: 'abgesagt',
  'awaiting-outcome': 'vorbei, Ergebnis offen',
  held: 'fand statt',
  'no-show': 'Kunde nicht erschienen',
  'cancelled-by-customer': 'vom Kunden abgesagt',
};
export const appointmentStatusLabel = (status: string) => STATUSES[status] ?? status;

/** Badge colour of a state: the good end green, the ones that need something amber or red. */
export function appointmentStatusBadge(status: string): string {
  if (status === 'confirmed' || status === 'held') return 'badge-ok';
  if (status === 'awaiting-outcome' || status === 'booking') return 'badge-warn';
  return 'badge-bad';
}
