/**
 * Sign-in with the same token as the API. On the embedded default `npm start` prints one per
 * demo user; in the bank the identity provider issues them.
 */
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { describeError } from '../api/errors';
import { Button, Notice, Page, TextField } from '../components';
import { useSessionState } from '../session';

/** Only paths of this app are followed after sign-in (no open redirect). */
function safeTarget(target: string | null): string {
  return target && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

export default function SignInPage() {
  const { user, signIn, endedBecause } = useSessionState();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const target = safeTarget(params.get('weiter'));

  if (user) return <Navigate to={target} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!token.trim()) {
      setError('Bitte Ihren Zugangsschlüssel eingeben.');
      return;
    }
    setBusy(true);
    try {
      await signIn(token.trim());
      void navigate(target, { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 401 ? 'Diesen Zugangsschlüssel kennt das System nicht. Bitte prüfen Sie ihn.' : describeError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Anmelden" intro="Melden Sie sich mit Ihrem persönlichen Zugangsschlüssel an.">
      {endedBecause ? <Notice kind="info">{endedBecause}</Notice> : null}
      <form className="form narrow" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label="Zugangsschlüssel"
          name="token"
          type="password"
          value={token}
          onChange={setToken}
          error={error}
          required
          autoComplete="current-password"
          hint="In der lokalen Umgebung zeigt `npm start` einen Schlüssel je Demo-Nutzer an."
        />
        <Button type="submit" busy={busy}>
          Anmelden
        </Button>
      </form>
    </Page>
  );
}
