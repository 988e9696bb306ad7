/**
 * The cases as a table: the entry (a link that opens the case below), when it was posted, its
 * reaction type, status, the reaction's due time with "Überfällig" in words while the reaction is
 * owed, and the escalation of a reputation risk. The case shown carries `aria-current`.
 */
import { Link } from 'react-router';
import { dateTime } from '../../format';
import { DueTime } from '../tasks/DueTime';
import { ESCALATION_LABELS, entryLabel, STATUS_LABELS, TYPE_LABELS } from './labels';
import { isClosed, type SocialCaseSummary } from './types';

/** Whether the team's reaction is still owed (an overdue due time then matters). */
export const reactionOwed = (entry: Pick<SocialCaseSummary, 'status' | 'reactedAt'>) => !entry.reactedAt && !isClosed(entry.status);

/** What the page's address says: the case shown and whether closed cases are listed too. */
export function socialLink(caseId: string | undefined, all: boolean): string {
  const params = new URLSearchParams();
  if (all) params.set('alle', 'ja');
  if (caseId) params.set('fall', caseId);
  const search = params.toString();
  return `/social-media${search ? `?${search}` : ''}`;
}

function Reaction({ entry, now }: { entry: SocialCaseSummary; now: Date }) {
  if (entry.reactedAt) {
    const late = Date.parse(entry.reactedAt) > Date.parse(entry.dueAt);
    return (
      <>
        reagiert <time dateTime={entry.reactedAt}>{dateTime(entry.reactedAt)}</time>
        {late ? <strong className="badge badge-warn social-late">nach Frist</strong> : null}
        <span className="meta social-due">fällig war <time dateTime={entry.dueAt}>{dateTime(entry.dueAt)}</time></span>
      </>
    );
  }
  return <DueTime dueAt={entry.dueAt} now={now} active={reactionOwed(entry)} />;
}

export function CaseList({ cases, all, selected, now, onPick }: { cases: SocialCaseSummary[]; all: boolean; selected: string | undefined; now: Date; onPick(): void }) {
  return (
    <div className="table-scroll">
      <table className="social-table">
        <caption>
          {all ? 'Alle Fälle' : 'Offene Fälle'}: {cases.length}, die neuesten zuerst
        </caption>
        <thead>
          <tr>
            <th scope="col">Eintrag</th>
            <th scope="col">Eingang</th>
            <th scope="col">Art</th>
            <th scope="col">Status</th>
            <th scope="col">Reaktion fällig</th>
            <th scope="col">Eskalation</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((entry) => {
            const current = entry.caseId === selected;
            const overdue = reactionOwed(entry) && Date.parse(entry.dueAt) <= now.getTime();
            return (
              <tr key={entry.caseId} className={`social-row${current ? ' social-row-current' : ''}${overdue ? ' social-row-overdue' : ''}`}>
                <th scope="row">
                  <Link to={socialLink(entry.caseId, all)} aria-current={current ? 'true' : undefined} onClick={onPick} replace>
                    {entryLabel(entry.network, entry.kind)} <span className="social-post-id">{entry.postId}</span>
                  </Link>
                </th>
                <td>
                  <time dateTime={entry.postedAt}>{dateTime(entry.postedAt)}</time>
                </td>
                <td>{TYPE_LABELS[entry.type]}</td>
                <td>{STATUS_LABELS[entry.status]}</td>
                <td>
                  <Reaction entry={entry} now={now} />
                </td>
                <td>{entry.escalation ? `Stufe ${entry.escalation.level}: ${ESCALATION_LABELS[entry.escalation.status]}` : 'keine'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
