/**
 * A page's frame: the document title and the one `h1`. After a navigation the heading takes the
 * focus, so a screen reader announces the new page and the next Tab starts at its top.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';

export function Page({ title, intro, children }: { title: string; intro?: ReactNode; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = `${title} – Drehscheibe`;
  }, [title]);
  useEffect(() => {
    // Not on the first page load: there the browser's own start (skip link first) is right.
    if (window.history.state && (window.history.state as { idx?: number }).idx) heading.current?.focus();
  }, [pathname]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {intro ? <p className="intro">{intro}</p> : null}
      {children}
    </>
  );
}
