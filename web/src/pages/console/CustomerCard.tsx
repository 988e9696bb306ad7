/**
 * Whom the agent speaks to: the customer summary from core banking, and which contact details
 * core banking lacks (the agent asks for them and captures them in step 8).
 */
import { Notice } from '../../components';
import { date } from '../../format';
import { contactFieldLabel, listWords, productLabel, SEGMENTS } from './labels';
import { CUSTOMER_DATA_STEP } from './CustomerProfileSection';
import type { CustomerSummary } from './types';

export function CustomerCard({ customer }: { customer: CustomerSummary }) {
  return (
    <div className="console-customer">
      <h3>
        {customer.name.givenName} {customer.name.familyName}
      </h3>
      <dl className="facts">
        <dt>Kundennummer</dt>
        <dd>{customer.customerId}</dd>
        <dt>Alter</dt>
        <dd>{customer.minor ? <span className="badge badge-bad">minderjährig: keine Werbung</span> : 'volljährig'}</dd>
        <dt>Segment</dt>
        <dd>{SEGMENTS[customer.segment] ?? customer.segment}</dd>
        <dt>Filiale</dt>
        <dd>{customer.branchId}</dd>
        <dt>Beraterin / Berater</dt>
        <dd>{customer.advisor.name}</dd>
        <dt>Produkte</dt>
        <dd>
          {customer.products.length === 0 ? (
            'keine'
          ) : (
            <ul className="console-products">
              {customer.products.map((holding) => (
                <li key={`${holding.product}-${holding.since}`}>
                  {productLabel(holding.product)} <span className="meta">seit {date(holding.since)}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <Notice kind="info">
        {customer.missing.length > 0 ? (
          <>
            <strong>Bitte erfragen: {listWords(customer.missing.map(contactFieldLabel))}</strong> – dem Kernbankensystem fehlt {customer.missing.length === 1 ? 'diese Angabe' : 'beides'}.{' '}
            <a href={`#${CUSTOMER_DATA_STEP}`}>In Schritt 8 „Kundendaten und Interessen“ erfassen</a>
          </>
        ) : undefined}
      </Notice>
    </div>
  );
}
