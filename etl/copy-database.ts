// Copies the database a load starts from (etl/load.ts), which it then writes and renames over the old one.
//
// Not by fs.copyFile where the file system cannot clone: libuv truncates the new file to zero bytes before
// copying into it, and ext4 takes a file truncated to zero for one being replaced (auto_da_alloc), so that
// closing the copy allocated and queued for writing every block of it: at national (1.9 GB) the close took
// 0.83 s of a 1.55 s copy (strace), while `cp`, which creates the file and never truncates it, took 0.66 s.
// The load then had it written to the disk beside the roll-ups anyway (etl/new-database.ts, writeToDisk).
// Here the file is cloned where the file system can (btrfs, XFS: no bytes copied), else copied by positional
// reads and writes, two chunks in flight, into a file created for it: 0.72–0.74 s at national. One town
// added at national, alternated runs: the copy phase 1.78–1.89 → 0.77–1.11 s.

import { constants } from 'node:fs';
import { copyFile, open, rm } from 'node:fs/promises';

export interface CopyOptions {
  /** Bytes per read and write; tests set it small. */
  chunkBytes?: number;
  /** Chunks in flight at once: reads and writes of a large file run on libuv's threads side by side. */
  lanes?: number;
}

const DEFAULTS: Required<CopyOptions> = { chunkBytes: 8 * 1_048_576, lanes: 2 };

/** Copies the file at source to target (replacing it), with the source's mode. */
export async function copyDatabase(source: string, target: string, options: CopyOptions = {}): Promise<void> {
  const { chunkBytes, lanes } = { ...DEFAULTS, ...options };
  await rm(target, { force: true });
  try {
    await copyFile(source, target, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE_FORCE);
    return;
  } catch {
    // No clone on this file system (or no source: the read below says so). libuv removes what it made.
    await rm(target, { force: true });
  }
  const from = await open(source, 'r');
  try {
    const { size, mode } = await from.stat();
    const to = await open(target, 'wx');
    try {
      await to.chmod(mode);
      let next = 0;
      let failed = false;
      const lane = async () => {
        const buffer = Buffer.allocUnsafe(chunkBytes);
        try {
          for (let at = next; at < size && !failed; at = next) {
            next += chunkBytes;
            const length = Math.min(chunkBytes, size - at);
            for (let read = 0; read < length;) {
              const { bytesRead } = await from.read(buffer, read, length - read, at + read);
              if (bytesRead === 0)
                throw new Error(
                  `${source}: ended at byte ${at + read} while being copied; expected ${size} bytes`,
                );
              read += bytesRead;
            }
            for (let written = 0; written < length;)
              written += (await to.write(buffer, written, length - written, at + written)).bytesWritten;
          }
        } catch (error) {
          failed = true; // the other lanes stop at their next chunk
          throw error;
        }
      };
      // Every lane settled before the file is closed: one failing must not leave another writing.
      const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
      for (const result of settled) if (result.status === 'rejected') throw result.reason;
    } catch (error) {
      // No half copy left behind: the error is the copy's, not the close's.
      await to.close().catch(() => {});
      await rm(target, { force: true });
      throw error;
    }
    await to.close();
  } finally {
    await from.close();
  }
}
