/**
 * A lock file next to the ledger, so that two VS Code windows and a CLI run never write at once.
 *
 * Taken by creating `<ledger>.lock` exclusively (O_CREAT|O_EXCL) with the holder's pid, host, time and a
 * random token. A lock left behind by a writer that died is broken when its process is gone (same
 * host) or when it is older than `staleMs`; breaking renames it away first, so two waiters cannot both
 * break it and then delete each other's fresh lock.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { randomBytes } from 'node:crypto';

export interface LockOptions {
  /** Give up waiting after this long (default 10 s). */
  timeoutMs?: number;
  /** A lock older than this is considered abandoned whatever its pid (default 30 s). */
  staleMs?: number;
  /** First and longest pause between attempts (defaults 5 ms and 20 ms, growing, with jitter). */
  retryMinMs?: number;
  retryMaxMs?: number;
}

export interface LockHolder {
  pid: number;
  host: string;
  time: string;
  token: string;
}

export interface HeldLock {
  readonly file: string;
  readonly holder: LockHolder;
  release(): Promise<void>;
}

/** A writer fills its lock file microseconds after creating it; an empty one this old was abandoned. */
const EMPTY_LOCK_STALE_MS = 2000;

export class LedgerLockTimeoutError extends Error {
  readonly code = 'ledger-locked';
  constructor(readonly lockFile: string, readonly holder: LockHolder | undefined, timeoutMs: number) {
    const who = holder ? `process ${holder.pid} on ${holder.host} since ${holder.time}` : 'another writer';
    super(`The verdict ledger is locked by ${who}; gave up after ${(timeoutMs / 1000).toFixed(1)} s. ` +
      `If no VS Code window or atp-workbench CLI is writing verdicts, delete ${lockFile} and try again.`);
    this.name = 'LedgerLockTimeoutError';
  }
}

export async function acquireLock(lockFile: string, options: LockOptions = {}): Promise<HeldLock> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const maxDelay = options.retryMaxMs ?? 20;
  let delay = options.retryMinMs ?? 5;
  const holder: LockHolder = { pid: process.pid, host: os.hostname(), time: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + timeoutMs;
  // Fairness: a writer whose last release saw someone waiting lets them go first, so one process
  // writing in a loop cannot starve a VS Code window or a second CLI run.
  if (yieldNext.delete(lockFile)) await sleep(maxDelay * 2);
  for (;;) {
    holder.time = new Date().toISOString();
    if (await tryCreate(lockFile, holder)) {
      await fs.unlink(waitingMarker(lockFile)).catch(() => undefined);
      return held(lockFile, holder);
    }
    await fs.writeFile(waitingMarker(lockFile), `${process.pid}\n`).catch(() => undefined);
    const current = await inspect(lockFile);
    if (current && isStale(current, staleMs)) {
      await breakLock(lockFile, current.holder, holder.token);
      continue;
    }
    if (Date.now() >= deadline) {
      await fs.unlink(waitingMarker(lockFile)).catch(() => undefined);
      throw new LedgerLockTimeoutError(lockFile, current?.holder, timeoutMs);
    }
    await sleep(delay / 2 + Math.random() * delay);
    delay = Math.min(delay * 1.6, maxDelay);
  }
}

async function tryCreate(lockFile: string, holder: LockHolder): Promise<boolean> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(lockFile, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await fh.writeFile(JSON.stringify(holder) + '\n');
  } catch (err) {
    await fh.close().catch(() => undefined);
    await fs.unlink(lockFile).catch(() => undefined); // e.g. disk full: leave no empty lock behind
    throw err;
  }
  await fh.close();
  return true;
}

function held(file: string, holder: LockHolder): HeldLock {
  let released = false;
  return {
    file,
    holder,
    async release() {
      if (released) return;
      released = true;
      // Delete only our own lock: if it was judged abandoned and broken, the file is someone else's now.
      const current = await inspect(file);
      if (current?.holder?.token === holder.token) await fs.unlink(file).catch(() => undefined);
      const waiting = await fs.stat(waitingMarker(file)).then((st) => Date.now() - st.mtimeMs < WAITER_RECENT_MS, () => false);
      if (waiting) yieldNext.add(file);
    },
  };
}

interface Inspected {
  holder: LockHolder | undefined;
  ageMs: number;
}

async function inspect(lockFile: string): Promise<Inspected | undefined> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(lockFile, 'utf8'), fs.stat(lockFile)]);
    return { holder: parseHolder(text), ageMs: Date.now() - stat.mtimeMs };
  } catch {
    return undefined; // released meanwhile: the next attempt will tell
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.token === 'string') return v as LockHolder;
  } catch {}
  return undefined;
}

function isStale(lock: Inspected, staleMs: number): boolean {
  if (!lock.holder) return lock.ageMs > EMPTY_LOCK_STALE_MS;
  if (lock.holder.host === os.hostname() && !processAlive(lock.holder.pid)) return true;
  return lock.ageMs > staleMs;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Moves the abandoned lock aside (atomic, so only one waiter wins), checks it was the one judged, deletes it. */
async function breakLock(lockFile: string, judged: LockHolder | undefined, myToken: string): Promise<void> {
  const aside = `${lockFile}.stale-${myToken}`;
  try {
    await fs.rename(lockFile, aside);
  } catch {
    return; // someone else broke or released it
  }
  let moved: LockHolder | undefined;
  try {
    moved = parseHolder(await fs.readFile(aside, 'utf8'));
  } catch {}
  if (moved?.token !== judged?.token) {
    // Between our look and the rename, another writer took a fresh lock: put it back if still free.
    await fs.link(aside, lockFile).catch(() => undefined);
  }
  await fs.unlink(aside).catch(() => undefined);
}

/** A waiter touches this file after each failed attempt; the holder looks at it when it releases. */
const waitingMarker = (lockFile: string) => `${lockFile}.waiting`;
/** A waiter that touched the marker this recently is taken to be still waiting. */
const WAITER_RECENT_MS = 250;
/** Locks this process released while someone was waiting: its next acquisition of them steps back once. */
const yieldNext = new Set<string>();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
