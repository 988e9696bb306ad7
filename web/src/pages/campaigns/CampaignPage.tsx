/**
 * One campaign (issue 11, section 4): its live version, its versions (who published when), the
 * draft (an editor for process owners, read only for supervisors and auditors), publishing the
 * reviewed draft, and the differences between any two versions or a version and the draft.
 */
import { useCallback, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, Notice, Page, SelectField } from '../../components';
import { dateTime } from '../../format';
import { hasRole, useSession } from '../../session';
import { DefinitionSummary } from './DefinitionSummary';
import { CampaignRuns } from './CampaignRuns';
import { DiffTable } from './DiffTable';
import { DraftEditor } from './DraftEditor';
import { DryRunSection } from './DryRunSection';
import { campaignPath, useCampaign, useDiff, useProcessList, useServiceProcesses, useVersion } from './queries';
import type { CampaignDraft, CampaignView, PublishedAnswer } from './types';

export default function CampaignPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const location = useLocation();
  const owner = hasRole(user, 'process-owner');
  const campaign = useCampaign(id);
  // A campaign whose live version is a target selection is run over the customer base: dry run, launch, runs.
  const live = useVersion(id, campaign.data?.liveVersion);
  const selection = live.data?.definition.trigger.kind === 'selection' ? live.data.version : undefined;
  const titleOf = useServiceProcesses();
  const processes = useProcessList();
  const [dirty, setDirty] = useState(false);
  const onDirtyChange = useCallback((value: boolean) => setDirty(value), []);
  const view = campaign.data;
  const draft = view?.draft;
  const missing = campaign.error instanceof ApiError && (campaign.error.status === 404 || campaign.error.status === 400);
  const title = draft ? `Kampagne: ${draft.definition.name}` : view?.versions[0] ? `Kampagne: ${view.versions[0].name}` : 'Kampagne';
  const created = (location.state as { created?: boolean } | null)?.created === true;

  return (
    <Page title={title}>
      <p>
        <Link to="/kampagnen">Zurück zu allen Kampagnen</Link>
      </p>
      <div role="status">{campaign.isPending ? 'Kampagne wird geladen …' : ''}</div>
      <Notice kind="error">{campaign.error ? (missing ? `Eine Kampagne „${id}“ gibt es nicht.` : describeError(campaign.error)) : undefined}</Notice>
      {created ? <Notice kind="success">Die Kampagne „{id}“ ist als Kopie angelegt (Revision 1). Sie ist noch nicht veröffentlicht.</Notice> : null}
      {view ? (
        <>
          <LiveVersion view={view} titleOf={titleOf} />
          <Versions view={view} />
          {selection !== undefined && hasRole(user, 'process-owner', 'supervisor') ? <DryRunSection key={`${id}/${selection}`} campaignId={id} version={selection} canLaunch={owner} /> : null}
          {selection !== undefined ? <CampaignRuns campaignId={id} /> : null}
          <section aria-labelledby="entwurf" className="campaign-section">
            <h2 id="entwurf">Entwurf</h2>
            {!draft ? (
              <p>Den Entwurf sehen nur Prozessverantwortliche, Supervisor/innen und die Revision.</p>
            ) : owner && processes.data ? (
              <DraftEditor key={`${id}`} campaignId={id} draft={draft} processes={processes.data.processes} onDirtyChange={onDirtyChange} />
            ) : owner ? (
              <p role="status">Formular wird vorbereitet …</p>
            ) : (
              <>
                <p className="meta">
                  Nur lesen. Revision {draft.revision}, zuletzt gespeichert von {draft.updatedBy} am {dateTime(draft.updatedAt)}; {draft.unpublishedChanges ? 'mit Änderungen, die noch nicht veröffentlicht sind.' : 'entspricht der Live-Version.'}
                </p>
                <DefinitionSummary definition={draft.definition} titleOf={titleOf} />
              </>
            )}
          </section>
          {owner && draft ? <Publish campaignId={id} draft={draft} dirty={dirty} titleOf={titleOf} /> : null}
          <Compare view={view} titleOf={titleOf} />
        </>
      ) : null}
    </Page>
  );
}

function LiveVersion({ view, titleOf }: { view: CampaignView; titleOf: (process: string) => string }) {
  const live = useVersion(view.campaignId, view.liveVersion);
  return (
    <section aria-labelledby="live" className="campaign-section">
      <h2 id="live">{view.liveVersion !== undefined ? `Live-Version ${view.liveVersion}` : 'Live-Version'}</h2>
      {view.liveVersion === undefined ? (
        <p>Noch nicht veröffentlicht: Kontakte erhalten dieses Angebot erst nach der ersten Veröffentlichung.</p>
      ) : live.data ? (
        <>
          <p className="meta">
            Gilt für neue Kontakte seit {dateTime(live.data.publishedAt)}, veröffentlicht von {live.data.publishedBy}.
          </p>
          <DefinitionSummary definition={live.data.definition} titleOf={titleOf} />
        </>
      ) : (
        <p role="status">{live.error ? describeError(live.error) : 'Live-Version wird geladen …'}</p>
      )}
    </section>
  );
}

function Versions({ view }: { view: CampaignView }) {
  return (
    <section aria-labelledby="versionen" className="campaign-section">
      <h2 id="versionen">Versionen</h2>
      {view.versions.length === 0 ? (
        <p>Noch keine veröffentlichte Version.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>Veröffentlichte Versionen, die neueste zuerst</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Name</th>
                <th scope="col">Veröffentlicht</th>
                <th scope="col">von</th>
                <th scope="col">aus Entwurf</th>
              </tr>
            </thead>
            <tbody>
              {view.versions.map((version) => (
                <tr key={version.version}>
                  <th scope="row">
                    Version {version.version}
                    {version.version === view.liveVersion ? (
                      <>
                        {' '}
                        <span className="badge badge-ok">live</span>
                      </>
                    ) : null}
                  </th>
                  <td>{version.name}</td>
                  <td>{dateTime(version.publishedAt)}</td>
                  <td>{version.publishedBy}</td>
                  <td>Revision {version.draftRevision}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A fresh Idempotency-Key, e.g. `veroeffentlichen-3f2a…`. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `veroeffentlichen-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** What the API's 409 on publishing means, in German. */
function publishConflict(error: ApiError): string {
  if (/nothing to publish/.test(error.message)) return 'Nichts zu veröffentlichen: der Entwurf entspricht der Live-Version.';
  const stale = error.message.match(/at revision (\d+) now/);
  if (stale) return `Der Entwurf wurde inzwischen geändert (jetzt Revision ${stale[1]}). Bitte die Änderungen unten noch einmal prüfen und dann veröffentlichen.`;
  if (/another publish/.test(error.message)) return 'Gerade hat jemand anderes diese Kampagne veröffentlicht. Bitte die Versionen ansehen und, wenn der Entwurf noch abweicht, erneut veröffentlichen.';
  return describeError(error);
}

/** Publishing the saved draft the owner reviewed: the changes against the live version, then the button. */
function Publish({ campaignId, draft, dirty, titleOf }: { campaignId: string; draft: CampaignDraft; dirty: boolean; titleOf: (process: string) => string }) {
  const queryClient = useQueryClient();
  const changes = useDiff(campaignId, draft.liveVersion, 'draft', draft.revision);
  // One key per reviewed revision: a retry after a lost answer finds the version it made.
  const keys = useRef(new Map<number, string>());
  const [published, setPublished] = useState<PublishedAnswer>();
  const publish = useMutation({
    mutationFn: (revision: number) => {
      const key = keys.current.get(revision) ?? newKey();
      keys.current.set(revision, key);
      return api<PublishedAnswer>(`${campaignPath(campaignId)}/publish`, { method: 'POST', body: { revision }, idempotencyKey: key });
    },
    onMutate: () => setPublished(undefined),
    onSuccess: async (answer) => {
      setPublished(answer);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['campaign', campaignId] }),
        queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
        queryClient.invalidateQueries({ queryKey: ['campaign-diff', campaignId] }),
      ]);
    },
  });
  const next = (draft.liveVersion ?? 0) + 1;
  const nothing = !draft.unpublishedChanges && draft.liveVersion !== undefined;

  return (
    <section aria-labelledby="veroeffentlichen" className="campaign-section">
      <h2 id="veroeffentlichen">Veröffentlichen</h2>
      {draft.liveVersion !== undefined ? (
        changes.data ? (
          <DiffTable changes={changes.data.changes} caption={`Änderungen des gespeicherten Entwurfs (Revision ${draft.revision}) gegenüber der Live-Version ${draft.liveVersion}`} titleOf={titleOf} />
        ) : (
          <p role="status">{changes.error ? describeError(changes.error) : 'Änderungen werden ermittelt …'}</p>
        )
      ) : (
        <p>Die erste Veröffentlichung macht den Entwurf zu Version 1.</p>
      )}
      <p className="meta">
        {dirty
          ? 'Veröffentlicht wird der gespeicherte Entwurf. Bitte erst die Änderungen im Formular speichern.'
          : nothing
            ? 'Der Entwurf entspricht der Live-Version: es gibt nichts zu veröffentlichen.'
            : `Neue Kontakte erhalten ab der Veröffentlichung Version ${next}; laufende Kontakte behalten ihre Version.`}
      </p>
      <div className="actions">
        <Button busy={publish.isPending} disabled={dirty || nothing} onClick={() => publish.mutate(draft.revision)}>
          Veröffentlichen (Revision {draft.revision} als Version {next})
        </Button>
      </div>
      <Notice kind="success">{published ? `Version ${published.version} ist veröffentlicht (${dateTime(published.publishedAt)}) und gilt ab sofort für neue Kontakte.` : undefined}</Notice>
      <Notice kind="error">{publish.error ? (publish.error instanceof ApiError && publish.error.status === 409 ? publishConflict(publish.error) : describeError(publish.error)) : undefined}</Notice>
    </section>
  );
}

/** Any two versions, or a version and the draft, side by side as a table of changes. */
function Compare({ view, titleOf }: { view: CampaignView; titleOf: (process: string) => string }) {
  const versions = view.versions.map((version) => version.version);
  const oldest = versions[versions.length - 1];
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('');
  const fromValue = from || (oldest !== undefined ? String(view.liveVersion ?? oldest) : '');
  const toValue = to || (view.draft ? 'draft' : String(versions[0] ?? ''));
  const diff = useDiff(view.campaignId, fromValue ? Number(fromValue) : undefined, toValue === 'draft' ? 'draft' : toValue ? Number(toValue) : undefined, view.draft?.revision);
  if (versions.length === 0) return null;
  const name = (value: string) => (value === 'draft' ? `dem Entwurf (Revision ${view.draft?.revision ?? '?'})` : `Version ${value}`);
  const options = view.versions.map((version) => ({ value: String(version.version), label: `Version ${version.version}${version.version === view.liveVersion ? ' (live)' : ''}` }));
  return (
    <section aria-labelledby="vergleich" className="campaign-section">
      <h2 id="vergleich">Versionen vergleichen</h2>
      <div className="campaign-compare">
        <SelectField label="Von" name="from" value={fromValue} onChange={setFrom} options={options} />
        <SelectField label="Bis" name="to" value={toValue} onChange={setTo} options={[...(view.draft ? [{ value: 'draft', label: `Entwurf (Revision ${view.draft.revision})` }] : []), ...options]} />
      </div>
      <div role="status" className="campaign-compare-status">
        {diff.isFetching ? 'Vergleich wird geladen …' : diff.data ? `${diff.data.changes.length === 0 ? 'Keine' : diff.data.changes.length} ${diff.data.changes.length === 1 ? 'Änderung' : 'Änderungen'} von Version ${fromValue} zu ${name(toValue)}.` : ''}
      </div>
      <Notice kind="error">{diff.error ? describeError(diff.error) : undefined}</Notice>
      {diff.data ? <DiffTable changes={diff.data.changes} caption={`Von Version ${fromValue} zu ${name(toValue)}`} titleOf={titleOf} /> : null}
    </section>
  );
}
