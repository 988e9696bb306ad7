/**
 * The app's frame (skip link, header, navigation, main) and its routes. Pages behind the sign-in
 * send a signed-out visitor to `/anmelden` and back to where they wanted to go afterwards.
 */
import type { ReactNode } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { navItemsFor } from './navigation';
import { hasRole, useSessionState, type Role } from './session';
import { Page } from './components';
import SignInPage from './pages/SignInPage';
import HomePage from './pages/HomePage';
import NotFoundPage from './pages/NotFoundPage';
import MailboxPage from './pages/MailboxPage';
import InboxPage from './pages/tasks/InboxPage';
import TaskPage from './pages/tasks/TaskPage';
import ConsolePage from './pages/console/ConsolePage';
import EvidencePage from './pages/evidence/EvidencePage';
import ProcessSearchPage from './pages/processes/ProcessSearchPage';
import ProcessPage from './pages/processes/ProcessPage';
import AppointmentPage from './pages/appointments/AppointmentPage';
import CampaignListPage from './pages/campaigns/CampaignListPage';
import CampaignPage from './pages/campaigns/CampaignPage';
import RunProgressPage from './pages/campaigns/RunProgressPage';
import ChatPage from './pages/chat/ChatPage';
import WebchatPage from './pages/webchat/WebchatPage';
import SocialMediaPage from './pages/social/SocialMediaPage';

const ROLE_NAMES: Record<Role, string> = {
  agent: 'Agent/in',
  backoffice: 'Backoffice',
  supervisor: 'Supervisor/in',
  'process-owner': 'Prozessverantwortliche/r',
  auditor: 'Revision',
  admin: 'Administration',
};

/** A page for signed-in users holding one of `roles` (none: any signed-in user). */
function Protected({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { user, checking } = useSessionState();
  const location = useLocation();
  if (checking) return <p role="status">Anmeldung wird geprüft …</p>;
  if (!user) return <Navigate to={`/anmelden?weiter=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (roles && !hasRole(user, ...roles)) {
    return (
      <Page title="Kein Zugriff">
        <p>Diese Seite ist für {roles.map((role) => ROLE_NAMES[role]).join(', ')}. Mit Ihrer Rolle ({user.roles.map((role) => ROLE_NAMES[role]).join(', ')}) ist sie nicht freigegeben.</p>
      </Page>
    );
  }
  return <>{children}</>;
}

function Header() {
  const { user, signOut } = useSessionState();
  return (
    <header className="app-header">
      <a className="brand" href="/">
        Drehscheibe <span className="brand-sub">Kunden-Service-Center</span>
      </a>
      {user ? (
        <>
          <nav aria-label="Hauptnavigation">
            <ul>
              {navItemsFor(user.roles).map((item) => (
                <li key={item.path}>
                  <NavLink to={item.path}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="user">
            <span>
              Angemeldet: <strong>{user.name}</strong>
            </span>
            <button type="button" className="button button-secondary" onClick={signOut}>
              Abmelden
            </button>
          </div>
        </>
      ) : null}
    </header>
  );
}

export function App() {
  return (
    <>
      <a className="skip-link" href="#inhalt">
        Zum Inhalt springen
      </a>
      <Header />
      <main id="inhalt" tabIndex={-1}>
        <Routes>
          <Route path="/anmelden" element={<SignInPage />} />
          {/* The customers' online branch: public, no staff sign-in. */}
          <Route path="/online-filiale" element={<WebchatPage />} />
          <Route path="/" element={<Protected><HomePage /></Protected>} />
          <Route path="/aufgaben" element={<Protected roles={['backoffice', 'supervisor', 'agent']}><InboxPage /></Protected>} />
          <Route path="/aufgaben/:id" element={<Protected roles={['backoffice', 'supervisor', 'agent']}><TaskPage /></Protected>} />
          <Route path="/chat" element={<Protected roles={['agent', 'supervisor', 'backoffice']}><ChatPage /></Protected>} />
          <Route path="/social-media" element={<Protected roles={['agent', 'supervisor', 'auditor']}><SocialMediaPage /></Protected>} />
          <Route path="/kontakt" element={<Protected roles={['agent']}><ConsolePage /></Protected>} />
          <Route path="/nachweise" element={<Protected roles={['auditor', 'supervisor']}><EvidencePage /></Protected>} />
          <Route path="/prozesse" element={<Protected roles={['agent', 'backoffice', 'supervisor', 'auditor']}><ProcessSearchPage /></Protected>} />
          <Route path="/prozesse/:id" element={<Protected roles={['agent', 'backoffice', 'supervisor', 'auditor']}><ProcessPage /></Protected>} />
          <Route path="/termine/:id" element={<Protected roles={['agent', 'backoffice', 'supervisor', 'auditor']}><AppointmentPage /></Protected>} />
          <Route path="/kampagnen" element={<Protected roles={['process-owner', 'supervisor', 'auditor']}><CampaignListPage /></Protected>} />
          <Route path="/kampagnen/:id" element={<Protected roles={['process-owner', 'supervisor', 'auditor']}><CampaignPage /></Protected>} />
          <Route path="/kampagnen/:id/laeufe/:runId" element={<Protected roles={['process-owner', 'supervisor', 'auditor']}><RunProgressPage /></Protected>} />
          <Route path="/postausgang" element={<Protected><MailboxPage /></Protected>} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </>
  );
}
