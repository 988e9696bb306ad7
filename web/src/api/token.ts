/**
 * Where the signed-in user's bearer token lives: sessionStorage, so it is gone when the tab
 * closes and never sent by the browser on its own (no cookie, hence no CSRF to defend against).
 */
const KEY = 'drehscheibe.token';

export function readToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
