/** Reading a file again to locate its problems (the serial path and the shards both do). */
import type { FileSource } from '../fileSource';

/**
 * The file's bytes (the locator scans ASCII bytes directly and decodes anything else itself). A
 * synchronous read where the source has one: a promise per file leaves the process idle between reads.
 */
export async function readText(source: FileSource, file: string): Promise<Uint8Array> {
  try {
    if (!source.readFileSync) return await source.readFile(file);
    const { bytes } = source.readFileSync(file, Number.MAX_SAFE_INTEGER);
    if (!bytes) return new Uint8Array();
    // A view on a larger buffer may be the source's reused one: copy it (small files only). A file's own
    // buffer is taken as is: copying a 60 MB alert would add 60 MB to the peak.
    return bytes.byteLength < bytes.buffer.byteLength ? Uint8Array.prototype.slice.call(bytes) : bytes;
  } catch {
    // Deleted since it was indexed: its problems keep their messages, at the start of the file; the
    // watcher's update follows.
    return new Uint8Array();
  }
}
