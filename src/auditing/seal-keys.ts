import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fingerprintOf, rawPublicKeyOf } from './seal';

/** A key file that cannot be used: `rule` says which requirement it fails. */
export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
  constructor(
    readonly file: string,
    readonly rule: 'readable' | 'pem' | 'ed25519' | 'public' | 'private',
    detail: string,
  ) {
    super(`${file}: ${detail} [${rule}]`);
  }
}

function readPem(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KeyFileError(file, 'readable', `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!/^-----BEGIN [A-Z ]+-----/m.test(text)) throw new KeyFileError(file, 'pem', 'is not a PEM key file as `ledger keygen` writes');
  return text;
}

function requireEd25519(file: string, key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KeyFileError(file, 'ed25519', `holds a${key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec' ? 'n' : ''} ${key.asymmetricKeyType ?? 'unknown'} key; seals are signed with Ed25519 only`);
  }
  return key;
}

/** The Ed25519 private key `ledger seal --signing-key` signs with (PKCS#8 PEM). */
export function readSigningKey(file: string): KeyObject {
  const pem = readPem(file);
  if (/-----BEGIN PUBLIC KEY-----/.test(pem)) throw new KeyFileError(file, 'private', 'holds a public key; signing needs the private key (the .key file of `ledger keygen`)');
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new KeyFileError(file, 'pem', `is not a private key: ${(error as Error).message}`);
  }
  return requireEd25519(file, key);
}

/** The Ed25519 public key `ledger verify --public-key` trusts (SPKI PEM). */
export function readPublicKey(file: string): KeyObject {
  const pem = readPem(file);
  if (/PRIVATE KEY-----/.test(pem)) throw new KeyFileError(file, 'public', 'holds a private key; verification takes the public key (the .pub file of `ledger keygen`), and the private key should not be on this machine');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new KeyFileError(file, 'pem', `is not a public key: ${(error as Error).message}`);
  }
  return requireEd25519(file, key);
}

export interface GeneratedKeyPair {
  readonly privatePem: string;
  readonly publicPem: string;
  readonly fingerprint: string;
}

export function generateSealKeyPair(): GeneratedKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    fingerprint: fingerprintOf(rawPublicKeyOf(publicKey)),
  };
}

export function fingerprintOfKey(key: KeyObject): string {
  return fingerprintOf(rawPublicKeyOf(key.type === 'private' ? createPublicKey(key) : key));
}
