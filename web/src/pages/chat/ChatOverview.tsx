/**
 * The center at a glance, for supervisors (`GET /chat/overview`): each agent's presence and open
 * chats against the cap, the external center's queue with the reason each conversation went there
 * and who took it, and the conversations waiting with advisors. Read every 5 seconds.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Notice } from '../../components';
import { describeChatError, overflowLabel, whenLabel } from './labels';

interface Overview {
  agents: Array<{ id: string; presence: 'online' | 'away' | 'offline'; cap: number; open: number }>;
  external: Array<{ conversationId: string; reason: string; since: string; takenBy?: string }>;
  advisors: Array<{ conversationId: string; advisorId: string; queue: string; since: string; takenBy?: string }>;
}

const PRESENCE: Record<Overview['agents'][number]['presence'], string> = { online: 'Online', away: 'Pause', offline: 'Offline' };
const shortId = (conversationId: string) => `${conversationId.split('~')[1]?.slice(0, 9) ?? conversationId}…`;

export function ChatOverview({ nameOf, now }: { nameOf(id: string): string; now: Date }) {
  const query = useQuery({ queryKey: ['chat', 'overview'], queryFn: ({ signal }) => api<Overview>('/chat/overview', { signal }), refetchInterval: 5_000 });
  if (query.isError) return <Notice kind="error">{describeChatError(query.error)}</Notice>;
  if (!query.data) return <p role="status">Überblick wird geladen …</p>;
  const { agents, external, advisors } = query.data;
  return (
    <section className="chat-overview" aria-labelledby="chat-overview-title">
      <h2 id="chat-overview-title">Überblick des Centers</h2>
      <table>
        <caption>Agentinnen und Agenten ({agents.filter((agent) => agent.presence === 'online').length} online)</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Offene Chats</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => (
            <tr key={agent.id}>
              <td>{nameOf(agent.id)}</td>
              <td>{PRESENCE[agent.presence]}</td>
              <td>
                {agent.open} von {agent.cap}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Externes Servicecenter: {external.length} Gespräch(e)</caption>
        <thead>
          <tr>
            <th scope="col">Gespräch</th>
            <th scope="col">Grund</th>
            <th scope="col">Seit</th>
            <th scope="col">Übernommen von</th>
          </tr>
        </thead>
        <tbody>
          {external.map((entry) => (
            <tr key={entry.conversationId}>
              <td>{shortId(entry.conversationId)}</td>
              <td>{overflowLabel(entry.reason)}</td>
              <td>{whenLabel(entry.since, now)}</td>
              <td>{entry.takenBy ?? 'wartet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {advisors.length > 0 ? (
        <table>
          <caption>Bei Beraterinnen und Beratern: {advisors.length} Gespräch(e)</caption>
          <thead>
            <tr>
              <th scope="col">Gespräch</th>
              <th scope="col">Berater/in</th>
              <th scope="col">Warteschlange</th>
              <th scope="col">Übernommen von</th>
            </tr>
          </thead>
          <tbody>
            {advisors.map((entry) => (
              <tr key={entry.conversationId}>
                <td>{shortId(entry.conversationId)}</td>
                <td>{entry.advisorId}</td>
                <td>{entry.queue}</td>
                <td>{entry.takenBy ?? 'wartet'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
