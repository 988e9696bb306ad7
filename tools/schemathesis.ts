/**
 * Finds schemathesis (property-based API testing against an OpenAPI document) without
 * downloading anything from outside the package registries: it comes from PyPI.
 *
 * Order: `SCHEMATHESIS_PATH`; `schemathesis` or `st` on PATH; the virtual environment in the
 * git-ignored `.tools/schemathesis-venv` (made once with `python3 -m venv` and
 * `pip install schemathesis==<pinned>`, then reused).
 *
 *   npx tsx tools/schemathesis.ts     resolves (and if needed installs) it and prints its path
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TOOLS_DIR } from './paths';
import { isExecutable, which } from './which';

/** The version the contract suite was written and verified against. */
export const SCHEMATHESIS_VERSION = '4.32.5';
const MAJOR = Number(SCHEMATHESIS_VERSION.split('.')[0]);
const VENV = path.join(TOOLS_DIR, 'schemathesis-venv');
const VENV_EXECUTABLE = path.join(VENV, 'bin', 'schemathesis');
/** Written after a complete install; names the version, so a new pin installs afresh. */
const MARKER = path.join(VENV, `installed-${SCHEMATHESIS_VERSION}`);

/** The path of the schemathesis executable, installing it into `.tools` when none is found. */
export function resolveSchemathesis(log: (line: string) => void = (line) => console.error(line)): string {
  const configured = process.env.SCHEMATHESIS_PATH;
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`SCHEMATHESIS_PATH=${configured} is not an executable file`);
    return configured;
  }
  // `st` is also the name of unrelated tools; either name counts only when it is schemathesis 4.
  const onPath = [which('schemathesis'), which('st')].find((candidate) => candidate !== undefined && majorVersion(candidate) === MAJOR);
  if (onPath) return onPath;
  if (isExecutable(VENV_EXECUTABLE) && existsSync(MARKER)) return VENV_EXECUTABLE;
  const python = which('python3');
  if (!python) throw new Error('schemathesis: neither SCHEMATHESIS_PATH, `schemathesis`/`st` on PATH nor python3 found');
  // A venv's scripts name their interpreter by absolute path, so it is made in place; the marker,
  // written last, tells a complete install (of this version) from an interrupted one.
  log(`schemathesis: installing schemathesis==${SCHEMATHESIS_VERSION} from PyPI into ${VENV} (once, about a minute)`);
  const started = Date.now();
  rmSync(VENV, { recursive: true, force: true });
  execFileSync(python, ['-m', 'venv', VENV], { stdio: ['ignore', 'inherit', 'inherit'] });
  execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (!isExecutable(VENV_EXECUTABLE)) throw new Error(`schemathesis: ${VENV_EXECUTABLE} missing after pip install`);
  writeFileSync(MARKER, `${SCHEMATHESIS_VERSION}\n`);
  log(`schemathesis: installed in ${Math.round((Date.now() - started) / 1000)} s → ${VENV_EXECUTABLE}`);
  return VENV_EXECUTABLE;
}

/** The major version `executable --version` reports (`schemathesis, version 4.32.5`), if any. */
function majorVersion(executable: string): number | undefined {
  try {
    const printed = execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 });
    const match = /schemathesis, version (\d+)\./.exec(printed);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  try {
    console.log(resolveSchemathesis());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
