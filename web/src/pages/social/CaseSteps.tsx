/** What happened in a case, in order (the process's steps: names, times and who; no post text). */
import { dateTime } from '../../format';
import { stepLabel } from './labels';
import type { SocialCaseState } from './types';

export function CaseSteps({ steps, nameOf }: { steps: SocialCaseState['steps']; nameOf(id: string): string }) {
  return (
    <section aria-labelledby="social-steps">
      <h3 id="social-steps">Schritte des Falls</h3>
      {steps.length === 0 ? (
        <p>Noch keine Schritte.</p>
      ) : (
        <ol className="process-steps">
          {steps.map((step, index) => (
            <li key={`${index}-${step.step}`} className="process-step">
              <time dateTime={step.at}>{dateTime(step.at)}</time>
              {stepLabel(step.step)} <span className="meta">({nameOf(step.by)})</span>
              {step.detail ? <span className="social-step-detail"> {step.detail}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
