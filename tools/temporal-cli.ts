/**
 * Finds the Temporal CLI (`temporal server start-dev`: a full Temporal server with SQLite
 * persistence and the Web UI) without downloading a binary from outside the package registries.
 *
 * Order: `TEMPORAL_CLI_PATH`; `temporal` on PATH; a build from the Go module proxy into the
 * git-ignored `.tools/bin` (built once, then reused); finally the SDK's own download, which only
 * works on machines with internet.
 *
 *   npm run tools:temporal     resolves (and if needed builds) it and prints its path
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { TOOLS_DIR } from './paths';
import { isExecutable, which } from './which';

/** The newest CLI release that `go install` accepts (later ones carry a `replace` directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
const BUILT_CLI = path.join(TOOLS_DIR, 'bin', 'temporal');

/** What the SDK's ephemeral-server options accept as `executable`. */
export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

export interface ResolveOptions {
  /** Receives progress lines while building. */
  log?: (line: string) => void;
}

/** Resolves the Temporal CLI, building it from the Go module proxy when nothing else is there. */
export async function resolveTemporalCli({ log = defaultLog }: ResolveOptions = {}): Promise<ServerExecutable> {
  const configured = process.env.TEMPORAL_CLI_PATH;
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`TEMPORAL_CLI_PATH=${configured} is not an executable file`);
    return { type: 'existing-path', path: configured };
  }
  const onPath = which('temporal');
  if (onPath) return { type: 'existing-path', path: onPath };
  if (isExecutable(BUILT_CLI)) return { type: 'existing-path', path: BUILT_CLI };
  if (which('go')) {
    await buildWithGo(log);
    return { type: 'existing-path', path: BUILT_CLI };
  }
  log('Temporal CLI: neither TEMPORAL_CLI_PATH, `temporal` on PATH nor Go found; falling back to the SDK download');
  return { type: 'cached-download' };
}

async function buildWithGo(log: (line: string) => void): Promise<void> {
  // Build into a scratch folder and rename at the end, so an interrupted build never leaves a
  // half-written binary that the next start would take for a good one.
  const scratch = path.join(TOOLS_DIR, 'bin.partial');
  mkdirSync(scratch, { recursive: true });
  log(`Temporal CLI: building ${TEMPORAL_CLI_MODULE} with Go once (several minutes on a cold module cache; reused afterwards)`);
  const started = Date.now();
  let packages = 0;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', '-v', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: scratch, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    const ticker = setInterval(() => {
      log(`Temporal CLI: still building, ${Math.round((Date.now() - started) / 1000)} s, ${packages} packages compiled`);
    }, 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      packages += text.split('\n').filter((line) => line && !line.startsWith('go: downloading')).length;
      tail = (tail + text).slice(-4000);
    });
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(error);
    });
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`go install ${TEMPORAL_CLI_MODULE} failed with exit code ${code}:\n${tail}`));
    });
  });
  mkdirSync(path.dirname(BUILT_CLI), { recursive: true });
  renameSync(path.join(scratch, 'temporal'), BUILT_CLI);
  log(`Temporal CLI: built in ${Math.round((Date.now() - started) / 1000)} s → ${BUILT_CLI}`);
}

function defaultLog(line: string): void {
  console.error(line);
}

if (require.main === module) {
  resolveTemporalCli()
    .then((executable) => {
      console.log(executable.type === 'existing-path' ? executable.path : 'SDK download (no local CLI)');
      if (executable.type === 'existing-path' && !existsSync(executable.path)) process.exit(1);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
