/**
 * The app's pages and who sees them in the navigation. The API decides what a user may do; the
 * navigation only leaves out what a role has no use for.
 */
import type { Role } from './session';

export interface NavItem {
  path: string;
  label: string;
  description: string;
  roles: Role[];
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/aufgaben', label: 'Aufgaben', description: 'Die Aufgaben Ihrer Warteschlangen, nach Fälligkeit, live aktualisiert.', roles: ['backoffice', 'supervisor', 'agent'] },
  { path: '/chat', label: 'Chats', description: 'WhatsApp und Web-Chat: Ihre offenen Gespräche, live aktualisiert; antworten mit Textbausteinen, übergeben, abschließen; Gespräche für Ihre Berater/innen übernehmen.', roles: ['agent', 'supervisor', 'backoffice'] },
  { path: '/social-media', label: 'Social Media', description: 'Einträge auf den Social-Media-Präsenzen: Reaktionsfristen rund um die Uhr, Beweissicherung und Eskalation bei Reputationsrisiken, live aktualisiert.', roles: ['agent', 'supervisor', 'auditor'] },
  { path: '/kontakt', label: 'Kontakt-Konsole', description: 'Während des Gesprächs: Kunde, Sperrvermerke, Einwilligung, Rückruf.', roles: ['agent'] },
  { path: '/nachweise', label: 'Nachweise', description: 'Einwilligungsnachweise, Kontakthistorie und Protokoll eines Kunden.', roles: ['auditor', 'supervisor'] },
  { path: '/prozesse', label: 'Prozesse', description: 'Einen Prozess nach ID oder alle Prozesse eines Kunden finden.', roles: ['agent', 'backoffice', 'supervisor', 'auditor'] },
  { path: '/kampagnen', label: 'Kampagnen', description: 'Angebote während des Kontakts: Entwürfe bearbeiten, Versionen vergleichen und veröffentlichen (Supervisor/innen und Revision lesen).', roles: ['process-owner', 'supervisor', 'auditor'] },
  { path: '/postausgang', label: 'Postausgang', description: 'Die E-Mails, die das System verschickt hat (nur in der lokalen Umgebung).', roles: ['agent', 'backoffice', 'supervisor', 'auditor', 'process-owner'] },
];

/** The navigation items `roles` may see (admins see all). */
export function navItemsFor(roles: Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => roles.includes('admin') || item.roles.some((role) => roles.includes(role)));
}
