/**
 * An append-only JSON-lines journal on disk: each entry is one line, written and fsynced before
 * `append` returns, so whatever a caller acknowledged after `append` survives a kill -9 or a power
 * cut. Opening replays the entries in order.
 *
 * Synchronous on purpose: the simulator checks idempotency, appends and applies a write without
 * giving the event loop a chance to run a second request for the same key in between.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface OpenedJournal<T> {
  journal: JsonLinesJournal<T>;
  /** The entries found on disk, oldest first. */
  entries: T[];
}

export class JsonLinesJournal<T> {
  private fd: number | undefined;

  private constructor(
    readonly file: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /**
   * Opens (or creates) the journal and reads its entries through `parse`, which throws on an entry
   * it does not accept. A last line without its newline is a write that was cut off before its
   * fsync returned, so it was never acknowledged: it is cut away. A bad line anywhere else is
   * corruption, and opening fails rather than forget acknowledged writes.
   */
  static open<T>(file: string, parse: (value: unknown) => T): OpenedJournal<T> {
    const created = !existsSync(file);
    if (created) mkdirSync(path.dirname(file), { recursive: true });
    const fd = openSync(file, 'a+');
    try {
      const content = readFileSync(fd);
      const end = content.lastIndexOf(0x0a) + 1;
      if (end < content.length) {
        ftruncateSync(fd, end);
        fsyncSync(fd);
      }
      const entries = content
        .subarray(0, end)
        .toString('utf8')
        .split('\n')
        .slice(0, -1)
        .map((line, index) => {
          try {
            return parse(JSON.parse(line));
          } catch (error) {
            throw new Error(`journal ${file}: line ${index + 1} is not a valid entry (${error instanceof Error ? error.name : 'error'})`);
          }
        });
      if (created) fsyncDirectory(path.dirname(file));
      return { journal: new JsonLinesJournal<T>(file, fd), entries };
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Appends one entry and returns once it is on disk. */
  append(entry: T): void {
    if (this.fd === undefined) throw new Error(`journal ${this.file} is closed`);
    const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    let written = 0;
    while (written < line.length) written += writeSync(this.fd, line, written, line.length - written);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Makes a new file's directory entry durable too; not every platform can open a directory, and that is fine. */
function fsyncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; its file system commits the entry with the file.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
