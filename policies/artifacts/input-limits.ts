/**
 * Every input `check` reads is bounded, so that a hostile folder, plan or waivers file can't hang
 * it or exhaust memory: each limit is far above what socle writes (metropole-9000, the biggest
 * example: 25 files, 1.3 MB in all, the largest 184 kB, 187 objects, nesting 12).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ArtifactError } from './artifacts.js';

export const LIMITS = {
  /** Bytes in one file. */
  fileBytes: 16 * 1024 * 1024,
  /** Bytes in all the files of a folder. */
  totalBytes: 128 * 1024 * 1024,
  /** Files in a folder. */
  files: 2_000,
  /** Folder depth below the checked folder. */
  folderDepth: 12,
  /** Kubernetes objects in all manifests (list items included). */
  objects: 20_000,
  /** Nesting of objects and arrays in one JSON or YAML document. */
  nesting: 128,
} as const;

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * A regular file's text, at most `LIMITS.fileBytes`. Opened without following a link and without
 * blocking, then checked on the open descriptor: a FIFO, a device (`/dev/zero`) or a folder is
 * refused before a byte is read. `label` names the file in errors, `what` says what it is (`plan`, `waivers file`).
 */
export function readBoundedFile(path: string, label: string, what = 'file', followLink = true): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (followLink ? 0 : constants.O_NOFOLLOW));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new ArtifactError(`${label}: a symbolic link loop, or a link where a file was expected`);
    throw new ArtifactError(`${label}: can't read the ${what} (${code ?? 'unknown error'})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new ArtifactError(`${label}: a folder where a file was expected`);
    if (!stat.isFile()) throw new ArtifactError(`${label}: not a regular file (a FIFO, socket or device): check reads only regular files`);
    if (stat.size > LIMITS.fileBytes) throw new ArtifactError(`${label}: ${mb(stat.size)}, more than the ${mb(LIMITS.fileBytes)} a check reads from one file`);
    // Read one byte more than the limit: a file that grows while being read is caught too.
    const buffer = Buffer.alloc(Math.min(stat.size, LIMITS.fileBytes) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > LIMITS.fileBytes) throw new ArtifactError(`${label}: more than the ${mb(LIMITS.fileBytes)} a check reads from one file`);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
