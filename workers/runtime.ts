/**
 * The Temporal SDK's process-wide runtime for a process that runs a worker, installed once before
 * any connection (platform/temporal-runtime.ts): only WARN and above of the SDK's own log lines
 * (bundle statistics and state changes are noise for an operator), and the SDK's Prometheus
 * metrics at WORKER_METRICS_ADDRESS when configured.
 */
import type { Config } from '../platform/config';
import { installTemporalRuntime } from '../platform/temporal-runtime';

export function installRuntime(config: Pick<Config, 'WORKER_METRICS_ADDRESS'>): void {
  installTemporalRuntime({ logLevel: 'WARN', metricsAddress: config.WORKER_METRICS_ADDRESS });
}
