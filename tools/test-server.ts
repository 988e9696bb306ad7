/**
 * Finds Temporal's time-skipping test server (a Java program) without downloading a binary from
 * outside the package registries: Maven resolves `io.temporal:temporal-test-server` from Maven
 * Central (tools/test-server/pom.xml), and a small wrapper script starts it.
 *
 * Order: `TEMPORAL_TEST_SERVER_PATH`; the wrapper in `.tools/test-server` (made once, then
 * reused); a fresh one when `java` and `mvn` are present; finally the SDK's own download.
 *
 *   npm run tools:test-server   resolves it and prints the wrapper's path
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, TOOLS_DIR } from './paths';
import type { ServerExecutable } from './temporal-cli';
import { isExecutable, which } from './which';

const POM = path.join(ROOT, 'tools', 'test-server', 'pom.xml');
const DIR = path.join(TOOLS_DIR, 'test-server');
const CLASSPATH = path.join(DIR, 'classpath.txt');
const WRAPPER = path.join(DIR, 'temporal-test-server');
const ARCHIVE = path.join(DIR, 'classes.jsa');
const JVM_FLAGS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/** Resolves the test server, resolving its jars with Maven when needed. */
export function resolveTestServer(log: (line: string) => void = (line) => console.error(line)): ServerExecutable {
  const configured = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`TEMPORAL_TEST_SERVER_PATH=${configured} is not an executable file`);
    return { type: 'existing-path', path: configured };
  }
  if (isExecutable(WRAPPER) && classpathComplete() && existsSync(ARCHIVE)) return { type: 'existing-path', path: WRAPPER };
  if (which('java') && which('mvn')) {
    mkdirSync(DIR, { recursive: true });
    log('Temporal test server: resolving io.temporal:temporal-test-server with Maven (once)');
    execFileSync('mvn', ['-q', '-B', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${CLASSPATH}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    makeClassArchive(log);
    // Startup speed matters: the SDK gives the server about five seconds to accept connections,
    // and a busy two-core machine (tests run two suites at once) can take longer than that. C1-only
    // JIT, the serial collector and a class-data-sharing archive of the server's own classes
    // (measured: about 1 s to listen without it, 0.4-0.6 s with it) keep the start well inside.
    // -Xshare:auto falls back to a plain start if the archive does not fit the JVM.
    writeFileSync(
      WRAPPER,
      `#!/bin/sh
# Made by tools/test-server.ts: starts Temporal's time-skipping test server; args: <port> [...]
exec java ${JVM_FLAGS} -Xshare:auto -XX:SharedArchiveFile='${ARCHIVE}' -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$(cat '${CLASSPATH}')" io.temporal.testserver.TestServer "$@"
`,
    );
    chmodSync(WRAPPER, 0o755);
    return { type: 'existing-path', path: WRAPPER };
  }
  log('Temporal test server: no java/mvn found; falling back to the SDK download');
  return { type: 'cached-download' };
}

/**
 * Records the classes the server loads while starting into a class-data-sharing archive (Java's
 * dynamic AppCDS): start it once with -XX:ArchiveClassesAtExit, wait until it listens, stop it
 * with SIGTERM so the JVM writes the archive on exit.
 */
function makeClassArchive(log: (line: string) => void): void {
  log('Temporal test server: recording a class-data-sharing archive for fast starts (once)');
  const script = `
java ${JVM_FLAGS} -XX:ArchiveClassesAtExit='${ARCHIVE}' -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$(cat '${CLASSPATH}')" io.temporal.testserver.TestServer 0 >/dev/null 2>&1 &
pid=$!
sleep 3
kill -TERM "$pid"
wait "$pid" || true
`;
  execFileSync('bash', ['-c', script], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** True when every jar named on the cached class path is still in the local Maven repository. */
function classpathComplete(): boolean {
  if (!existsSync(CLASSPATH)) return false;
  return readFileSync(CLASSPATH, 'utf8').trim().split(path.delimiter).every((jar) => existsSync(jar));
}

if (require.main === module) {
  try {
    const executable = resolveTestServer();
    console.log(executable.type === 'existing-path' ? executable.path : 'SDK download (no local test server)');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
