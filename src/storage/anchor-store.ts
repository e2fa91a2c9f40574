/**
 * The anchor store: signed audit checkpoints appended outside the database, in Azure Blob Storage
 * append blobs (in Azure a container with a time-based immutability policy that allows protected
 * append writes — infra/; locally and in tests Azurite). One JSON line per block:
 * - `checkpoints/00000001.jsonl`, `…02.jsonl`, …: every anchored checkpoint, in order; a new blob
 *   is started before the 50,000-block limit of an append blob;
 * - `verified/positions.jsonl`: where `npm run audit:verify` last got to (size, root, the tree's
 *   right edge and the place in the checkpoint blobs), so the next run starts there.
 * Appends are conditional on the blob's length as read, so two writers can never interleave.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/identity';
import type { SignedCheckpoint } from '../domain/checkpoint';

export interface AnchorPosition {
  /** Number of the checkpoint blob (1, 2, …) and the byte offset in it. */
  readonly blob: number;
  readonly offset: number;
}

export interface VerifiedPosition {
  readonly treeSize: number;
  readonly rootHash: string;
  /** The tree's right edge at treeSize (hex), to continue the recomputation from. */
  readonly frontier: readonly string[];
  /** Just after the checkpoint of treeSize in the checkpoint blobs. */
  readonly position: AnchorPosition;
  readonly at: string;
  /** The highest row number (audit_log.seq) when it was verified: the next run reads the rows above it. */
  readonly seqHighWater?: number;
}

export interface AnchoredCheckpoint {
  readonly checkpoint: SignedCheckpoint;
  /** Just after this checkpoint's line. */
  readonly end: AnchorPosition;
}

export interface AnchorStore {
  /** The latest anchored checkpoint, or null when none is. */
  last(): Promise<SignedCheckpoint | null>;
  /** Appends a checkpoint after the latest; refuses (throws) when another was appended meanwhile. */
  append(checkpoint: SignedCheckpoint, after: SignedCheckpoint | null): Promise<void>;
  /** Every anchored checkpoint from `from` (the start when absent), in order. */
  read(from?: AnchorPosition): Promise<AnchoredCheckpoint[]>;
  lastVerified(): Promise<VerifiedPosition | null>;
  recordVerified(position: VerifiedPosition): Promise<void>;
}

/** Under the 50,000 committed blocks an append blob can hold. */
export const blocksPerBlob = 49_000;
const tailBytes = 16_384;
const blobName = (n: number) => `checkpoints/${String(n).padStart(8, '0')}.jsonl`;
const positionsBlob = 'verified/positions.jsonl';

export class AnchorConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnchorConflictError';
  }
}

async function text(body: NodeJS.ReadableStream | undefined): Promise<string> {
  if (body === undefined) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

export class BlobAnchorStore implements AnchorStore {
  private constructor(
    private readonly container: ContainerClient,
    private readonly perBlob: number,
  ) {}

  /** From a connection string (Azurite, development) or an account URL with a credential (Azure). */
  static async open(
    options:
      | { readonly connectionString: string; readonly container: string }
      | { readonly accountUrl: string; readonly credential: TokenCredential; readonly container: string },
    perBlob = blocksPerBlob,
  ): Promise<BlobAnchorStore> {
    const service =
      'connectionString' in options
        ? BlobServiceClient.fromConnectionString(options.connectionString)
        : new BlobServiceClient(options.accountUrl, options.credential);
    const container = service.getContainerClient(options.container);
    await container.createIfNotExists();
    return new BlobAnchorStore(container, perBlob);
  }

  private async blobs(): Promise<{ n: number; length: number }[]> {
    const found: { n: number; length: number }[] = [];
    for await (const b of this.container.listBlobsFlat({ prefix: 'checkpoints/' })) {
      const m = /^checkpoints\/(\d{8})\.jsonl$/.exec(b.name);
      if (m) found.push({ n: Number(m[1]), length: b.properties.contentLength ?? 0 });
    }
    return found.sort((a, b) => a.n - b.n);
  }

  private async tail(name: string, length: number): Promise<{ line: string | null; blocks: number }> {
    if (length === 0) {
      const props = await this.container.getAppendBlobClient(name).getProperties();
      return { line: null, blocks: props.blobCommittedBlockCount ?? 0 };
    }
    const start = Math.max(0, length - tailBytes);
    const r = await this.container.getAppendBlobClient(name).download(start, length - start);
    const lines = (await text(r.readableStreamBody)).split('\n').filter((l) => l !== '');
    return { line: lines[lines.length - 1] ?? null, blocks: r.blobCommittedBlockCount ?? 0 };
  }

  async last(): Promise<SignedCheckpoint | null> {
    const blobs = await this.blobs();
    for (const b of [...blobs].reverse()) {
      const { line } = await this.tail(blobName(b.n), b.length);
      if (line !== null) return JSON.parse(line) as SignedCheckpoint;
    }
    return null;
  }

  async append(checkpoint: SignedCheckpoint, after: SignedCheckpoint | null): Promise<void> {
    const blobs = await this.blobs();
    const current = blobs[blobs.length - 1];
    let n = current?.n ?? 1;
    let length = current?.length ?? 0;
    if (current !== undefined) {
      const { line, blocks } = await this.tail(blobName(current.n), current.length);
      const latest = line === null ? await this.last() : (JSON.parse(line) as SignedCheckpoint);
      if (
        (latest?.treeSize ?? 0) !== (after?.treeSize ?? 0) ||
        (latest?.rootHash ?? null) !== (after?.rootHash ?? null)
      ) {
        throw new AnchorConflictError(
          `the anchor's latest checkpoint is ${latest?.treeSize ?? 0}, not ${after?.treeSize ?? 0}`,
        );
      }
      if (blocks >= this.perBlob) {
        n += 1;
        length = 0;
      }
    } else if (after !== null) {
      throw new AnchorConflictError('the anchor store is empty, but a previous checkpoint was expected');
    }
    const blob = this.container.getAppendBlobClient(blobName(n));
    if (length === 0) await blob.createIfNotExists();
    const line = Buffer.from(`${JSON.stringify(checkpoint)}\n`, 'utf8');
    try {
      await blob.appendBlock(line, line.length, { conditions: { appendPosition: length } });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 412)
        throw new AnchorConflictError('another checkpoint was appended meanwhile');
      throw err;
    }
  }

  async read(from: AnchorPosition = { blob: 1, offset: 0 }): Promise<AnchoredCheckpoint[]> {
    const out: AnchoredCheckpoint[] = [];
    for (const b of await this.blobs()) {
      if (b.n < from.blob) continue;
      const start = b.n === from.blob ? from.offset : 0;
      if (start >= b.length) continue;
      const r = await this.container.getAppendBlobClient(blobName(b.n)).download(start, b.length - start);
      let offset = start;
      for (const line of (await text(r.readableStreamBody)).split('\n')) {
        if (line === '') continue;
        offset += Buffer.byteLength(line, 'utf8') + 1;
        out.push({ checkpoint: JSON.parse(line) as SignedCheckpoint, end: { blob: b.n, offset } });
      }
    }
    return out;
  }

  async lastVerified(): Promise<VerifiedPosition | null> {
    const blob = this.container.getAppendBlobClient(positionsBlob);
    if (!(await blob.exists())) return null;
    const lines = (await text((await blob.download()).readableStreamBody)).split('\n').filter((l) => l !== '');
    const last = lines[lines.length - 1];
    return last === undefined ? null : (JSON.parse(last) as VerifiedPosition);
  }

  async recordVerified(position: VerifiedPosition): Promise<void> {
    const blob = this.container.getAppendBlobClient(positionsBlob);
    await blob.createIfNotExists();
    const line = Buffer.from(`${JSON.stringify(position)}\n`, 'utf8');
    await blob.appendBlock(line, line.length);
  }
}

/** An anchor store opened on first use (and again after a failed open), so a start never waits for it. */
export function lazyAnchorStore(open: () => Promise<AnchorStore>): AnchorStore {
  let opened: Promise<AnchorStore> | undefined;
  const get = (): Promise<AnchorStore> => {
    opened ??= open().catch((err: unknown) => {
      opened = undefined;
      throw err;
    });
    return opened;
  };
  return {
    last: async () => (await get()).last(),
    append: async (c, after) => (await get()).append(c, after),
    read: async (from) => (await get()).read(from),
    lastVerified: async () => (await get()).lastVerified(),
    recordVerified: async (p) => (await get()).recordVerified(p),
  };
}

/** The anchor store AUDIT_ANCHOR names: an Azurite connection string, or a blob URL reached with the app's managed identity. */
export function anchorStoreFor(
  anchor: { readonly target: string; readonly container: string },
  credential: () => TokenCredential,
): AnchorStore {
  return lazyAnchorStore(() =>
    anchor.target.startsWith('https://')
      ? BlobAnchorStore.open({ accountUrl: anchor.target, credential: credential(), container: anchor.container })
      : BlobAnchorStore.open({ connectionString: anchor.target, container: anchor.container }),
  );
}
