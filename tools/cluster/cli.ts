/**
 * `npm run cluster`: the cluster topology on this machine (tools/cluster/cluster.ts) until Ctrl-C.
 * Needs a PostgreSQL server and a role that may create databases (CLUSTER_POSTGRES_URL, default
 * postgresql://drehscheibe:drehscheibe@127.0.0.1:5432/postgres, the role `.ci/run` creates). Builds
 * dist/ and the Temporal server from the Go module proxy on first use. State: CLUSTER_DIR
 * (default .cluster) and the databases `drehscheibe_*`; stop and start again to find it all there.
 *
 *   CLUSTER_WORKERS=2 CLUSTER_APIS=2 CLUSTER_PORT_BASE=17800 npm run cluster
 */
import path from 'node:path';
import { ROOT } from '../paths';
import { clusterPorts, startCluster } from './cluster';

async function main(): Promise<void> {
  const portBase = Number(process.env.CLUSTER_PORT_BASE ?? 17_800);
  const cluster = await startCluster({
    dir: path.resolve(process.env.CLUSTER_DIR ?? path.join(ROOT, '.cluster')),
    postgresUrl: process.env.CLUSTER_POSTGRES_URL ?? 'postgresql://drehscheibe:drehscheibe@127.0.0.1:5432/postgres',
    name: process.env.CLUSTER_NAME ?? 'drehscheibe',
    portBase,
    workers: Number(process.env.CLUSTER_WORKERS ?? 2),
    apis: Number(process.env.CLUSTER_APIS ?? 2),
    log: (line) => console.log(line),
  });
  const ports = clusterPorts(portBase);
  const say = (line: string) => console.log(line);
  say('');
  say('Drehscheibe cluster is running.');
  say(`  Web app / API  ${cluster.url}   (load balancer over ${cluster.apiUrls.join(', ')})`);
  say(`  Temporal       ${cluster.temporalAddress}   namespace ${cluster.namespace} (server metrics: http://127.0.0.1:${ports.temporalMetrics}/metrics)`);
  say(`  Processes      ${Object.entries(cluster.pids()).map(([name, pid]) => `${name}=${pid}`).join(' ')}`);
  say(`  Logs           ${path.join(process.env.CLUSTER_DIR ?? '.cluster', 'logs')}`);
  say('  Users (Authorization: Bearer <token>):');
  for (const [user, token] of Object.entries(cluster.tokens)) say(`    ${user.padEnd(16)} ${token}`);
  say('Press Ctrl-C to stop (state is kept).');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    say('cluster: stopping…');
    void cluster.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
