/**
 * A message about what just happened. Success and info are polite status messages; errors are
 * alerts. The live region exists before its text arrives, so screen readers announce it.
 */
import type { ReactNode } from 'react';

export type NoticeKind = 'success' | 'error' | 'info';

export function Notice({ kind, children, id }: { kind: NoticeKind; children?: ReactNode; id?: string }) {
  return (
    <div id={id} className={children ? `notice notice-${kind}` : 'notice-empty'} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
