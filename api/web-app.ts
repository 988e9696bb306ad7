/**
 * Serves the built web app (web/dist) at `/` from the same origin as the API: hashed assets with
 * long caching, and index.html for every page address (`/aufgaben/…`), so links in emails and
 * reloads land on the right page. API paths never fall through to the app.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/** Paths that belong to the server, not to the web app. */
const SERVER_PATHS = /^\/(api|healthz|assets)(\/|$)/;

export interface WebAppOptions {
  /**
   * Origins besides its own the app may call (CSP `connect-src`): with single sign-on the
   * provider's token endpoint, where the sign-in exchanges its code. Asked per page load; when it
   * fails, only the app's own origin.
   */
  connectSources?: () => Promise<string[]>;
}

export function webAppRoutes(root: string, options: WebAppOptions = {}): Router {
  const router = Router();
  const index = path.join(root, 'index.html');
  router.use('/assets', express.static(path.join(root, 'assets'), { immutable: true, maxAge: '365d' }));
  router.use(express.static(root, { index: false, maxAge: 0 }));
  router.get(/.*/, async (req, res, next) => {
    if (SERVER_PATHS.test(req.path) || !req.accepts('html')) return next();
    if (!existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('Die Web-App ist nicht gebaut: npm run web:build');
      return;
    }
    // The page shell is tiny and changes with every build: never cached, so a deploy takes effect.
    res.set('Cache-Control', 'no-cache');
    const connect = await (options.connectSources?.() ?? Promise.resolve([])).catch(() => []);
    const connectSrc = connect.length > 0 ? `; connect-src 'self' ${connect.join(' ')}` : '';
    res.set('Content-Security-Policy', `default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'${connectSrc}`);
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'same-origin');
    res.sendFile(index);
  });
  return router;
}

/** Where `npm run web:build` puts the app. */
export const WEB_DIST = path.join(__dirname, '..', 'web', 'dist');
