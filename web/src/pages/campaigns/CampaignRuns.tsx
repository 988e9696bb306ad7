/** "Läufe" on a selection campaign's page: its launched runs with links to their pages. */
import { Link } from 'react-router';
import { describeError } from '../../api/errors';
import { dateTime } from '../../format';
import { useCampaignRuns } from './run-queries';
import { runPagePath, runStatusText } from './run-types';

export function CampaignRuns({ campaignId }: { campaignId: string }) {
  const runs = useCampaignRuns(campaignId);
  return (
    <section aria-labelledby="laeufe" className="campaign-section">
      <h2 id="laeufe">Läufe</h2>
      {runs.data ? (
        runs.data.length === 0 ? (
          <p>Noch nicht gestartet.</p>
        ) : (
          <div className="table-scroll">
            <table className="campaign-table">
              <caption>Gestartete Läufe, der neueste zuerst</caption>
              <thead>
                <tr>
                  <th scope="col">Lauf</th>
                  <th scope="col">Version</th>
                  <th scope="col">Status</th>
                  <th scope="col">Gestartet</th>
                  <th scope="col">von</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.map((run) => (
                  <tr key={run.runId}>
                    <th scope="row">
                      <Link to={runPagePath(campaignId, run.runId)}>{`Lauf von Version ${run.version}`}</Link> <span className="campaign-id">{run.runId}</span>
                    </th>
                    <td>Version {run.version}</td>
                    <td>{runStatusText(run.status)}</td>
                    <td>{dateTime(run.launchedAt)}</td>
                    <td>{run.launchedBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : (
        <p role="status">{runs.error ? describeError(runs.error) : 'Läufe werden geladen …'}</p>
      )}
    </section>
  );
}
