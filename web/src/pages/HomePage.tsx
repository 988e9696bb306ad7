/** The start page: what this user can do here, one link per page of their roles. */
import { Link } from 'react-router';
import { Page } from '../components';
import { navItemsFor } from '../navigation';
import { useSession } from '../session';

export default function HomePage() {
  const { user } = useSession();
  return (
    <Page title={`Guten Tag, ${user.name}`} intro={user.queues.length > 0 ? `Ihre Warteschlangen: ${user.queues.join(', ')}.` : undefined}>
      <ul className="cards">
        {navItemsFor(user.roles).map((item) => (
          <li key={item.path} className="card">
            <h2>
              <Link to={item.path}>{item.label}</Link>
            </h2>
            <p>{item.description}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
