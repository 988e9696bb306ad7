/**
 * Criteria or exclusions as JSON, with the rule read out in German beneath it as it is typed,
 * and the API's message for a bad rule beside it, naming the rule's path.
 */
import { useId } from 'react';
import { readRules } from './criteria-text';

export function RuleField({ label, name, value, onChange, error, list, hint }: { label: string; name: string; value: string; onChange(value: string): void; error?: string; list: boolean; hint: string }) {
  const id = useId();
  const read = readRules(value, list);
  const describedBy = [`${id}-hint`, `${id}-reading`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field campaign-rule${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
      <textarea id={id} name={name} className="campaign-json" value={value} rows={list ? 6 : 12} spellCheck={false} onChange={(event) => onChange(event.target.value)} aria-invalid={error || !read.ok ? true : undefined} aria-describedby={describedBy} />
      <div id={`${id}-reading`} className={`campaign-reading${read.ok ? '' : ' campaign-reading-bad'}`}>
        <span className="campaign-reading-label">In Worten: </span>
        {read.ok ? (
          list ? (
            read.sentences.length === 0 ? (
              'keine Ausschlüsse'
            ) : (
              <ol>
                {read.sentences.map((sentence, index) => (
                  <li key={index}>{sentence}</li>
                ))}
              </ol>
            )
          ) : (
            read.sentences[0]
          )
        ) : (
          read.problem
        )}
      </div>
    </div>
  );
}
