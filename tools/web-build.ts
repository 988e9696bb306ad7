/**
 * Builds the web app (web/dist) with Vite, as `npm run web:build` does. The test setup calls it
 * so the browser suites always test the current source.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export function buildWebApp(log: (line: string) => void): void {
  const root = path.join(__dirname, '..');
  const started = Date.now();
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.mts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    // The bundle that ships: Jest sets NODE_ENV=test, and Vite would build React's development
    // bundle from it (StrictMode mounting every component twice), not what users get.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
