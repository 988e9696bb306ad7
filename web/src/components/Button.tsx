/** A button; `busy` disables it and says so while a request runs. */
import type { ButtonHTMLAttributes } from 'react';

export function Button({ busy, variant = 'primary', children, disabled, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { busy?: boolean; variant?: 'primary' | 'secondary' | 'danger' }) {
  return (
    <button type="button" className={`button button-${variant}`} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {children}
      {busy ? <span className="visually-hidden"> (läuft …)</span> : null}
    </button>
  );
}
