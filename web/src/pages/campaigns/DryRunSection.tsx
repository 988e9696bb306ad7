/**
 * "Probelauf vor dem Start" on a selection campaign's page (issue 12): the process owner dry-runs
 * the live version over the customer base (`POST /campaigns/{id}/versions/{n}/dry-run`), reads
 * the report (who is selected and why not, calls, outcomes, capacity per week, and that the
 * contact rules forbid none of the simulated calls) and then starts the campaign
 * (`POST …/launch`), which leads to the run's page.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, Notice, TextField } from '../../components';
import { date } from '../../format';
import { queueLabel } from '../tasks/labels';
import { BarTable, ColumnChart } from './charts';
import { messageText, OUTCOMES } from './labels';
import { campaignPath } from './queries';
import { useIntentKeys } from './run-queries';
import { count, reasonRow, runPagePath, type DryRunReport, type DryRunRequest, type LaunchAnswer, type OutcomeCounts } from './run-types';

/** The form as typed. */
interface DryRunForm {
  months: string;
  population: string;
  maxNewTasksPerHour: string;
  maxOpenTasks: string;
  reachPercent: string;
  withdrawalPercent: string;
}
type FieldName = keyof DryRunForm;

const INITIAL: DryRunForm = { months: '12', population: '', maxNewTasksPerHour: '', maxOpenTasks: '', reachPercent: '55', withdrawalPercent: '1' };

const LABELS: Record<FieldName, string> = {
  months: 'Monate',
  population: 'Anzahl Kunden',
  maxNewTasksPerHour: 'Anrufe je Stunde höchstens',
  maxOpenTasks: 'Offene Anrufaufgaben höchstens',
  reachPercent: 'Erreichbarkeit in %',
  withdrawalPercent: 'Widerrufe der Telefon-Einwilligung je Monat in %',
};

/** The API's field paths and the form's fields. */
const FIELD_OF_PATH: Record<string, FieldName> = {
  months: 'months',
  population: 'population',
  'pacing.maxNewTasksPerHour': 'maxNewTasksPerHour',
  'pacing.maxOpenTasks': 'maxOpenTasks',
  'answers.reachRate': 'reachPercent',
  'answers.withdrawalRatePerMonth': 'withdrawalPercent',
};
const PERCENT_FIELDS: ReadonlySet<FieldName> = new Set<FieldName>(['reachPercent', 'withdrawalPercent']);

/** A number as typed in German ("5,5") or English ("5.5"); undefined for nothing, NaN for not a number. */
function numberOf(text: string): number | undefined {
  const value = text.trim().replace(',', '.');
  if (value === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
}

/** The request to send, or the fields a person can fix at once (missing, not a number). */
function requestOf(form: DryRunForm): { body: DryRunRequest } | { errors: Partial<Record<FieldName, string>> } {
  const errors: Partial<Record<FieldName, string>> = {};
  const values: Partial<Record<FieldName, number>> = {};
  for (const field of Object.keys(LABELS) as FieldName[]) {
    const value = numberOf(form[field]);
    if (value === undefined) {
      if (field === 'months') errors[field] = 'fehlt (1 bis 24)';
    } else if (Number.isNaN(value)) errors[field] = 'muss eine Zahl sein';
    else values[field] = value;
  }
  if (Object.keys(errors).length > 0) return { errors };
  const body: DryRunRequest = { months: values.months! };
  if (values.population !== undefined) body.population = values.population;
  if (values.maxNewTasksPerHour !== undefined || values.maxOpenTasks !== undefined) {
    body.pacing = {};
    if (values.maxNewTasksPerHour !== undefined) body.pacing.maxNewTasksPerHour = values.maxNewTasksPerHour;
    if (values.maxOpenTasks !== undefined) body.pacing.maxOpenTasks = values.maxOpenTasks;
  }
  if (values.reachPercent !== undefined || values.withdrawalPercent !== undefined) {
    body.answers = {};
    if (values.reachPercent !== undefined) body.answers.reachRate = values.reachPercent / 100;
    if (values.withdrawalPercent !== undefined) body.answers.withdrawalRatePerMonth = values.withdrawalPercent / 100;
  }
  return { body };
}

/** The API's message for a field in German; rates (0 to 1) read as percentages. */
function fieldMessage(field: FieldName, message: string): string {
  if (PERCENT_FIELDS.has(field)) {
    const bound = message.match(/^must be at (least|most) (-?[\d.]+)$/);
    if (bound) return `${bound[1] === 'least' ? 'muss mindestens' : 'darf höchstens'} ${count(Number(bound[2]) * 100)} % sein`;
  }
  return messageText(message);
}

/** The API's 400 as messages beside the form's fields (and any it names that the form lacks). */
function apiErrors(error: ApiError): { fields: Partial<Record<FieldName, string>>; other: string[] } {
  const fields: Partial<Record<FieldName, string>> = {};
  const other: string[] = [];
  for (const problem of error.fields) {
    const path = problem.field.replace(/^body\./, '');
    const field = FIELD_OF_PATH[path];
    if (field) fields[field] = fieldMessage(field, problem.message);
    else other.push(`${path}: ${messageText(problem.message)}`);
  }
  return { fields, other };
}

export function DryRunSection({ campaignId, version, canLaunch }: { campaignId: string; version: number; canLaunch: boolean }) {
  const [form, setForm] = useState<DryRunForm>(INITIAL);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [report, setReport] = useState<DryRunReport>();
  const run = useMutation({
    mutationFn: (body: DryRunRequest) => api<DryRunReport>(`${campaignPath(campaignId)}/versions/${version}/dry-run`, { method: 'POST', body }),
    onMutate: () => {
      setReport(undefined);
      setErrors({});
    },
    onSuccess: (answer) => setReport(answer),
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) setErrors(apiErrors(error).fields);
    },
  });

  const set = (field: FieldName) => (value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = requestOf(form);
    if ('errors' in request) {
      run.reset();
      setErrors(request.errors);
      return;
    }
    run.mutate(request.body);
  };

  const failed = run.error;
  const badInput = failed instanceof ApiError && failed.status === 400 ? apiErrors(failed) : undefined;
  const clientErrors = !failed && Object.values(errors).some(Boolean);
  const named = (Object.keys(errors) as FieldName[]).filter((field) => errors[field]).map((field) => LABELS[field]);

  return (
    <section aria-labelledby="probelauf" className="campaign-section run-dry-run">
      <h2 id="probelauf">Probelauf vor dem Start</h2>
      <p className="intro">
        Der Probelauf spielt Version {version} über den Kundenbestand durch, wie der echte Lauf es täte: wer ausgewählt wird und warum andere nicht, wie viele Anrufe in welcher Woche anfallen und was dabei herauskommen dürfte. Er schreibt nichts und ruft niemanden an.
      </p>
      <form className="form run-dry-run-form" onSubmit={submit} noValidate aria-describedby="probelauf-hinweis">
        <p id="probelauf-hinweis" className="field-hint run-form-hint">
          Leere Felder: alle Kunden, das eingestellte Tempo des Kunden-Service-Centers.
        </p>
        <TextField label={LABELS.months} name="months" value={form.months} onChange={set('months')} error={errors.months} required inputMode="numeric" hint="Wie weit der Probelauf vorausschaut: 1 bis 24 Monate ab heute." />
        <TextField label={LABELS.population} name="population" value={form.population} onChange={set('population')} error={errors.population} inputMode="numeric" hint="Leer: alle Kunden. Sonst die ersten Kunden nach Kundennummer." />
        <TextField label={LABELS.maxNewTasksPerHour} name="maxNewTasksPerHour" value={form.maxNewTasksPerHour} onChange={set('maxNewTasksPerHour')} error={errors.maxNewTasksPerHour} inputMode="numeric" hint="Leer: wie eingestellt." />
        <TextField label={LABELS.maxOpenTasks} name="maxOpenTasks" value={form.maxOpenTasks} onChange={set('maxOpenTasks')} error={errors.maxOpenTasks} inputMode="numeric" hint="Leer: wie eingestellt." />
        <TextField label={LABELS.reachPercent} name="reachPercent" value={form.reachPercent} onChange={set('reachPercent')} error={errors.reachPercent} hint="Bei wie vielen von 100 Anrufversuchen jemand abnimmt." />
        <TextField label={LABELS.withdrawalPercent} name="withdrawalPercent" value={form.withdrawalPercent} onChange={set('withdrawalPercent')} error={errors.withdrawalPercent} hint="Wie viele von 100 Kunden mit Einwilligung sie im Monat widerrufen." />
        <div className="actions">
          <Button type="submit" busy={run.isPending}>
            Probelauf starten
          </Button>
        </div>
      </form>
      <Notice kind="error">
        {clientErrors ? (
          `Bitte die Eingaben prüfen: ${named.join(', ')}.`
        ) : badInput ? (
          <>
            Der Probelauf wurde nicht gestartet. Bitte die Eingaben prüfen: {[...(Object.keys(badInput.fields) as FieldName[]).map((field) => LABELS[field]), ...badInput.other].join(', ')}.
          </>
        ) : failed instanceof ApiError && failed.status === 409 ? (
          'Einen Probelauf gibt es nur für Kampagnen, die über eine Zielgruppenauswahl laufen. Diese Version wird anders ausgelöst.'
        ) : failed ? (
          describeError(failed)
        ) : undefined}
      </Notice>
      <div className="run-dry-run-result" aria-busy={run.isPending}>
        <div role="status" className="run-status-line">
          {run.isPending ? 'Probelauf läuft … Das kann einige Sekunden dauern.' : report ? `Probelauf fertig: ${count(report.selected)} von ${count(report.population)} Kunden ausgewählt, ${count(report.calls)} Anrufe, ${count(report.forbiddenContacts)} verbotene Kontakte.` : ''}
        </div>
        {run.isPending ? <progress className="run-progress" aria-label="Probelauf läuft" /> : null}
        {report ? <DryRunReportView report={report} /> : null}
      </div>
      {report ? <Launch campaignId={campaignId} version={version} report={report} canLaunch={canLaunch} /> : null}
    </section>
  );
}

/** The outcomes in the order the editor lists them, with its labels. */
export function outcomeRows(outcomes: OutcomeCounts) {
  return OUTCOMES.filter((outcome) => outcomes[outcome.code] !== undefined).map((outcome) => ({ key: outcome.code, label: outcome.label, value: outcomes[outcome.code] ?? 0 }));
}

/** "2026-W48" → "KW 48/2026" (full) or "KW 48" (axis). */
const weekText = (week: string) => week.replace(/^(\d{4})-W(\d{2})$/, (_, year: string, number: string) => `KW ${Number(number)}/${year}`);
const weekShort = (week: string) => week.replace(/^\d{4}-W(\d{2})$/, (_, number: string) => `KW ${Number(number)}`);

function DryRunReportView({ report }: { report: DryRunReport }) {
  const figures: Array<[string, number, string?]> = [
    ['Kunden gelesen', report.population],
    ['ausgewählt', report.selected],
    ['nicht ausgewählt', report.excludedCustomers],
    ['Anrufe', report.calls, 'Anrufaufgaben, Wiederholungsversuche mitgezählt'],
    ['erreicht', report.reached],
    ['nicht erreichbar', report.notContactable, 'nach allen Versuchen'],
    ['noch wartend', report.stillWaiting, 'am Ende des Zeitraums noch nicht angerufen'],
  ];
  const weeks = [...new Set(report.callsPerWeek.map((entry) => entry.week))].sort();
  const queues = [...new Set(report.callsPerWeek.map((entry) => entry.queue))];
  const weekSeries = queues.map((queue) => ({ name: queues.length > 1 ? queueLabel(queue) : 'Anrufe', values: weeks.map((week) => report.callsPerWeek.filter((entry) => entry.week === week && entry.queue === queue).reduce((sum, entry) => sum + entry.calls, 0)) }));
  const weekTotals = weeks.map((_, index) => weekSeries.reduce((sum, entry) => sum + (entry.values[index] ?? 0), 0));
  const busiest = weekTotals.indexOf(Math.max(0, ...weekTotals));
  const perCustomer = [...report.callsPerCustomer].sort((a, b) => a.calls - b.calls);
  // Among the customers called at all (0 calls counts the customers not selected, too).
  const called = perCustomer.filter((entry) => entry.calls > 0 && entry.customers > 0);
  const mostCommon = called.reduce<{ calls: number; customers: number } | undefined>((best, entry) => (!best || entry.customers > best.customers ? entry : best), undefined);
  const mostCalls = called.at(-1)?.calls ?? 0;
  const callWord = (calls: number) => (calls === 1 ? '1 Anruf' : `${count(calls)} Anrufe`);

  return (
    <div className="run-report">
      <h3>Ergebnis des Probelaufs</h3>
      <p className="meta">
        Version {report.version}, Zeitraum {date(report.from)} bis {date(report.to)} ({report.months} {report.months === 1 ? 'Monat' : 'Monate'}), berechnet in {count(Math.round(report.durationMs / 100) / 10)} Sekunden.
      </p>
      <dl className="run-figures">
        {figures.map(([label, value, hint]) => (
          <div key={label} className="run-figure">
            <dt>{label}</dt>
            <dd>
              <span className="run-figure-number">{count(value)}</span>
              {hint ? <span className="run-figure-hint">{hint}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      {report.forbiddenContacts === 0 ? (
        <p className="run-forbidden run-forbidden-ok">
          <span aria-hidden="true">✓ </span>Verbotene Kontakte laut Kontaktregeln: 0
          <span className="run-forbidden-detail">Jeder simulierte Anruf wurde zu seinem Zeitpunkt noch einmal gegen die Kontaktregeln geprüft.</span>
        </p>
      ) : (
        <p className="run-forbidden run-forbidden-bad" role="alert">
          <span aria-hidden="true">⚠ </span>Verbotene Kontakte laut Kontaktregeln: {count(report.forbiddenContacts)}
          <span className="run-forbidden-detail">Bitte die Kampagne so nicht starten und den Betrieb informieren.</span>
        </p>
      )}

      <h4>Warum Kunden nicht ausgewählt werden</h4>
      <BarTable caption="Nicht ausgewählte Kunden nach Grund (ein Kunde kann mehrere Gründe haben)" labelHeader="Grund" valueHeader="Kunden" rows={report.excluded.map(reasonRow)} empty="Kein Kunde wurde ausgeschlossen." />

      <h4>Anrufe je Woche</h4>
      <ColumnChart
        title="Anrufe je Kalenderwoche"
        summary={weeks.length > 0 ? `Insgesamt ${callWord(report.calls)} in ${weeks.length} ${weeks.length === 1 ? 'Woche' : 'Wochen'}; die meisten in ${weekText(weeks[busiest] ?? '')}: ${count(weekTotals[busiest] ?? 0)}.` : ''}
        categories={weeks.map(weekText)}
        axisLabels={weeks.map(weekShort)}
        categoryHeader="Kalenderwoche"
        series={weekSeries}
        empty="Im Zeitraum fallen keine Anrufe an."
      />

      <h4>Anrufe je Kunde</h4>
      <ColumnChart
        title="Wie viele Kunden wie viele Anrufe bekommen"
        summary={
          mostCommon
            ? `Gezählt über alle gelesenen Kunden (0 Anrufe: auch die nicht ausgewählten). Von den angerufenen Kunden bekommen die meisten ${callWord(mostCommon.calls)} (${count(mostCommon.customers)} Kunden), höchstens ${callWord(mostCalls)}.`
            : 'Gezählt über alle gelesenen Kunden: niemand wird angerufen.'
        }
        categories={perCustomer.map((entry) => callWord(entry.calls))}
        axisLabels={perCustomer.map((entry) => String(entry.calls))}
        categoryHeader="Anrufe"
        series={[{ name: 'Kunden', values: perCustomer.map((entry) => entry.customers) }]}
        empty="Kein Kunde ausgewählt."
      />

      <h4>Erwartete Ergebnisse der erreichten Kunden</h4>
      <BarTable caption="Ergebnisse (geschätzt)" labelHeader="Ergebnis" valueHeader="Kunden" rows={outcomeRows(report.outcomes)} empty="Im Zeitraum wird niemand erreicht." />

      <h4>Beim Wählen gestoppt</h4>
      <BarTable caption="Anrufe, die die Kontaktregeln zum Zeitpunkt des Anrufs gestoppt haben, nach Grund" labelHeader="Grund" valueHeader="Kunden" rows={report.stoppedAtDial.map(reasonRow)} empty="Kein Anruf wurde beim Wählen gestoppt." />

      <h4>Annahmen</h4>
      <ul className="run-assumptions">
        {report.assumptions.map((assumption) => (
          <li key={assumption}>{assumption}</li>
        ))}
      </ul>
    </div>
  );
}

/** "Kampagne starten" after the report, with a confirmation; then the run's page. */
function Launch({ campaignId, version, report, canLaunch }: { campaignId: string; version: number; report: DryRunReport; canLaunch: boolean }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keys = useIntentKeys('kampagnenlauf');
  const [confirming, setConfirming] = useState(false);
  // The focus follows the choice: to "Ja, … starten" when asked, back to "Kampagne starten" when not.
  const startButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) startButton.current?.focus();
    asked.current = confirming || asked.current;
  }, [confirming]);
  const intent = `${campaignId}/${version}`;
  const launch = useMutation({
    mutationFn: () => api<LaunchAnswer>(`${campaignPath(campaignId)}/versions/${version}/launch`, { method: 'POST', body: {}, idempotencyKey: keys.keyFor(intent) }),
    onSuccess: async (answer) => {
      keys.done(intent);
      await queryClient.invalidateQueries({ queryKey: ['campaign-runs', campaignId] });
      await navigate(runPagePath(campaignId, answer.runId));
    },
  });
  const blocked = report.forbiddenContacts > 0;

  return (
    <div className="run-launch">
      <h3>Kampagne starten</h3>
      {!canLaunch ? (
        <p>Starten dürfen nur Prozessverantwortliche.</p>
      ) : blocked ? (
        <p>Der Probelauf fand verbotene Kontakte: so wird die Kampagne nicht gestartet.</p>
      ) : (
        <>
          <p>
            Der Start wählt die Kunden aus dem ganzen Bestand neu aus und gibt die Anrufe im eingestellten Tempo an das Kunden-Service-Center. Ein zweiter Start derselben Version startet keinen zweiten Lauf, sondern führt zum ersten.
          </p>
          {!confirming ? (
            <div className="actions">
              <button ref={startButton} type="button" className="button button-primary" onClick={() => setConfirming(true)}>
                Kampagne starten
              </button>
            </div>
          ) : (
            <div className="run-confirm" role="group" aria-labelledby="start-bestaetigen">
              <p id="start-bestaetigen">
                <strong>Version {version} jetzt starten?</strong> Danach werden Kunden angerufen.
              </p>
              <div className="actions">
                <button ref={confirmButton} type="button" className="button button-primary" disabled={launch.isPending} aria-busy={launch.isPending || undefined} onClick={() => launch.mutate()}>
                  Ja, Version {version} starten
                  {launch.isPending ? <span className="visually-hidden"> (läuft …)</span> : null}
                </button>
                <Button variant="secondary" disabled={launch.isPending} onClick={() => setConfirming(false)}>
                  Nicht starten
                </Button>
              </div>
            </div>
          )}
        </>
      )}
      <Notice kind="error">{launch.error ? `Die Kampagne wurde nicht gestartet. ${describeError(launch.error)}` : undefined}</Notice>
    </div>
  );
}
