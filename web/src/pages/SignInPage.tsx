/**
 * Sign-in, as the API says (`GET /api/v1/auth/config`): with the bank account through the bank's
 * identity provider (single sign-on), or with a pasted token (on the embedded default `npm start`
 * prints one per demo user). The provider sends the browser back here with a code.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { describeError } from '../api/errors';
import { authConfig, completeOidcSignIn, knownAuthConfig, SignInFailed, startOidcSignIn, type AuthConfig } from '../api/oidc';
import { Button, Notice, Page, TextField } from '../components';
import { useSessionState } from '../session';

type OidcConfig = Extract<AuthConfig, { mode: 'oidc' }>;

/** Only paths of this app are followed after sign-in (no open redirect). */
function safeTarget(target: string | null): string {
  return target && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

/** GET /api/v1/auth/config's answer, or why it could not be had, and a way to ask again. */
function useAuthConfig(): { config?: AuthConfig; error?: unknown; retry(): void } {
  const [state, setState] = useState<{ config?: AuthConfig; error?: unknown }>(() => ({ config: knownAuthConfig() }));
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    authConfig().then(
      (config) => current && setState({ config }),
      (error: unknown) => current && setState({ error }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);
  return { ...state, retry: () => setAttempt((count) => count + 1) };
}

export default function SignInPage() {
  const { user, endedBecause } = useSessionState();
  const [params] = useSearchParams();
  const { config, error, retry } = useAuthConfig();
  const target = safeTarget(params.get('weiter'));
  const returning = params.has('code') || params.has('error');

  if (user && !returning) return <Navigate to={target} replace />;
  if (error && !config) {
    return (
      <Page title="Anmelden">
        <Notice kind="error">Die Anmeldung ist gerade nicht möglich: {describeError(error)}</Notice>
        <Button onClick={retry}>Erneut versuchen</Button>
      </Page>
    );
  }
  // No heading yet: the page's heading comes with its form.
  if (!config) return <p role="status">Anmeldung wird vorbereitet …</p>;
  if (config.mode === 'oidc') {
    return returning ? <OidcReturn config={config} params={params} /> : <OidcSignIn config={config} target={target} endedBecause={endedBecause} />;
  }
  return <TokenSignIn target={target} endedBecause={endedBecause} />;
}

function OidcSignIn({ config, target, endedBecause }: { config: OidcConfig; target: string; endedBecause: string | null }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function go() {
    setBusy(true);
    try {
      await startOidcSignIn(config, target);
    } catch (caught) {
      setError(describeError(caught));
      setBusy(false);
    }
  }
  return (
    <Page title="Anmelden" intro="Melden Sie sich mit Ihrem Bankkonto an, wie an Ihrem Arbeitsplatz.">
      {endedBecause ? <Notice kind="info">{endedBecause}</Notice> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <Button busy={busy} onClick={() => void go()}>
        Mit Bankkonto anmelden
      </Button>
    </Page>
  );
}

/** Back from the provider: the code becomes the session's token, then on to where the person wanted to go. */
function OidcReturn({ config, params }: { config: OidcConfig; params: URLSearchParams }) {
  const { signIn } = useSessionState();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let current = true;
    completeOidcSignIn(config, params)
      .then(async ({ token, target }) => {
        await signIn(token);
        if (current) void navigate(safeTarget(target), { replace: true });
      })
      .catch((caught: unknown) => {
        if (!current) return;
        if (caught instanceof SignInFailed) setError(caught.message);
        else if (caught instanceof ApiError && caught.status === 403) setError('Ihr Bankkonto hat keine Rolle in der Drehscheibe. Bitte lassen Sie sich eine Rolle zuweisen.');
        else setError(describeError(caught));
      });
    return () => {
      current = false;
    };
  }, [config, params, signIn, navigate]);
  if (!error) return <p role="status">Anmeldung wird abgeschlossen …</p>;
  return (
    <Page title="Anmelden">
      <Notice kind="error">{error}</Notice>
      <Button onClick={() => void navigate('/anmelden', { replace: true })}>Zur Anmeldung</Button>
    </Page>
  );
}

function TokenSignIn({ target, endedBecause }: { target: string; endedBecause: string | null }) {
  const { signIn } = useSessionState();
  const navigate = useNavigate();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

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
