/** An address the app does not know. */
import { Link } from 'react-router';
import { Page } from '../components';

export default function NotFoundPage() {
  return (
    <Page title="Seite nicht gefunden">
      <p>
        Diese Adresse kennt die Drehscheibe nicht. <Link to="/">Zur Startseite</Link>
      </p>
    </Page>
  );
}
