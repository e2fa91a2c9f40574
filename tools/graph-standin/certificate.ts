/**
 * Development certificate for the Graph stand-in: a throw-away certificate authority and a server
 * certificate for localhost / 127.0.0.1 / ::1 signed by it, made fresh at every start-up.
 *
 * Node 20 can parse but not issue X.509 certificates, so the few DER structures needed are
 * written here (RFC 5280) and signed with node:crypto (ECDSA P-256, SHA-256). Nothing leaves
 * the process except the CA certificate, which clients pass as `ca` to trust the stand-in.
 */
import crypto from 'node:crypto';
import net from 'node:net';

export interface DevelopmentCertificate {
  /** PEM of the CA certificate clients should trust (pass as `ca`). */
  caPem: string;
  /** PEM of the server certificate followed by the CA certificate (the chain to serve). */
  certChainPem: string;
  /** PEM (PKCS#8) of the server private key. */
  keyPem: string;
}

// ---- DER encoding -------------------------------------------------------------------------------

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const sequence = (...content: Buffer[]): Buffer => tlv(0x30, ...content);
const set = (...content: Buffer[]): Buffer => tlv(0x31, ...content);
const octetString = (value: Buffer): Buffer => tlv(0x04, value);
const bitString = (value: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.from([unusedBits]), value);
const utf8String = (value: string): Buffer => tlv(0x0c, Buffer.from(value, 'utf8'));
const booleanTrue = (): Buffer => tlv(0x01, Buffer.from([0xff]));
const explicit = (tagNumber: number, inner: Buffer): Buffer => tlv(0xa0 | tagNumber, inner);

function integer(value: Buffer): Buffer {
  const first = value[0] ?? 0;
  return tlv(0x02, first & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
}

function objectId(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const encoded = [arc % 128];
    for (let high = Math.floor(arc / 128); high > 0; high = Math.floor(high / 128))
      encoded.unshift((high % 128) | 0x80);
    bytes.push(...encoded);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

function ipBytes(address: string): Buffer {
  if (net.isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = address.includes('::') && tail ? tail.split(':') : [];
  const zeros = address.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups];
  const buffer = Buffer.alloc(16);
  groups.forEach((group, index) => buffer.writeUInt16BE(parseInt(group, 16), index * 2));
  return buffer;
}

// ---- Certificate building -----------------------------------------------------------------------

const ECDSA_WITH_SHA256 = sequence(objectId('1.2.840.10045.4.3.2'));

function name(commonName: string): Buffer {
  return sequence(
    set(sequence(objectId('2.5.4.10'), utf8String('Samsyn Graph stand-in (development only)'))),
    set(sequence(objectId('2.5.4.3'), utf8String(commonName))),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectId(oid), ...(critical ? [booleanTrue()] : []), octetString(value));
}

function serialNumber(): Buffer {
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0] ?? 1) & 0x7f || 1;
  return serial;
}

interface CertificateSpec {
  subject: string;
  issuer: string;
  subjectKey: crypto.KeyObject;
  issuerKey: crypto.KeyObject;
  issuerKeyId: Buffer;
  extensions: Buffer[];
  validDays: number;
}

function keyId(publicKey: crypto.KeyObject): Buffer {
  return crypto
    .createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function issue(spec: CertificateSpec): string {
  const publicKey = crypto.createPublicKey(spec.subjectKey);
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + spec.validDays * 24 * 60 * 60 * 1000);
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // version 3
    integer(serialNumber()),
    ECDSA_WITH_SHA256,
    name(spec.issuer),
    sequence(time(notBefore), time(notAfter)),
    name(spec.subject),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      sequence(
        ...spec.extensions,
        extension('2.5.29.14', false, octetString(keyId(publicKey))),
        extension('2.5.29.35', false, sequence(tlv(0x80, spec.issuerKeyId))),
      ),
    ),
  );
  const signature = crypto.sign('sha256', tbs, spec.issuerKey);
  return toPem(sequence(tbs, ECDSA_WITH_SHA256, bitString(signature)));
}

/** A fresh CA and a localhost server certificate signed by it (valid for `validDays`, default 30). */
export function generateDevelopmentCertificate(
  options: { dnsNames?: string[]; ipAddresses?: string[]; validDays?: number } = {},
): DevelopmentCertificate {
  const dnsNames = options.dnsNames ?? ['localhost'];
  const ipAddresses = options.ipAddresses ?? ['127.0.0.1', '::1'];
  const validDays = options.validDays ?? 30;
  const caKeys = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serverKeys = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = `Samsyn Graph stand-in development CA ${new Date().toISOString()}`;
  const caKeyId = keyId(caKeys.publicKey);

  const caPem = issue({
    subject: caName,
    issuer: caName,
    subjectKey: caKeys.privateKey,
    issuerKey: caKeys.privateKey,
    issuerKeyId: caKeyId,
    validDays,
    extensions: [
      extension('2.5.29.19', true, sequence(booleanTrue())), // basicConstraints CA:TRUE
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)), // keyUsage keyCertSign, cRLSign
    ],
  });
  const serverPem = issue({
    subject: dnsNames[0] ?? 'localhost',
    issuer: caName,
    subjectKey: serverKeys.privateKey,
    issuerKey: caKeys.privateKey,
    issuerKeyId: caKeyId,
    validDays,
    extensions: [
      extension('2.5.29.19', true, sequence()), // basicConstraints CA:FALSE
      extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)), // keyUsage digitalSignature
      extension('2.5.29.37', false, sequence(objectId('1.3.6.1.5.5.7.3.1'))), // extKeyUsage serverAuth
      extension(
        '2.5.29.17',
        false,
        sequence(
          // subjectAltName
          ...dnsNames.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
          ...ipAddresses.map((ip) => tlv(0x87, ipBytes(ip))),
        ),
      ),
    ],
  });
  return {
    caPem,
    certChainPem: serverPem + caPem,
    keyPem: serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
