/**
 * The Temporal SDK's process-wide runtime, installed once at start before any worker or native
 * connection exists (the SDK allows one install per process). It sets where the SDK's own log
 * lines go and, with `metricsAddress`, serves the SDK core's Prometheus metrics at
 * `http://<metricsAddress>/metrics`: task slots, poll and schedule-to-start latencies, workflow
 * and activity outcomes, sticky cache (WORKER_METRICS_ADDRESS; README "Betrieb / runbook").
 *
 * The metric names follow Prometheus conventions: counters end in `_total`, durations are in
 * seconds with a `_seconds` suffix, all with the SDK's `temporal_` prefix, e.g.
 * `temporal_workflow_task_schedule_to_start_latency_seconds_bucket`.
 */
import type { LogLevel } from '@temporalio/common';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';

export interface TemporalRuntimeOptions {
  /** host:port for the SDK's Prometheus endpoint; none: no endpoint. */
  metricsAddress?: string;
  /** The lowest level of the SDK's log lines that is written. */
  logLevel: LogLevel;
  /** Where the lines go; default: stderr (the SDK's format). Tests pass a collector. */
  log?: (entry: LogEntry) => void;
}

export function installTemporalRuntime({ metricsAddress, logLevel, log }: TemporalRuntimeOptions): Runtime {
  return Runtime.install({
    logger: log ? new DefaultLogger(logLevel, log) : new DefaultLogger(logLevel),
    // platform/lifecycle.ts owns shutdown and stops the worker in order; with the SDK's own signal
    // handlers too, both shut the worker down and the second call failed ("… DRAINING").
    shutdownSignals: [],
    ...(metricsAddress === undefined
      ? {}
      : {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: metricsAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
            },
          },
        }),
  });
}
