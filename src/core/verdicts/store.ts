/**
 * Reading and writing the ledger file safely.
 *
 * Every write: take the lock, re-read the file, refuse if it does not parse or validate (the file is left
 * byte-for-byte as it is), apply the change to that fresh copy, write a temporary file in the same
 * folder, fsync it, and rename it over the ledger. A reader, or a writer killed at any instant, sees the
 * old file or the new one, never a mix.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Problem } from '../model';
import { emptyLedger, type Ledger } from './ledger';
import { acquireLock, type LockOptions } from './lock';
import { LedgerInvalidError, parseLedger } from './parse';
import { detectEol, serializeLedger } from './serialize';

export type LedgerRead =
  | { status: 'missing'; file: string; ledger: Ledger }
  | { status: 'ok'; file: string; ledger: Ledger; text: string }
  | { status: 'invalid'; file: string; problems: Problem[] };

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Reads a ledger without locking (a rename is atomic, so a reader never sees half a file). */
export async function readLedger(file: string): Promise<LedgerRead> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return { status: 'missing', file, ledger: emptyLedger() };
    const why = e.code === 'EISDIR' ? 'it is a directory' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message;
    return { status: 'invalid', file, problems: [{ file, range: ZERO, severity: 'error', code: 'unreadable', message: `The ledger cannot be read: ${why}.` }] };
  }
  const parsed = parseLedger(file, bytes);
  return parsed.ok ? { status: 'ok', file, ledger: parsed.ledger, text: parsed.text } : { status: 'invalid', file, problems: parsed.problems };
}

export interface UpdateResult {
  file: string;
  ledger: Ledger;
  /** False when the change found nothing to do (nothing was written). */
  changed: boolean;
  /** The file's text after the update (undefined when the ledger still does not exist). */
  text: string | undefined;
}

export interface UpdateOptions extends LockOptions {
  /** Test hook: called at each step of the protocol (the kill tests use it to report progress). */
  onStep?: (step: 'locked' | 'read' | 'temp-written' | 'renamed') => void;
}

/**
 * Applies `change` to the ledger at `file` under the lock. `change` mutates the ledger it is given and
 * returns whether it changed anything. Throws `LedgerInvalidError` (file untouched) when the ledger on
 * disk is broken, and `LedgerLockTimeoutError` when the lock cannot be had.
 */
export async function updateLedger(file: string, change: (ledger: Ledger) => boolean, options: UpdateOptions = {}): Promise<UpdateResult> {
  const target = await realTarget(file);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const lock = await acquireLock(`${target}.lock`, options);
  try {
    options.onStep?.('locked');
    const current = await readLedger(target);
    if (current.status === 'invalid') throw new LedgerInvalidError(file, current.problems.map((p) => ({ ...p, file })));
    options.onStep?.('read');
    const ledger = current.ledger;
    if (!change(ledger)) return { file, ledger, changed: false, text: current.status === 'ok' ? current.text : undefined };
    const text = serializeLedger(ledger, current.status === 'ok' ? detectEol(current.text) : '\n');
    const check = parseLedger(file, text);
    if (!check.ok) {
      // Never write what we could not read back: that would lock everyone out of their verdicts.
      throw new LedgerInvalidError(file, check.problems.map((p) => ({ ...p, message: `The change would make the ledger invalid: ${p.message}` })));
    }
    await removeOrphans(target);
    await writeAtomically(target, text, options);
    return { file, ledger: check.ledger, changed: true, text };
  } finally {
    await lock.release();
  }
}

/** Follows a symbolic link so that the link stays a link and the file it points at is replaced. */
async function realTarget(file: string): Promise<string> {
  const resolved = path.resolve(file);
  try {
    return await fs.realpath(resolved);
  } catch {
    return resolved;
  }
}

const tempPrefix = (target: string) => `.${path.basename(target)}.`;

async function writeAtomically(target: string, text: string, options: UpdateOptions): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `${tempPrefix(target)}${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = await fs.stat(target).then((s) => s.mode & 0o777, () => undefined);
  try {
    const fh = await fs.open(temp, 'wx', mode ?? 0o644);
    try {
      await fh.writeFile(text, 'utf8');
      if (mode !== undefined) await fh.chmod(mode); // the umask must not change a file's permissions
      await fh.sync();
    } finally {
      await fh.close();
    }
    options.onStep?.('temp-written');
    await renameWithRetry(temp, target);
    options.onStep?.('renamed');
  } catch (err) {
    await fs.unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dir);
}

/** On Windows a rename fails while another process has the file open for reading; that passes quickly. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 20 || !(code === 'EPERM' || code === 'EACCES' || code === 'EBUSY')) throw err;
      await new Promise((r) => setTimeout(r, 10 + attempt * 10));
    }
  }
}

/** Makes the rename itself durable. Not possible on every platform; the rename is atomic regardless. */
async function syncDirectory(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/**
 * Temporary files are only written while holding the lock, so any found while we hold it were left by
 * a writer that died mid-write (as were locks set aside by a breaker that died). They are deleted.
 */
async function removeOrphans(target: string): Promise<void> {
  const dir = path.dirname(target);
  const prefix = tempPrefix(target);
  const asidePrefix = `${path.basename(target)}.lock.stale-`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const orphanTemp = name.startsWith(prefix) && /^\d+\.[0-9a-f]+\.tmp$/.test(name.slice(prefix.length));
    if (orphanTemp || name.startsWith(asidePrefix)) await fs.unlink(path.join(dir, name)).catch(() => undefined);
  }
}
