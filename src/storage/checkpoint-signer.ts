/**
 * Signs audit checkpoints with ES256 (ECDSA over P-256 with SHA-256, the signature as raw r‖s, 64
 * bytes — JOSE's form and Key Vault's). The private key never lives in the database:
 * - locally and in tests: a PKCS#8 PEM key file, generated on first use (in the data folder);
 * - in production: a Key Vault key, signing in Key Vault (src/storage/key-vault-signer.ts).
 * The verifier needs only the public key (SPKI PEM, written next to the key file).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface CheckpointSigner {
  /** Names the key (the SHA-256 of its public key, hex, first 16 characters). */
  readonly keyId: string;
  /** ES256 over `message`, base64 of r‖s. */
  sign(message: Buffer): Promise<string>;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** True when `signature` (base64 r‖s) is the ES256 signature of `message` by `publicKey`. */
export function verifyCheckpointSignature(publicKey: KeyObject, message: Buffer, signature: string): boolean {
  try {
    return verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export class FileKeySigner implements CheckpointSigner {
  readonly keyId: string;

  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {
    this.keyId = keyIdOf(publicKey);
  }

  /** Reads the key file, or creates it (mode 0600) with its public key beside it (`<file>.pub`). */
  static open(file: string): FileKeySigner {
    if (!fs.existsSync(file)) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      fs.mkdirSync(path.dirname(file), { recursive: true });
      try {
        fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        // Another instance (shared storage) created it first: use theirs.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    const privateKey = createPrivateKey(fs.readFileSync(file));
    if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
      throw new Error(`${file}: not an EC P-256 private key`);
    const publicKey = createPublicKey(privateKey);
    const pub = `${file}.pub`;
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    if (!fs.existsSync(pub) || fs.readFileSync(pub, 'utf8') !== pem) fs.writeFileSync(pub, pem);
    return new FileKeySigner(privateKey, publicKey);
  }

  sign(message: Buffer): Promise<string> {
    return Promise.resolve(
      sign('sha256', message, { key: this.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64'),
    );
  }
}

/** A public key file: SPKI PEM, or a JWK (e.g. Key Vault's `az keyvault key show --query key`). */
export function readPublicKey(file: string): KeyObject {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!text.startsWith('{')) return createPublicKey(text);
  const jwk = JSON.parse(text) as { kty?: string; crv?: string; x?: string; y?: string };
  return createPublicKey({ key: { kty: 'EC', crv: jwk.crv ?? '', x: jwk.x ?? '', y: jwk.y ?? '' }, format: 'jwk' });
}
