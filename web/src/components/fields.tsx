/**
 * Form fields with their label, hint and error beside them. The error is tied to the input with
 * `aria-describedby` and marks it `aria-invalid`, so a screen reader reads it with the field.
 */
import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
}

function describedBy(hintId: string, errorId: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function Extras({ hintId, errorId, hint, error }: { hintId: string; errorId: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </>
  );
}

function RequiredMark({ required }: { required?: boolean }) {
  return required ? <span className="required"> (Pflichtfeld)</span> : null;
}

export function TextField({ label, name, value, onChange, error, hint, required, type = 'text', autoComplete = 'off', inputMode, maxLength, placeholder }: FieldProps & { value: string; onChange(value: string): void; type?: 'text' | 'datetime-local' | 'number' | 'password' | 'search' | 'email' | 'tel'; autoComplete?: string; inputMode?: 'text' | 'numeric' | 'email' | 'tel'; maxLength?: number; placeholder?: string }) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        <RequiredMark required={required} />
      </label>
      <Extras hintId={`${id}-hint`} errorId={`${id}-error`} hint={hint} error={error} />
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}
        required={required}
        autoComplete={autoComplete}
        inputMode={inputMode}
        maxLength={maxLength}
        placeholder={placeholder}
      />
    </div>
  );
}

export function TextArea({ label, name, value, onChange, error, hint, required, maxLength, rows = 3 }: FieldProps & { value: string; onChange(value: string): void; maxLength?: number; rows?: number }) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        <RequiredMark required={required} />
      </label>
      <Extras hintId={`${id}-hint`} errorId={`${id}-error`} hint={hint} error={error} />
      <textarea id={id} name={name} value={value} rows={rows} maxLength={maxLength} required={required} onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({ label, name, value, onChange, options, error, hint, required }: FieldProps & { value: string; onChange(value: string): void; options: Option[] }) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        <RequiredMark required={required} />
      </label>
      <Extras hintId={`${id}-hint`} errorId={`${id}-error`} hint={hint} error={error} />
      <select id={id} name={name} value={value} required={required} onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function RadioGroup({ label, name, value, onChange, options, error, hint, required }: FieldProps & { value: string; onChange(value: string): void; options: Option[] }) {
  const id = useId();
  return (
    <fieldset className={`field${error ? ' field-invalid' : ''}`} aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)} aria-invalid={error ? true : undefined}>
      <legend>
        {label}
        <RequiredMark required={required} />
      </legend>
      <Extras hintId={`${id}-hint`} errorId={`${id}-error`} hint={hint} error={error} />
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input type="radio" name={`${name}-${id}`} value={option.value} checked={value === option.value} required={required} onChange={() => onChange(option.value)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

export function CheckboxGroup({ label, name, value, onChange, options, error, hint, required }: FieldProps & { value: string[]; onChange(value: string[]): void; options: Option[] }) {
  const id = useId();
  const toggle = (option: string, on: boolean) => onChange(on ? [...value.filter((item) => item !== option), option] : value.filter((item) => item !== option));
  return (
    <fieldset className={`field${error ? ' field-invalid' : ''}`} aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}>
      <legend>
        {label}
        <RequiredMark required={required} />
      </legend>
      <Extras hintId={`${id}-hint`} errorId={`${id}-error`} hint={hint} error={error} />
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input type="checkbox" name={name} value={option.value} checked={value.includes(option.value)} onChange={(event) => toggle(option.value, event.target.checked)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
