/**
 * Who the bearer token belongs to: the web app's sign-in asks this, and so can any client that
 * wants to show the user's name, roles and queues.
 */
import { Router } from 'express';
import { currentUser } from './auth';

export function meRoutes(): Router {
  const router = Router();
  router.get('/me', (req, res) => {
    const { id, name, roles, queues } = currentUser(req);
    res.json({ id, name, roles, queues });
  });
  return router;
}
