/**
 * The chaos run's faults, one after the other on a schedule spread over the run: SIGKILL to a
 * worker (started again after a short pause), a restart of the Temporal server, a restart of
 * PostgreSQL (the application's database and Temporal's at once). The order is shuffled with a
 * seed, so a run can be repeated. Fault k fires once the campaign's work has come k/(n+1) of the
 * way (the agents wait at the next step until it has fired), so the faults land across the whole
 * campaign, whatever its speed.
 *
 * It also watches for processes the schedule did not stop: a worker or the Temporal server that
 * exits on its own (e.g. gives up during a restart) is counted and started again.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster } from '../../tools/cluster/cluster';
import { mulberry32 } from '../../adapters/core-banking/simulator/prng';

export type FaultKind = 'kill-worker' | 'restart-temporal' | 'restart-postgres';

export interface FaultPlan {
  killWorker: number;
  restartTemporal: number;
  restartPostgres: number;
  workers: number;
  seed: number;
}

export interface FaultLog {
  done: Array<{ kind: FaultKind; target: string; at: number; seconds: number }>;
  /** Processes found gone that the schedule had not stopped. */
  unplannedExits: string[];
}

/** A seeded generator: the same seed gives the same schedule (the simulator's mulberry32). */
export const seeded = mulberry32;

/** The faults in the order they fire: shuffled, PostgreSQL's restart kept away from both ends. */
export function faultSchedule(plan: FaultPlan): FaultKind[] {
  const random = seeded(plan.seed);
  const rest: FaultKind[] = [...Array<FaultKind>(plan.killWorker).fill('kill-worker'), ...Array<FaultKind>(plan.restartTemporal).fill('restart-temporal')];
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  // The first fault is a worker's kill (fired during the selection with --kill-during-selection).
  const first = rest.indexOf('kill-worker');
  if (first > 0) [rest[0], rest[first]] = [rest[first]!, rest[0]!];
  for (let k = 0; k < plan.restartPostgres; k++) rest.splice(Math.floor(rest.length / 2) + k, 0, 'restart-postgres');
  return rest;
}

export class FaultRunner {
  readonly log: FaultLog = { done: [], unplannedExits: [] };
  private readonly schedule: FaultKind[];
  private readonly random: () => number;
  private readonly started = Date.now();
  private busy = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly plan: FaultPlan,
    private readonly say: (line: string) => void,
  ) {
    this.schedule = faultSchedule(plan);
    this.random = seeded(plan.seed + 1);
  }

  get total(): number {
    return this.schedule.length;
  }

  get fired(): number {
    return this.log.done.length;
  }

  /** Fires the next fault if `progress` (0…1 of the campaign's work) has reached its turn. */
  async step(progress: number, force = false): Promise<void> {
    if (this.busy || this.fired >= this.total) return;
    if (!force && progress < (this.fired + 1) / (this.total + 1)) return;
    this.busy = true;
    try {
      await this.fire(this.schedule[this.fired]!);
    } finally {
      this.busy = false;
    }
  }

  /** Whether the agents may take work at `progress`: not beyond the next fault's turn. */
  allows(progress: number): boolean {
    return this.fired >= this.total || progress < (this.fired + 1) / (this.total + 1) + 0.5 / (this.total + 1);
  }

  /** Starts again any worker or Temporal server that is gone though no fault is running. */
  async watch(): Promise<void> {
    if (this.busy) return;
    const pids = this.cluster.pids();
    const expected = ['temporal', ...Array.from({ length: this.plan.workers }, (_, i) => `worker-${i}`)] as const;
    for (const name of expected) {
      if (pids[name] !== undefined) continue;
      this.log.unplannedExits.push(`${name} at ${this.seconds()} s`);
      this.say(`chaos: ${name} is gone without a fault: starting it again`);
      await this.cluster.start(name as 'temporal');
    }
  }

  private seconds(): number {
    return Math.round((Date.now() - this.started) / 1000);
  }

  private async fire(kind: FaultKind): Promise<void> {
    const began = Date.now();
    let target = '';
    if (kind === 'kill-worker') {
      const i = Math.floor(this.random() * this.plan.workers);
      target = `worker-${i}`;
      await this.cluster.kill(`worker-${i}`, 'SIGKILL');
      await sleep(500 + Math.floor(this.random() * 2_500));
      await this.cluster.start(`worker-${i}`);
    } else if (kind === 'restart-temporal') {
      target = 'temporal';
      await this.cluster.restartTemporal();
    } else {
      target = 'postgresql';
      // Asynchronously: the agents keep working (and meet the outage) while it restarts.
      await promisify(execFile)('pg_ctlcluster', ['15', 'main', 'restart']);
    }
    const seconds = (Date.now() - began) / 1000;
    this.log.done.push({ kind, target, at: this.seconds(), seconds });
    this.say(`chaos: fault ${this.fired}/${this.total} ${kind} ${target} at ${this.seconds()} s (${seconds.toFixed(1)} s)`);
  }
}
