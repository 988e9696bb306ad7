/**
 * The customer record a conversation is linked to, as facts of the conversation: the customer
 * number, the name (from core banking) and, for the bank's own agents, a link into the contact
 * console with that customer (`/kontakt?kunde=…`).
 */
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { CUSTOMER_READ, customerPath } from '../console/queries';
import type { CustomerSummary } from '../console/types';

/** The query key of a customer summary: the contact console's, so both share one read. */
export const customerQueryKey = (customerId: string) => ['customer', customerId] as const;

/** "Erika Mustermann". */
export function customerNameOf(customer: Pick<CustomerSummary, 'name'>): string {
  return `${customer.name.givenName} ${customer.name.familyName}`;
}

function CustomerName({ customerId }: { customerId: string }) {
  const summary = useQuery({
    queryKey: customerQueryKey(customerId),
    // Each read is on the audit record: no abort signal, so a quick remount joins the read instead
    // of cancelling and repeating it, and the page's 2-second refresh does not repeat it either.
    queryFn: () => api<CustomerSummary>(customerPath(customerId)),
    ...CUSTOMER_READ,
    staleTime: 10 * 60_000,
  });
  if (summary.data) return <>{customerNameOf(summary.data)}</>;
  if (summary.isError) return <span className="meta">Name nicht abrufbar</span>;
  return <span className="meta">wird geladen …</span>;
}

/**
 * `dt`/`dd` pairs for the conversation's facts list. `withName`: read and show the name (not for
 * the external service center); `withConsole`: link the contact console (agents of the bank).
 */
export function LinkedCustomerFacts({ customerId, withName, withConsole }: { customerId: string; withName: boolean; withConsole: boolean }) {
  return (
    <>
      <dt>Kundennummer</dt>
      <dd>
        {customerId}
        {withConsole ? (
          <>
            {' · '}
            <Link to={`/kontakt?kunde=${encodeURIComponent(customerId)}`}>In der Kontakt-Konsole öffnen</Link>
          </>
        ) : null}
      </dd>
      {withName ? (
        <>
          <dt>Name</dt>
          <dd>
            <CustomerName customerId={customerId} />
          </dd>
        </>
      ) : null}
    </>
  );
}
