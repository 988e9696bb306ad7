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
import { existsSync } from 'node:fs';
import path from 'node:path';
import { goInstall } from './go-build';
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
    await goInstall(TEMPORAL_CLI_MODULE, 'temporal', 'temporal', log);
    return { type: 'existing-path', path: BUILT_CLI };
  }
  log('Temporal CLI: neither TEMPORAL_CLI_PATH, `temporal` on PATH nor Go found; falling back to the SDK download');
  return { type: 'cached-download' };
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
