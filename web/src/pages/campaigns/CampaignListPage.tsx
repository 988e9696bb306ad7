/**
 * All campaigns (issue 11, section 4): name, trigger, live version, whether the draft has
 * unpublished changes, and the last change; process owners start a new campaign here as a copy
 * of an existing one. Reads `GET /campaigns`, each campaign's live version (or draft) for its
 * trigger, and `GET /service-processes` for the processes' titles.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, Notice, Page, SelectField, TextField } from '../../components';
import { date, dateTime } from '../../format';
import { hasRole, useSession } from '../../session';
import { triggerText, TRIGGER_KINDS } from './labels';
import { campaignPath, useServiceProcesses } from './queries';
import type { CampaignDraft, CampaignListItem, CampaignView, CampaignVersionView } from './types';

export const campaignPage = (id: string) => `/kampagnen/${encodeURIComponent(id)}`;

export default function CampaignListPage() {
  const { user } = useSession();
  const owner = hasRole(user, 'process-owner');
  const titleOf = useServiceProcesses();
  const list = useQuery({ queryKey: ['campaigns'], queryFn: ({ signal }) => api<{ campaigns: CampaignListItem[] }>('/campaigns', { signal }) });
  const campaigns = list.data?.campaigns ?? [];
  // The list names the trigger's kind only; the processes come with the live version (or the draft of one never published).
  const triggers = useQueries({
    queries: campaigns.map((campaign) => ({
      queryKey: campaign.liveVersion !== undefined ? ['campaign-version', campaign.campaignId, campaign.liveVersion] : ['campaign', campaign.campaignId],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        campaign.liveVersion !== undefined
          ? api<CampaignVersionView>(`${campaignPath(campaign.campaignId)}/versions/${campaign.liveVersion}`, { signal })
          : api<CampaignView>(campaignPath(campaign.campaignId), { signal }),
      staleTime: campaign.liveVersion !== undefined ? Infinity : 5_000,
    })),
  });
  const triggerOf = (index: number, campaign: CampaignListItem): string => {
    const data = triggers[index]?.data as CampaignVersionView | CampaignView | undefined;
    const definition = data ? ('definition' in data ? data.definition : data.draft?.definition) : undefined;
    return definition ? triggerText(definition.trigger, titleOf) : (TRIGGER_KINDS[campaign.triggerKind] ?? campaign.triggerKind);
  };

  return (
    <Page title="Kampagnen" intro="Welche Angebote das Kunden-Service-Center während eines Kontakts macht: je Kampagne die Live-Version, die neue Kontakte erhalten, und der Entwurf, an dem gearbeitet wird.">
      <div role="status">{list.isPending ? 'Kampagnen werden geladen …' : list.data ? `${campaigns.length} ${campaigns.length === 1 ? 'Kampagne' : 'Kampagnen'}.` : ''}</div>
      <Notice kind="error">{list.error ? describeError(list.error) : undefined}</Notice>
      {campaigns.length > 0 ? (
        <div className="table-scroll">
          <table className="campaign-table">
            <caption>Alle Kampagnen, nach Kennung</caption>
            <thead>
              <tr>
                <th scope="col">Kampagne</th>
                <th scope="col">Auslöser</th>
                <th scope="col">Live-Version</th>
                <th scope="col">Entwurf</th>
                <th scope="col">Letzte Änderung</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((campaign, index) => (
                <tr key={campaign.campaignId}>
                  <th scope="row">
                    <Link to={campaignPage(campaign.campaignId)}>{campaign.name}</Link>
                    <div className="campaign-id">{campaign.campaignId}</div>
                  </th>
                  <td>{triggerOf(index, campaign)}</td>
                  <td>{campaign.liveVersion !== undefined ? `Version ${campaign.liveVersion}${campaign.livePublishedAt ? ` seit ${date(campaign.livePublishedAt)}` : ''}` : 'noch nicht veröffentlicht'}</td>
                  <td>
                    {campaign.draft ? (
                      campaign.draft.unpublishedChanges ? (
                        <span className="badge badge-warn">Entwurf mit Änderungen</span>
                      ) : (
                        'wie die Live-Version'
                      )
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>
                    {campaign.updatedAt ? dateTime(campaign.updatedAt) : campaign.livePublishedAt ? dateTime(campaign.livePublishedAt) : '–'}
                    {campaign.draft ? <div className="meta">Entwurf: {campaign.draft.updatedBy}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {owner && campaigns.length > 0 ? <NewCampaign campaigns={campaigns} /> : null}
    </Page>
  );
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,59}$/;

/** "Neue Kampagne": a copy of an existing campaign's draft under a new id (revision 0 creates it). */
function NewCampaign({ campaigns }: { campaigns: CampaignListItem[] }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [source, setSource] = useState('');
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<{ source?: string; id?: string; name?: string }>({});
  const create = useMutation({
    mutationFn: async () => {
      const original = await api<CampaignView>(campaignPath(source));
      if (!original.draft) throw new Error('no draft');
      const definition = { ...original.draft.definition, name: name.trim() };
      return api<CampaignDraft>(`${campaignPath(id.trim())}/draft`, { method: 'PUT', body: { revision: 0, definition } });
    },
    onSuccess: async (draft) => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      void navigate(campaignPage(draft.campaignId), { state: { created: true } });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) setErrors({ id: `Die Kennung „${id.trim()}“ ist schon vergeben. Bitte eine andere wählen.` });
      else if (error instanceof ApiError && error.fields.some((field) => field.field === 'id')) setErrors({ id: 'Kleinbuchstaben, Ziffern und Bindestriche, 3 bis 60 Zeichen, am Anfang ein Buchstabe oder eine Ziffer.' });
      else if (error instanceof ApiError && error.fields.some((field) => field.field.startsWith('definition.name'))) setErrors({ name: 'Der Name darf höchstens 120 Zeichen haben.' });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!source) next.source = 'Bitte die Kampagne wählen, die kopiert werden soll.';
    if (!ID_PATTERN.test(id.trim())) next.id = 'Kleinbuchstaben, Ziffern und Bindestriche, 3 bis 60 Zeichen, am Anfang ein Buchstabe oder eine Ziffer.';
    else if (campaigns.some((campaign) => campaign.campaignId === id.trim())) next.id = `Die Kennung „${id.trim()}“ ist schon vergeben. Bitte eine andere wählen.`;
    if (!name.trim()) next.name = 'Bitte einen Namen eingeben.';
    setErrors(next);
    if (Object.keys(next).length === 0) create.mutate();
  };
  const otherError = create.error && !(create.error instanceof ApiError && (create.error.status === 409 || create.error.status === 400)) ? describeError(create.error) : undefined;

  return (
    <section aria-labelledby="neue-kampagne" className="campaign-new">
      <h2 id="neue-kampagne">Neue Kampagne</h2>
      <p className="meta">Eine neue Kampagne beginnt als Kopie einer bestehenden. Sie ist ein Entwurf, bis Sie sie veröffentlichen; erst dann erhalten Kontakte ihr Angebot.</p>
      <form className="form" noValidate onSubmit={submit} aria-label="Neue Kampagne als Kopie">
        <SelectField
          label="Kopie von"
          name="source"
          value={source}
          onChange={(value) => {
            setSource(value);
            const chosen = campaigns.find((campaign) => campaign.campaignId === value);
            if (chosen && (!name || name.startsWith('Kopie von '))) setName(`Kopie von ${chosen.draft?.name ?? chosen.name}`.slice(0, 120));
          }}
          options={[{ value: '', label: 'Bitte wählen' }, ...campaigns.map((campaign) => ({ value: campaign.campaignId, label: campaign.name }))]}
          error={errors.source}
          required
        />
        <TextField label="Kennung der neuen Kampagne" name="campaignId" value={id} onChange={setId} error={errors.id} hint="Bleibt über alle Versionen gleich, z. B. kreditkarte-gold-sommer (Kleinbuchstaben, Ziffern, Bindestriche)." required />
        <TextField label="Name" name="name" value={name} onChange={setName} error={errors.name} maxLength={120} required />
        <div className="actions">
          <Button type="submit" busy={create.isPending}>
            Kopie anlegen
          </Button>
        </div>
      </form>
      <Notice kind="error">{otherError}</Notice>
    </section>
  );
}
