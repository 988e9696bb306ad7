/**
 * `/social-media`: the social-media reaction cases for the team, supervisors and auditors. The
 * list of the newest cases (open ones, or all) is read every few seconds and says new cases and
 * raised escalations in a polite live region; the case chosen (`?fall=<id>`, `?alle=ja` for
 * closed cases too, so a reload or a shared link keeps both) is shown below it in full, read
 * again whenever the list shows it changed (see queries.ts). Supervisors acknowledge a
 * reputation risk's escalation here.
 */
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { CheckboxGroup, Notice, Page } from '../../components';
import { hasRole, useSession } from '../../session';
import { useNow } from '../tasks/useNow';
import { CaseDetail } from './CaseDetail';
import { CaseList, socialLink } from './CaseList';
import { describeSocialError } from './labels';
import { CASES_KEY, CASES_LIMIT, CASES_REFRESH_MS, usePeopleNames, useSocialCase, useSocialCases, versionOf } from './queries';
import type { SocialCaseState } from './types';
import './social.css';

export default function SocialMediaPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const all = params.get('alle') === 'ja';
  const selectedId = params.get('fall') ?? undefined;
  const { user } = useSession();
  const queryClient = useQueryClient();
  // Due times turn overdue by themselves.
  const now = useNow(10_000);
  const supervisor = hasRole(user, 'supervisor');
  const worksTasks = hasRole(user, 'agent', 'supervisor', 'backoffice');
  const nameOf = usePeopleNames(worksTasks);
  const { query, cases, announcement } = useSocialCases(all);
  const [picked, setPicked] = useState(false);

  const summary = cases.find((entry) => entry.caseId === selectedId);
  const detail = useSocialCase(selectedId, query.isPending ? undefined : versionOf(summary));

  const acknowledged = (state: SocialCaseState) => {
    queryClient.setQueryData(['social-case', state.caseId, versionOf(summary)], state);
    void queryClient.invalidateQueries({ queryKey: CASES_KEY });
  };

  return (
    <Page title="Social Media" intro="Beiträge, Kommentare und Nachrichten auf den Social-Media-Präsenzen der Sparkasse. Reaktionsfristen gelten rund um die Uhr; ein Reputationsrisiko wird als Beweis gesichert und eskaliert, bis eine Supervisorin oder ein Supervisor bestätigt.">
      <form className="task-filters" aria-label="Fälle filtern" onSubmit={(event) => event.preventDefault()}>
        <CheckboxGroup
          label="Auswahl"
          name="alle"
          value={all ? ['ja'] : []}
          onChange={(value) => void navigate(socialLink(selectedId, value.includes('ja')), { replace: true })}
          options={[{ value: 'ja', label: 'auch abgeschlossene Fälle zeigen' }]}
        />
      </form>
      <p className="feed-state">
        {query.isError
          ? `Die Liste konnte nicht aktualisiert werden; neuer Versuch läuft. ${describeSocialError(query.error)}`
          : `Die Liste zeigt die neuesten ${CASES_LIMIT} Fälle und aktualisiert sich alle ${CASES_REFRESH_MS / 1000} Sekunden von selbst.`}
      </p>
      <Notice kind="info">{announcement || null}</Notice>

      {query.isPending ? <p role="status">Fälle werden geladen …</p> : null}
      {query.isSuccess && cases.length === 0 ? <p>{all ? 'Noch keine Fälle.' : 'Keine offenen Fälle.'} Neue erscheinen hier von selbst.</p> : null}
      {cases.length > 0 ? <CaseList cases={cases} all={all} selected={selectedId} now={now} onPick={() => setPicked(true)} /> : null}

      {selectedId ? (
        <div className="social-detail">
          {detail.data ? (
            <CaseDetail key={detail.data.caseId} state={detail.data} now={now} focus={picked} supervisor={supervisor} mayOpenTask={worksTasks} nameOf={nameOf} onAcknowledged={acknowledged} />
          ) : detail.isError ? (
            <Notice kind="error">{`Der Fall konnte nicht geladen werden. ${describeSocialError(detail.error)}`}</Notice>
          ) : (
            <p role="status">Der Fall wird geladen …</p>
          )}
        </div>
      ) : cases.length > 0 ? (
        <p className="meta">Wählen Sie einen Fall, um den Eintrag und seine Schritte zu sehen.</p>
      ) : null}
    </Page>
  );
}
