/**
 * `npm run build`: the production build in dist/, run with plain `node` (no TypeScript loader):
 *
 *   dist/workers/worker-main.js   a worker (start as many as the load needs)
 *   dist/api/main.js              an API instance (several behind the load balancer)
 *   dist/workers/main.js          the embedded default, compiled
 *   dist/prisma/tools/cli.js      `migrate`: apply migrations once before a cluster's processes start
 *   dist/tools/simulators-main.js the third parties' stand-ins, for the local cluster (npm run cluster)
 *
 * Beside the compiled code: the migrations and rendered schemas (dist/prisma/<provider>), the
 * built web app (dist/web/dist), and the workflow bundle (dist/workflow-bundle.js) that a
 * production worker loads instead of bundling at every start.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../workers/worker';
import { ROOT } from './paths';

export const DIST = path.join(ROOT, 'dist');

/** The compiled counterpart in dist/ of a source module. */
function compiled(source: string): string {
  return path.join(DIST, path.relative(ROOT, source)).replace(/\.ts$/, '.js');
}

/** Builds dist/ from the current source (the web app must be built already: `npm run web:build`). */
export async function buildProduction(log: (line: string) => void = (line) => console.log(line)): Promise<void> {
  const started = Date.now();
  rmSync(DIST, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  for (const provider of ['sqlite', 'postgresql']) {
    cpSync(path.join(ROOT, 'prisma', provider), path.join(DIST, 'prisma', provider), { recursive: true });
  }
  cpSync(path.join(ROOT, 'prisma', 'models.prisma'), path.join(DIST, 'prisma', 'models.prisma'));
  const web = path.join(ROOT, 'web', 'dist');
  if (!existsSync(path.join(web, 'index.html'))) throw new Error('web/dist is missing: run `npm run web:build` first');
  cpSync(web, path.join(DIST, 'web', 'dist'), { recursive: true });
  // Bundled from the compiled workflows, exactly as the worker bundles its sources.
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions({ locate: compiled }),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  writeFileSync(path.join(DIST, 'workflow-bundle.js'), code);
  log(`dist/ built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) {
  buildProduction().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
