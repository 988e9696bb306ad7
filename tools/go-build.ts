/**
 * Builds a Go command from the Go module proxy into the git-ignored `.tools/bin`, once: the way
 * this project gets Temporal's binaries without downloading anything but packages.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { TOOLS_DIR } from './paths';

/**
 * `go install module@version` into a scratch folder, then renamed to `.tools/bin/<target>`: an
 * interrupted build never leaves a half-written binary that the next start would take for a good
 * one. `built` is the name `go install` gives the binary (the module path's last element).
 */
export async function goInstall(module: string, built: string, target: string, log: (line: string) => void): Promise<string> {
  const scratch = path.join(TOOLS_DIR, 'bin.partial');
  mkdirSync(scratch, { recursive: true });
  log(`${target}: building ${module} with Go once (several minutes on a cold module cache; reused afterwards)`);
  const started = Date.now();
  let packages = 0;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', '-v', module], {
      env: { ...process.env, GOBIN: scratch, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    const ticker = setInterval(() => {
      log(`${target}: still building, ${Math.round((Date.now() - started) / 1000)} s, ${packages} packages compiled`);
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
      else reject(new Error(`go install ${module} failed with exit code ${code}:\n${tail}`));
    });
  });
  const binary = path.join(TOOLS_DIR, 'bin', target);
  mkdirSync(path.dirname(binary), { recursive: true });
  renameSync(path.join(scratch, built), binary);
  log(`${target}: built in ${Math.round((Date.now() - started) / 1000)} s → ${binary}`);
  return binary;
}
