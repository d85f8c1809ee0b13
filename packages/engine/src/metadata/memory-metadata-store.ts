import type {
  MetadataHead,
  MetadataReader,
  MetadataStore,
  MetadataTransaction,
  MetadataVersion,
} from '../ports/metadata-store.js';

type Key = string;

function keyOf(tenantId: string, kind: string, name: string): Key {
  return `${tenantId}\u0000${kind}\u0000${name}`;
}

function versionKeyOf(version: MetadataVersion): Key {
  return `${keyOf(version.tenantId, version.kind, version.name)}\u0000${version.version}`;
}

function byKindThenName(a: MetadataHead, b: MetadataHead): number {
  const [x, y] = [`${a.kind}\u0000${a.name}`, `${b.kind}\u0000${b.name}`];
  return x < y ? -1 : x > y ? 1 : 0;
}

interface State {
  readonly heads: Map<Key, MetadataHead>;
  /** Versions keyed by tenant, kind, name and number. */
  readonly versions: Map<Key, MetadataVersion>;
}

// Copies on the way in and out, so that callers can never mutate what the store holds.
const copy = structuredClone;

function createReader(view: () => State): MetadataReader {
  return {
    async listHeads(tenantId, filter) {
      return [...view().heads.values()]
        .filter((h) => h.tenantId === tenantId && (!filter?.kind || h.kind === filter.kind))
        .sort(byKindThenName)
        .map((value) => copy(value));
    },
    async getHead(tenantId, kind, name) {
      const head = view().heads.get(keyOf(tenantId, kind, name));
      return head && copy(head);
    },
    async listVersions(tenantId, kind, name) {
      return [...view().versions.values()]
        .filter((v) => v.tenantId === tenantId && v.kind === kind && v.name === name)
        .sort((a, b) => b.version - a.version)
        .map((value) => copy(value));
    },
    async getVersion(tenantId, kind, name, version) {
      const found = view().versions.get(`${keyOf(tenantId, kind, name)}\u0000${version}`);
      return found && copy(found);
    },
  };
}

/**
 * The metadata store port held in memory: the reference adapter and the store of fast unit tests.
 * Transactions run one at a time (so `lockTenant` has nothing left to do), see their own writes,
 * and apply them only when the work resolves.
 */
export function createMemoryMetadataStore(): MetadataStore {
  let committed: State = { heads: new Map(), versions: new Map() };
  let queue: Promise<unknown> = Promise.resolve();

  async function run<T>(work: (tx: MetadataTransaction) => Promise<T>): Promise<T> {
    const pending: State = {
      heads: new Map(committed.heads),
      versions: new Map(committed.versions),
    };
    const tx: MetadataTransaction = {
      ...createReader(() => pending),
      async lockTenant() {},
      async writeHead(head, expectedRevision) {
        const current = pending.heads.get(keyOf(head.tenantId, head.kind, head.name));
        if ((current?.revision ?? null) !== expectedRevision) return false;
        pending.heads.set(keyOf(head.tenantId, head.kind, head.name), copy(head));
        return true;
      },
      async insertVersion(version) {
        const key = versionKeyOf(version);
        if (pending.versions.has(key)) {
          throw new Error(
            `duplicate metadata version ${version.kind}/${version.name}@${version.version}`,
          );
        }
        pending.versions.set(key, copy(version));
      },
    };
    const result = await work(tx);
    committed = pending;
    return result;
  }

  return {
    ...createReader(() => committed),
    transaction<T>(work: (tx: MetadataTransaction) => Promise<T>): Promise<T> {
      const result = queue.then(() => run(work));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
