/**
 * Builds the web app into web/dist, which the API's express app serves at `/` (same origin as
 * the REST API). Vite's own oxc transform compiles TSX; no plugin needed for a production build.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      // React Query marks its modules "use client" for server-component bundlers; meaningless in
      // a single-page app, and rolldown would warn about each one.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  // `vite dev` (npm run web:dev) talks to the API started by `npm start`.
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
