/**
 * How the web app signs in, before anyone is signed in (no Bearer token): a pasted token
 * (`{ mode: 'token' }`), or the bank's OpenID Connect provider with the authorization code flow
 * and PKCE (`{ mode: 'oidc', … }`: only public values, the client has no secret).
 */
import { Router } from 'express';
import { ProviderUnavailableError, type Authenticator } from '../platform/authenticator';
import { HttpError } from './http-error';

export const AUTH_CONFIG_PATH = '/api/v1/auth/config';

export function authConfigRoutes(authenticator: Authenticator): Router {
  const router = Router();
  router.get(AUTH_CONFIG_PATH, async (_req, res) => {
    try {
      res.json(await authenticator.signInMethod());
    } catch (error) {
      if (error instanceof ProviderUnavailableError) throw new HttpError(503, `${error.message}; try again shortly`, [], 5);
      throw error;
    }
  });
  return router;
}
