/**
 * `GET /api/v1/tasks/events`: the changes to the caller's tasks as server-sent events, for the
 * inbox to update without reloading. Event `task` with `{ id, queue, status, assignee?, dueAt,
 * title, version, change: 'created' | 'updated' }`, or `{ id, version, change: 'removed' }` when a
 * task the caller saw moved out of their sight (another queue or person). The feed's heartbeat
 * comments keep proxies from closing a quiet stream. The first event, `ready`, says the
 * subscription stands: changes from then on arrive, so the client loads its list after it.
 */
import { Router } from 'express';
import { z } from 'zod';
import { worksQueue } from '../../domain/task';
import { name } from '../../domain/text';
import { allow, currentUser } from '../auth';
import { HttpError } from '../http-error';
import { parseRequest } from '../validation';
import type { TaskFeed, TaskFeedEvent, TaskPlace } from './feed';

/** The stream's path below /api/v1 (exempt from the per-request Temporal deadline). */
export const TASK_EVENTS_PATH = '/tasks/events';

export const TaskEventsQuerySchema = z.strictObject({ queue: name(100).optional() });

export function taskEventRoutes(feed: TaskFeed): Router {
  const router = Router();
  router.get(TASK_EVENTS_PATH, allow('backoffice', 'supervisor', 'agent'), (req, res) => {
    const { queue } = parseRequest(TaskEventsQuerySchema, req.query, 'query');
    const user = currentUser(req);
    if (queue && !worksQueue({ userId: user.id, roles: user.roles, queues: user.queues }, queue)) {
      throw new HttpError(403, 'queue: is not one of your queues', [{ field: 'queue', message: 'is not one of your queues' }]);
    }
    // What the inbox lists (one queue, or all the caller's), and whatever is assigned to them.
    const sees = (place: TaskPlace) => (queue ? place.queue === queue : user.queues.includes(place.queue) || place.assignee === user.id);

    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx and similar proxies: pass each event on at once.
      'X-Accel-Buffering': 'no',
    });
    // HEAD (which express routes here with GET): the headers, no stream.
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    res.flushHeaders();
    req.socket.setTimeout(0);
    req.socket.setKeepAlive(true);

    const send = (event: TaskFeedEvent) => {
      res.write(`event: task\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribe = feed.subscribe({ sees, send, heartbeat: () => res.write(': heartbeat\n\n') });
    // Subscribed: every change from now on arrives, so this is when the client loads its list.
    // `retry`: a browser's EventSource reconnects after 3 s when the stream breaks.
    res.write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ at: new Date().toISOString() })}\n\n`);
    // A client that goes away is removed at once (no leak); so is one whose socket fails.
    res.on('close', unsubscribe);
  });
  return router;
}
