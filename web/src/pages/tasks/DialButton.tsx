/**
 * "Anrufen" on a task to phone the customer from (the after-sales care call): the server asks the
 * telephony platform to dial the number core banking holds and puts the call through to the agent
 * (`POST /tasks/{id}/dial`). Nobody types a number, and the page never sees one. Only the agent
 * who claimed the task dials; everyone else reads why not.
 */
import { useState } from 'react';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, Notice } from '../../components';
import { hasRole, useSession } from '../../session';
import { useSubmissionKey } from '../console/useSubmissionKey';
import { ACTIVE, type Task } from './types';

/** Task types whose customer the agent phones from the task (the server says the same). */
const DIALABLE = ['care-call', 'care-appointment'];

interface DialAnswer {
  outcome: 'answered' | 'no-answer' | 'busy' | 'failed';
}

const OUTCOME_SENTENCES: Record<DialAnswer['outcome'], string> = {
  answered: 'Der Kunde hat abgenommen; der Anruf ist zu Ihnen durchgestellt.',
  'no-answer': 'Der Kunde hat nicht abgenommen.',
  busy: 'Beim Kunden ist besetzt.',
  failed: 'Der Anruf kam nicht zustande.',
};

export function DialButton({ task }: { task: Task }) {
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  // One key per dial, reused when a failed dial is tried again: a retry never places a second call.
  const submission = useSubmissionKey();

  if (!DIALABLE.includes(task.type) || !ACTIVE.includes(task.status) || !hasRole(user, 'agent')) return null;
  const mine = task.assignee === user.id;

  const dial = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const answer = await api<DialAnswer>(`/tasks/${encodeURIComponent(task.id)}/dial`, { method: 'POST', idempotencyKey: submission.keyFor({ dial: task.id }) });
      setNotice({ kind: 'success', text: OUTCOME_SENTENCES[answer.outcome] });
      submission.succeeded();
    } catch (error) {
      setNotice({ kind: 'error', text: describeError(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="task-dial">
      {mine ? (
        <Button busy={busy} onClick={() => void dial()}>
          Anrufen
        </Button>
      ) : (
        <p>Zum Anrufen übernehmen Sie die Aufgabe zuerst.</p>
      )}
      <Notice kind="success">{notice?.kind === 'success' ? notice.text : null}</Notice>
      <Notice kind="error">{notice?.kind === 'error' ? notice.text : null}</Notice>
    </div>
  );
}
