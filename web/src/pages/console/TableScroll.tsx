/**
 * A wide table's frame: at 200 % zoom it scrolls sideways inside the page, and a keyboard user can
 * focus it to scroll (WCAG 2.1.1; axe `scrollable-region-focusable`).
 */
import type { ReactNode } from 'react';

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
