import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes `text` to `file` through a temporary file in the same folder and a rename, so that a reader (the
 * editor's watcher, a concurrent validate) sees the old file or the new one, never half of one.
 */
/** Temporary names: unique per process (a random tag drawn once) and per write (a counter). */
const TAG = `${process.pid}.${randomBytes(4).toString('hex')}`;
let serial = 0;

export function writeFileAtomic(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${TAG}.${(serial++).toString(36)}.tmp`);
  try {
    fs.writeFileSync(temp, text, { flag: 'wx' });
    fs.renameSync(temp, file);
  } catch (err) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // already renamed or never created
    }
    throw err;
  }
}
