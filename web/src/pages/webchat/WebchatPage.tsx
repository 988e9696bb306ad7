/**
 * The online branch (Internet-Filiale) for customers, without a staff sign-in (`/online-filiale`):
 * the chat with the Kundenservice and "Rückruf anfordern". It talks to the public web-chat
 * endpoints only and never sends a staff token.
 */
import { Page } from '../../components';
import { CallbackForm } from './CallbackForm';
import { ChatBox } from './ChatBox';

export default function WebchatPage() {
  return (
    <Page title="Internet-Filiale: Kontakt" intro="Chatten Sie mit unserem Kundenservice, oder lassen Sie sich von unserer Direktberatung zurückrufen.">
      <div className="webchat">
        <ChatBox />
        <CallbackForm />
      </div>
    </Page>
  );
}
