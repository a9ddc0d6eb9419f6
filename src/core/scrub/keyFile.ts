// The secret key: read from a key file (CLI) or kept in VS Code's SecretStorage (extension). Whoever has
// the key can recompute every pseudonym of a name they guess, so the key file is checked like an SSH key:
// it must exist and hold enough bytes, and a key others can read is worth a warning.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';

export const MIN_KEY_BYTES = 16;

export class KeyFileError extends Error {}

/** A new random key as text (64 hexadecimal digits), for a key file or the extension's secret storage. */
export function generateKey(): string {
  return randomBytes(32).toString('hex');
}

/** The key's bytes: the text with surrounding white space removed (a trailing newline is not part of the key). */
export function keyFromText(text: string): Buffer {
  return Buffer.from(text.trim(), 'utf8');
}

export function checkKey(key: Uint8Array, source: string): void {
  if (key.length === 0) throw new KeyFileError(`The key file ${source} is empty. Put a secret in it, e.g. \`openssl rand -hex 32 > ${source}\`.`);
  if (key.length < MIN_KEY_BYTES) {
    throw new KeyFileError(`The key in ${source} is ${key.length} bytes; use at least ${MIN_KEY_BYTES} random bytes, e.g. \`openssl rand -hex 32 > ${source}\`.`);
  }
}

/** Reads and checks a key file; `warnings` says when the file can be read by other users. */
export function readKeyFile(file: string): { key: Buffer; warnings: string[] } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new KeyFileError(`The key file ${file} does not exist. Create one with \`openssl rand -hex 32 > ${file}\` and keep it out of the repository.`);
    throw new KeyFileError(`The key file ${file} cannot be read: ${code ?? (err as Error).message}.`);
  }
  if (!stat.isFile()) throw new KeyFileError(`The key file ${file} is not a regular file.`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new KeyFileError(`The key file ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
  const key = keyFromText(text);
  checkKey(key, file);
  const warnings: string[] = [];
  if (process.platform !== 'win32' && (stat.mode & 0o004) !== 0) {
    warnings.push(`The key file ${file} can be read by every user of this machine; restrict it with \`chmod 600 ${file}\`.`);
  }
  return { key, warnings };
}
