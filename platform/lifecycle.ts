/**
 * Graceful shutdown for every Drehscheibe process. On SIGTERM (what an orchestrator sends) or
 * SIGINT (Ctrl-C) the steps registered at start run once, in reverse order of registration:
 * stop taking HTTP requests, let the worker finish its running activities, close connections,
 * close the database. A second signal does not start a second shutdown. A step that fails is
 * logged and the rest still run; the exit code then says so.
 */
import type { Server } from 'node:http';
import type { Logger } from './logger';

export type ShutdownStep = { name: string; run: () => Promise<unknown> };

export class Lifecycle {
  private readonly steps: ShutdownStep[] = [];
  private stopping: Promise<number> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly say: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  /** Registers a step; steps run in reverse order of registration. */
  onStop(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  /** Runs every step once; later calls get the same result. Resolves to the exit code. */
  stop(exitCode = 0): Promise<number> {
    this.stopping ??= (async () => {
      this.say('Drehscheibe: stopping…');
      let failed = false;
      for (const step of [...this.steps].reverse()) {
        try {
          await step.run();
        } catch (error) {
          failed = true;
          this.logger.error('shutdown step failed', { step: step.name, error: error instanceof Error ? error.message : String(error) });
        }
      }
      this.say('Drehscheibe: stopped.');
      return failed && exitCode === 0 ? 1 : exitCode;
    })();
    return this.stopping;
  }

  /**
   * Stops on SIGTERM and SIGINT and exits with the result. A repeated signal (a process group's
   * Ctrl-C reaching a child as well as its parent's forwarded SIGTERM) does not cut the running
   * shutdown short; whoever must end a stuck process sends SIGKILL.
   */
  exitOnSignals(): void {
    const onSignal = (signal: NodeJS.Signals) => {
      this.logger.info('signal received', { signal });
      void this.stop(0).then((code) => process.exit(code));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
}

/**
 * Stops an HTTP server: no new connections, idle keep-alive connections closed at once, and
 * requests in flight (also the task feed's open event streams) get `graceMs` before their
 * connections are cut.
 */
export function closeHttpServer(server: Server, graceMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING') reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
