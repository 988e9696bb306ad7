/**
 * Find a process (issue 9, part 5): by its workflow id, or all processes of a customer by the
 * customer number. Workflow ids carry only a pseudonym of the customer, so the API does the
 * look-up; the customer number stays in the URL (`?kunde=`) for linking and reloading.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { describeError, fieldErrors } from '../../api/errors';
import { Button, Notice, Page, TextField } from '../../components';
import { dateTime } from '../../format';
import { statusBadge, statusLabel, typeLabel } from './labels';

export interface ProcessSummary {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  startedAt: string;
  closedAt?: string;
}

export const processPath = (workflowId: string) => `/prozesse/${encodeURIComponent(workflowId)}`;

export default function ProcessSearchPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const customerId = params.get('kunde') ?? '';
  const [workflowId, setWorkflowId] = useState('');
  const [idError, setIdError] = useState<string>();
  const [typed, setTyped] = useState(customerId);

  const processes = useQuery({
    queryKey: ['customer-processes', customerId],
    queryFn: ({ signal }) => api<{ customerId: string; processes: ProcessSummary[] }>(`/customers/${encodeURIComponent(customerId)}/processes`, { signal }),
    enabled: customerId !== '',
    retry: false,
  });
  const customerError = processes.error ? fieldErrors(processes.error).customerId : undefined;

  const openById = (event: FormEvent) => {
    event.preventDefault();
    const id = workflowId.trim();
    if (!id) {
      setIdError('Bitte eine Prozess-ID eingeben.');
      return;
    }
    setIdError(undefined);
    void navigate(processPath(id));
  };
  const searchCustomer = (event: FormEvent) => {
    event.preventDefault();
    setParams(typed.trim() ? { kunde: typed.trim() } : {});
  };

  return (
    <Page title="Prozesse" intro="Einen Prozess über seine ID öffnen, oder alle Prozesse eines Kunden über die Kundennummer finden.">
      <div className="process-search">
        <section aria-labelledby="nach-id">
          <h2 id="nach-id">Prozess nach ID</h2>
          <form className="form narrow" role="search" aria-label="Prozess nach ID" noValidate onSubmit={openById}>
            <TextField label="Prozess-ID" name="workflowId" value={workflowId} onChange={setWorkflowId} required error={idError} hint="z. B. callback:… aus einer E-Mail oder dem Temporal UI" />
            <div className="actions">
              <Button type="submit">Prozess öffnen</Button>
            </div>
          </form>
        </section>
        <section aria-labelledby="nach-kunde">
          <h2 id="nach-kunde">Prozesse eines Kunden</h2>
          <form className="form narrow" role="search" aria-label="Prozesse eines Kunden" noValidate onSubmit={searchCustomer}>
            <TextField
              label="Kundennummer"
              name="customerId"
              value={typed}
              onChange={setTyped}
              required
              hint="z. B. K-100027"
              error={customerError ? 'Eine Kundennummer besteht aus Buchstaben, Ziffern und Bindestrichen, z. B. K-100027.' : undefined}
            />
            <div className="actions">
              <Button type="submit">Prozesse suchen</Button>
            </div>
          </form>
        </section>
      </div>

      <div role="status" className="process-status">
        {customerId && processes.isPending ? 'Prozesse werden gesucht …' : processes.data ? (processes.data.processes.length === 0 ? `Für ${customerId} gibt es keine Prozesse.` : `${processes.data.processes.length} ${processes.data.processes.length === 1 ? 'Prozess' : 'Prozesse'} für ${customerId} gefunden.`) : ''}
      </div>
      <Notice kind="error">{processes.error && !customerError ? describeError(processes.error) : undefined}</Notice>
      {processes.data && processes.data.processes.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption>Prozesse von {customerId}, die neuesten zuerst</caption>
            <thead>
              <tr>
                <th scope="col">Prozess</th>
                <th scope="col">Status</th>
                <th scope="col">Gestartet</th>
                <th scope="col">Beendet</th>
                <th scope="col">Prozess-ID</th>
              </tr>
            </thead>
            <tbody>
              {processes.data.processes.map((process) => (
                <tr key={process.workflowId}>
                  <th scope="row">
                    <Link to={processPath(process.workflowId)}>{typeLabel(process.type)}</Link>
                  </th>
                  <td>
                    <span className={`badge ${statusBadge(process.status)}`}>{statusLabel(process.status)}</span>
                  </td>
                  <td>{dateTime(process.startedAt)}</td>
                  <td>{process.closedAt ? dateTime(process.closedAt) : '–'}</td>
                  <td className="process-id">{process.workflowId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}
