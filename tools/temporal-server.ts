/**
 * Finds or builds the Temporal server and its SQL schema tool for the cluster topology
 * (`npm run cluster`): the same server version the embedded dev server runs (the CLI's
 * `temporal --version` says "Server 1.29.1"), built from the Go module proxy like the CLI.
 *
 *   TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH    use these binaries
 *   otherwise                                        .tools/bin/temporal-server, -sql-tool (built once)
 */
import path from 'node:path';
import { goInstall } from './go-build';
import { TOOLS_DIR } from './paths';
import { isExecutable, which } from './which';

/** The server release the embedded dev server (CLI v1.5.1) runs too. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const SERVER_MODULE = `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`;
const SQL_TOOL_MODULE = `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`;

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
}

/** The binaries, built from the Go module proxy when not configured and not built yet. */
export async function resolveTemporalServer(log: (line: string) => void = (line) => console.error(line)): Promise<TemporalServerBinaries> {
  return {
    server: await resolveOne('TEMPORAL_SERVER_PATH', 'temporal-server', SERVER_MODULE, 'server', log),
    sqlTool: await resolveOne('TEMPORAL_SQL_TOOL_PATH', 'temporal-sql-tool', SQL_TOOL_MODULE, 'sql', log),
  };
}

async function resolveOne(variable: string, name: string, module: string, built: string, log: (line: string) => void): Promise<string> {
  const configured = process.env[variable];
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`${variable}=${configured} is not an executable file`);
    return configured;
  }
  const local = path.join(TOOLS_DIR, 'bin', name);
  if (isExecutable(local)) return local;
  if (!which('go')) throw new Error(`${name}: not built and no Go toolchain to build it (set ${variable})`);
  return goInstall(module, built, name, log);
}

if (require.main === module) {
  resolveTemporalServer()
    .then((binaries) => console.log(`${binaries.server}\n${binaries.sqlTool}`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
