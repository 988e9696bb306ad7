/**
 * "Kampagnenlauf" (`/kampagnen/{id}/laeufe/{runId}`, issue 12): one launched run as it goes.
 * Its status in words, while selecting how many customers have been read, then where the
 * selected customers stand, the calls per day, the outcomes and why calls were stopped. The page
 * reads `GET /campaign-runs/{runId}` again every 3 s until the run is cancelled or completed; a
 * change of status is announced politely, and the focus stays where it is. Process owners pause,
 * resume and cancel (with a reason, after a confirmation).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, Notice, Page, TextArea } from '../../components';
import { date, dateTime, time } from '../../format';
import { hasRole, useSession } from '../../session';
import { queueLabel } from '../tasks/labels';
import { BarTable, LineChart } from './charts';
import { outcomeRows } from './DryRunSection';
import { useVersion } from './queries';
import { settled, useIntentKeys, useRunProgress } from './run-queries';
import { count, FINAL_STATUSES, reasonRow, runPath, runStatusText, type RunProgress, type RunStatus } from './run-types';

/** What each status means for the process owner. */
const STATUS_SENTENCES: Record<RunStatus, string> = {
  selecting: 'Die Auswahl läuft: der Kundenbestand wird gelesen und mit den Regeln der Kampagne geprüft.',
  running: 'Der Lauf läuft: Anrufe werden im eingestellten Tempo an das Kunden-Service-Center gegeben.',
  paused: 'Der Lauf ist pausiert: es werden keine neuen Anrufe freigegeben. Offene Anrufaufgaben bleiben bestehen.',
  cancelled: 'Der Lauf ist abgebrochen: es werden keine Anrufe mehr freigegeben.',
  completed: 'Der Lauf ist abgeschlossen: jeder ausgewählte Kunde ist erledigt.',
};

type Action = 'pause' | 'resume' | 'cancel';

/** What 409 means for each action, in German. */
const REFUSED: Record<Action, string> = {
  pause: 'Der Lauf lässt sich gerade nicht pausieren (er ist nicht mehr am Laufen).',
  resume: 'Der Lauf lässt sich gerade nicht fortsetzen (er ist nicht pausiert).',
  cancel: 'Der Lauf lässt sich nicht mehr abbrechen (er ist schon beendet).',
};

export default function RunProgressPage() {
  const { id = '', runId = '' } = useParams();
  const { user } = useSession();
  const owner = hasRole(user, 'process-owner');
  const progress = useRunProgress(runId);
  const run = progress.data;
  const version = useVersion(run?.campaignId ?? id, run?.version);
  const missing = progress.error instanceof ApiError && progress.error.status === 404;
  const name = version.data?.definition.name;

  return (
    <Page title="Kampagnenlauf">
      <p>
        <Link to={`/kampagnen/${encodeURIComponent(id)}`}>Zurück zur Kampagne{name ? ` „${name}“` : ''}</Link>
      </p>
      <div role="status">{progress.isPending ? 'Lauf wird geladen …' : ''}</div>
      <Notice kind="error">{progress.error && !run ? (missing ? `Einen Lauf „${runId}“ gibt es nicht.` : describeError(progress.error)) : undefined}</Notice>
      {run ? <RunView run={run} name={name} owner={owner} refreshError={progress.error} updatedAt={progress.dataUpdatedAt} /> : null}
    </Page>
  );
}

function RunView({ run, name, owner, refreshError, updatedAt }: { run: RunProgress; name?: string; owner: boolean; refreshError: Error | null; updatedAt: number }) {
  const done = settled(run);
  const total = run.counts.waiting + run.counts.released + run.counts.taskOpen + run.counts.reached + run.counts.notContactable + run.counts.stopped + run.counts.cancelled;
  const countRows = [
    { key: 'waiting', label: 'wartend (noch nicht freigegeben)', value: run.counts.waiting },
    { key: 'released', label: 'freigegeben', value: run.counts.released },
    { key: 'taskOpen', label: 'Anrufaufgabe offen', value: run.counts.taskOpen },
    { key: 'reached', label: 'erreicht', value: run.counts.reached },
    { key: 'notContactable', label: 'nicht erreichbar', value: run.counts.notContactable },
    { key: 'stopped', label: 'durch die Kontaktregeln gestoppt', value: run.counts.stopped },
    { key: 'cancelled', label: 'abgebrochen', value: run.counts.cancelled },
  ];
  const days = run.series.map((entry) => entry.day);
  const totals = run.series.reduce((sum, entry) => ({ released: sum.released + entry.released, reached: sum.reached + entry.reached, ended: sum.ended + entry.ended }), { released: 0, reached: 0, ended: 0 });

  return (
    <>
      <section aria-labelledby="lauf-status" className="campaign-section">
        <h2 id="lauf-status" tabIndex={-1}>
          Status: <span className={`run-state run-state-${run.status}`}>{runStatusText(run.status)}</span>
        </h2>
        {/* Polite: read when the status changes, without moving the focus. */}
        <p role="status" aria-live="polite" className="run-status-sentence">
          {STATUS_SENTENCES[run.status] ?? runStatusText(run.status)}
        </p>
        {run.status === 'selecting' ? (
          <div className="run-selecting">
            <progress className="run-progress" aria-label="Auswahl läuft" />
            <p>
              <strong>{count(run.selection.read)} Kunden gelesen</strong>, davon {count(run.selection.selected)} ausgewählt.
            </p>
          </div>
        ) : null}
        <dl className="facts run-facts">
          <dt>Kampagne</dt>
          <dd>
            {name ?? run.campaignId}, Version {run.version}
          </dd>
          <dt>Lauf</dt>
          <dd className="campaign-id">{run.runId}</dd>
          <dt>Gestartet</dt>
          <dd>
            {dateTime(run.launchedAt)} von {run.launchedBy}
          </dd>
          {run.queue ? (
            <>
              <dt>Anrufe an</dt>
              <dd>{queueLabel(run.queue)}</dd>
            </>
          ) : null}
          {run.endedAt ? (
            <>
              <dt>Beendet</dt>
              <dd>{dateTime(run.endedAt)}</dd>
            </>
          ) : null}
          {run.cancelReason ? (
            <>
              <dt>Grund des Abbruchs</dt>
              <dd className="run-cancel-reason">{run.cancelReason}</dd>
            </>
          ) : null}
          <dt>Stand</dt>
          <dd>
            {updatedAt ? `${time(new Date(updatedAt))} Uhr` : '–'}
            {done ? ' (ändert sich nicht mehr)' : ', wird alle 3 Sekunden aktualisiert'}
          </dd>
        </dl>
        {refreshError ? <p className="meta">Die letzte Aktualisierung ist fehlgeschlagen ({describeError(refreshError)}); die Zahlen sind vom angegebenen Stand.</p> : null}
        {owner ? <RunActions run={run} /> : null}
      </section>

      <section aria-labelledby="lauf-auswahl" className="campaign-section">
        <h2 id="lauf-auswahl">Auswahl</h2>
        <dl className="run-figures">
          <div className="run-figure">
            <dt>Kunden gelesen</dt>
            <dd>
              <span className="run-figure-number">{count(run.selection.read)}</span>
            </dd>
          </div>
          <div className="run-figure">
            <dt>ausgewählt</dt>
            <dd>
              <span className="run-figure-number">{count(run.selection.selected)}</span>
            </dd>
          </div>
        </dl>
        <BarTable caption="Nicht ausgewählte Kunden nach Grund (ein Kunde kann mehrere Gründe haben)" labelHeader="Grund" valueHeader="Kunden" rows={run.selection.excluded.map(reasonRow)} empty={run.status === 'selecting' ? 'Noch kein Kunde ausgeschlossen.' : 'Kein Kunde wurde ausgeschlossen.'} />
      </section>

      <section aria-labelledby="lauf-stand" className="campaign-section">
        <h2 id="lauf-stand">Wo die ausgewählten Kunden stehen</h2>
        <BarTable caption={`Ausgewählte Kunden nach Stand (${count(total)} zusammen)`} labelHeader="Stand" valueHeader="Kunden" rows={countRows} empty="Noch keine Kunden." className="run-counts" />
      </section>

      <section aria-labelledby="lauf-verlauf" className="campaign-section">
        <h2 id="lauf-verlauf">Verlauf je Tag</h2>
        <LineChart
          title="Freigegebene Anrufe, erreichte und abgeschlossene Kunden je Tag"
          summary={days.length > 0 ? `${days.length} ${days.length === 1 ? 'Tag' : 'Tage'} seit dem Start: ${count(totals.released)} Anrufe freigegeben, ${count(totals.reached)} Kunden erreicht, ${count(totals.ended)} abgeschlossen.` : ''}
          categories={days.map((day) => date(`${day}T12:00:00Z`))}
          axisLabels={days.map((day) => `${Number(day.slice(8, 10))}.${Number(day.slice(5, 7))}.`)}
          categoryHeader="Tag"
          series={[
            { name: 'freigegeben', values: run.series.map((entry) => entry.released) },
            { name: 'erreicht', values: run.series.map((entry) => entry.reached) },
            { name: 'abgeschlossen', values: run.series.map((entry) => entry.ended) },
          ]}
          empty="Noch kein Tag mit Anrufen."
        />
      </section>

      <section aria-labelledby="lauf-ergebnisse" className="campaign-section">
        <h2 id="lauf-ergebnisse">Ergebnisse und Stopps</h2>
        <h3>Ergebnisse</h3>
        <BarTable caption="Ergebnisse der erreichten Kunden" labelHeader="Ergebnis" valueHeader="Kunden" rows={outcomeRows(run.outcomes)} empty="Noch kein Ergebnis." />
        <h3>Beim Wählen gestoppt</h3>
        <BarTable caption="Beim Wählen durch die Kontaktregeln gestoppt, nach Grund" labelHeader="Grund" valueHeader="Kunden" rows={run.stoppedAtDial.map(reasonRow)} empty="Kein Anruf wurde beim Wählen gestoppt." />
      </section>
    </>
  );
}

/** Pausieren / Fortsetzen / Abbrechen as the status allows; Abbrechen asks first, with a reason. */
function RunActions({ run }: { run: RunProgress }) {
  const queryClient = useQueryClient();
  const keys = useIntentKeys('kampagnenlauf');
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [focusNext, setFocusNext] = useState<string>();
  const container = useRef<HTMLDivElement>(null);

  const act = useMutation({
    mutationFn: ({ action, body }: { action: Action; body: object }) => {
      const intent = `${run.runId}/${action}/${JSON.stringify(body)}`;
      return api<RunProgress>(`${runPath(run.runId)}/${action}`, { method: 'POST', body, idempotencyKey: keys.keyFor(intent) }).then((answer) => {
        keys.done(intent);
        return answer;
      });
    },
    // A refresh in flight must not bring back the state from before the action.
    onMutate: () => queryClient.cancelQueries({ queryKey: ['campaign-run', run.runId] }),
    onSuccess: async (answer, { action }) => {
      await queryClient.cancelQueries({ queryKey: ['campaign-run', run.runId] });
      queryClient.setQueryData(['campaign-run', run.runId], answer);
      void queryClient.invalidateQueries({ queryKey: ['campaign-runs', answer.campaignId] });
      if (action === 'cancel') {
        setAsking(false);
        setReason('');
      }
      setFocusNext(action === 'pause' ? 'resume' : action === 'resume' ? 'pause' : 'status');
    },
  });

  const busy = act.isPending;
  // After an action its button goes away: the focus moves to the button that now makes sense.
  useEffect(() => {
    if (!focusNext) return;
    const target = focusNext === 'status' ? document.getElementById('lauf-status') : focusNext === 'reason' ? container.current?.querySelector<HTMLElement>('textarea[name="reason"]') : container.current?.querySelector<HTMLElement>(`[data-focus="${focusNext}"]`);
    // Not there yet (the new status not rendered yet): this runs again when it is.
    if (!target || (target instanceof HTMLButtonElement && target.disabled)) return;
    target.focus();
    setFocusNext(undefined);
  }, [focusNext, run.status, asking, busy]);

  const cancel = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setReasonError('Bitte einen Grund angeben: er steht im Protokoll des Laufs.');
      return;
    }
    act.mutate({ action: 'cancel', body: { reason: reason.trim() } });
  };

  const final = FINAL_STATUSES.has(run.status);
  const refused = act.error instanceof ApiError && act.error.status === 409 && act.variables ? REFUSED[act.variables.action] : undefined;

  return (
    <div ref={container} className="run-actions">
      {final ? null : (
        <div className="actions">
          {run.status === 'running' || run.status === 'selecting' ? (
            <Button data-focus="pause" busy={act.isPending && act.variables?.action === 'pause'} disabled={act.isPending} onClick={() => act.mutate({ action: 'pause', body: {} })}>
              Pausieren
            </Button>
          ) : null}
          {run.status === 'paused' ? (
            <Button data-focus="resume" busy={act.isPending && act.variables?.action === 'resume'} disabled={act.isPending} onClick={() => act.mutate({ action: 'resume', body: {} })}>
              Fortsetzen
            </Button>
          ) : null}
          {!asking ? (
            <Button
              data-focus="ask-cancel"
              variant="danger"
              disabled={act.isPending}
              onClick={() => {
                setAsking(true);
                setFocusNext('reason');
              }}
            >
              Abbrechen …
            </Button>
          ) : null}
        </div>
      )}
      {asking && !final ? (
        <form className="form run-cancel" onSubmit={cancel} noValidate aria-labelledby="lauf-abbrechen">
          <h3 id="lauf-abbrechen">Lauf abbrechen?</h3>
          <p>Nach dem Abbruch werden keine Anrufe mehr freigegeben; ein abgebrochener Lauf lässt sich nicht fortsetzen. Offene Anrufaufgaben werden zurückgezogen.</p>
          <TextArea
              label="Grund des Abbruchs"
              name="reason"
              value={reason}
              onChange={(value) => {
                setReason(value);
                setReasonError(undefined);
              }}
              error={reasonError}
              required
              maxLength={300}
            />
          <div className="actions">
            <Button type="submit" variant="danger" busy={act.isPending && act.variables?.action === 'cancel'}>
              Lauf endgültig abbrechen
            </Button>
            <Button
              variant="secondary"
              disabled={act.isPending}
              onClick={() => {
                setAsking(false);
                setReasonError(undefined);
                setFocusNext('ask-cancel');
              }}
            >
              Nicht abbrechen
            </Button>
          </div>
        </form>
      ) : null}
      <Notice kind="error">{act.error ? (refused ?? describeError(act.error)) : undefined}</Notice>
    </div>
  );
}
