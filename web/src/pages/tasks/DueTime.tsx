/** A due time with its state said in words (not by colour alone): "überfällig", "bald fällig". */
import { dateTime, dueState } from '../../format';

export function DueTime({ dueAt, now, active }: { dueAt: string; now: Date; active: boolean }) {
  const state = active ? dueState(dueAt, now) : 'later';
  return (
    <span className={`due due-${state}`}>
      {state === 'overdue' ? <strong className="due-badge">Überfällig</strong> : null}
      {state === 'soon' ? <strong className="due-badge">Bald fällig</strong> : null}
      {state === 'later' ? null : ' '}
      <time dateTime={dueAt}>{dateTime(dueAt)}</time>
    </span>
  );
}
