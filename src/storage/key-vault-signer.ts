/**
 * The production checkpoint signer (decision 0007): an EC P-256 key in Azure Key Vault signs each
 * checkpoint's SHA-256 digest with ES256 (`POST {kid}/sign`); the private key never leaves the vault.
 * The app's managed identity needs the "Key Vault Crypto User" role on the key (infra/modules/keyvault.bicep).
 *
 * At the first signature the key is read once (`GET {kid}`): its public JWK gives the key id that
 * checkpoints carry (the same SHA-256 of the SPKI as the key-file signer's) and the exact version,
 * which all later signatures use — a new version in the vault is not picked up until restart, so a
 * checkpoint is never signed by a key the verifier's public key does not match. The verifier needs
 * only the public key: `publicKeyPem()`, or read from the vault by `npm run audit:verify`.
 */
import type { TokenCredential } from '@azure/identity';
import {
  CryptographyClient,
  KeyClient,
  parseKeyVaultKeyIdentifier,
  type CryptographyClientOptions,
  type JsonWebKey,
} from '@azure/keyvault-keys';
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { keyIdOf, verifyCheckpointSignature, type CheckpointSigner } from './checkpoint-signer';

const b64url = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('base64url');

/** The node:crypto public key of a Key Vault EC P-256 JWK; refuses any other key. */
export function publicKeyOfJwk(jwk: JsonWebKey | undefined, name: string): KeyObject {
  if (jwk?.kty !== 'EC' && jwk?.kty !== 'EC-HSM') throw new Error(`${name}: not an EC key (kty ${jwk?.kty})`);
  if (jwk.crv !== 'P-256') throw new Error(`${name}: not a P-256 key (crv ${jwk.crv})`);
  return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(jwk.x), y: b64url(jwk.y) }, format: 'jwk' });
}

/** Reads a Key Vault key's public key (the app's credential needs keys/get, e.g. Key Vault Crypto User or Reader). */
export async function keyVaultPublicKey(
  keyId: string,
  credential: TokenCredential,
  options: CryptographyClientOptions = {},
): Promise<{ readonly publicKey: KeyObject; readonly versionedKeyId: string }> {
  const { vaultUrl, name, version } = parseKeyVaultKeyIdentifier(keyId);
  const key = await new KeyClient(vaultUrl, credential, options).getKey(name, version ? { version } : {});
  if (key.properties.enabled === false) throw new Error(`${keyId}: the key is disabled`);
  return { publicKey: publicKeyOfJwk(key.key, keyId), versionedKeyId: key.id ?? keyId };
}

export class KeyVaultSigner implements CheckpointSigner {
  private opened: Promise<{ client: CryptographyClient; publicKey: KeyObject; keyId: string }> | undefined;
  private known: { publicKey: KeyObject; keyId: string } | undefined;

  /**
   * @param keyId the key's identifier, `https://<vault>.vault.azure.net/keys/<name>[/<version>]`
   *   (without a version: the version current when the signer first reaches the vault).
   * @param options client options (e.g. retries; the tests' stand-in passes its TLS trust here).
   */
  constructor(
    readonly vaultKeyId: string,
    private readonly credential: TokenCredential,
    private readonly options: CryptographyClientOptions = {},
  ) {
    parseKeyVaultKeyIdentifier(vaultKeyId); // throws on a malformed id, at start-up rather than at the first seal
  }

  /** The key id the checkpoints carry; known once `open()` or the first `sign()` has resolved. */
  get keyId(): string {
    if (this.known === undefined) throw new Error('the Key Vault signer has not reached the vault yet');
    return this.known.keyId;
  }

  /** Reads the key's public half from the vault (once; a failure is retried at the next call). */
  open(): Promise<{ client: CryptographyClient; publicKey: KeyObject; keyId: string }> {
    this.opened ??= keyVaultPublicKey(this.vaultKeyId, this.credential, this.options).then(
      ({ publicKey, versionedKeyId }) => {
        this.known = { publicKey, keyId: keyIdOf(publicKey) };
        const client = new CryptographyClient(versionedKeyId, this.credential, this.options);
        return { client, ...this.known };
      },
      (err: unknown) => {
        this.opened = undefined;
        throw err;
      },
    );
    return this.opened;
  }

  async publicKeyPem(): Promise<string> {
    return (await this.open()).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  async sign(message: Buffer): Promise<string> {
    const { client, publicKey } = await this.open();
    const digest = createHash('sha256').update(message).digest();
    const { result } = await client.sign('ES256', digest);
    const signature = Buffer.from(result).toString('base64');
    // Key Vault returns r‖s (64 bytes), as JOSE does. Check before anchoring anything unverifiable.
    if (result.length !== 64 || !verifyCheckpointSignature(publicKey, message, signature))
      throw new Error(`Key Vault's ES256 signature by ${this.vaultKeyId} does not verify with its public key`);
    return signature;
  }
}
