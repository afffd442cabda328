import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { ApiKeyRecord, KeysDocumentError, NewKeySpec, issueKeys, parseKeysDocument } from './api-key';

/** The keys file's name in the data directory (`LEDGER_API_KEYS_FILE` may name another path). */
export const KEYS_FILE_NAME = 'api-keys.json';
/** Owner read/write only: the file holds hashes, but who may act is still nobody else's business. */
export const KEYS_FILE_MODE = 0o600;

export function defaultKeysFile(dataDir: string): string {
  return join(dataDir, KEYS_FILE_NAME);
}

export function readKeysFile(file: string): ApiKeyRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KeysDocumentError(`cannot read the API keys file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new KeysDocumentError(`the API keys file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseKeysDocument(parsed, file);
}

function serialise(records: readonly ApiKeyRecord[]): string {
  return `${JSON.stringify({ keys: records }, null, 2)}\n`;
}

function tempBeside(file: string): string {
  return join(dirname(file), `.${KEYS_FILE_NAME}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

function writeTemp(file: string, records: readonly ApiKeyRecord[]): string {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = tempBeside(file);
  writeFileSync(temp, serialise(records), { mode: KEYS_FILE_MODE, flag: 'wx' });
  chmodSync(temp, KEYS_FILE_MODE); // whatever the umask
  return temp;
}

/** Replaces the keys file atomically (temporary file, then rename), mode 0600. */
export function saveKeysFile(file: string, records: readonly ApiKeyRecord[]): void {
  parseKeysDocument({ keys: records }, file);
  const temp = writeTemp(file, records);
  renameSync(temp, file);
}

/**
 * Creates the keys file only if there is none yet, atomically (a hard link cannot replace a file): returns false,
 * writing nothing, when another process created it first.
 */
export function createKeysFileExclusively(file: string, records: readonly ApiKeyRecord[]): boolean {
  const temp = writeTemp(file, records);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Writes `<dataDir>/api-keys.json` (or `file`) holding new keys for the given names and roles, replacing any keys
 * file there, and returns each key by name. For tests and admin tooling: the keys themselves are not kept.
 */
export function writeKeysFile(dataDir: string, specs: readonly NewKeySpec[], file = defaultKeysFile(dataDir)): Record<string, string> {
  const { records, keys } = issueKeys(specs, new Date());
  saveKeysFile(file, records);
  return keys;
}
