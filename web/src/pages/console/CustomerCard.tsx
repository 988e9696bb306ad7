/** Whom the agent speaks to: the customer summary from core banking. */
import { date } from '../../format';
import { productLabel, SEGMENTS } from './labels';
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
    </div>
  );
}
