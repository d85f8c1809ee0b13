import type { MetadataDocument } from '@tangram/schema';
import type {
  MetadataDiffSide,
  MetadataDraftResult,
  MetadataEntry,
  MetadataHistoryEntry,
  MetadataPublication,
  MetadataSummary,
} from './api-types.js';
import { type Transport, toEtag } from './http-transport.js';

const BASE = '/api/v1/metadata';

/** The metadata API: documents as drafts, published versions, history, diff and revert. */
export interface MetadataClient {
  list(filter?: { kind?: string }): Promise<MetadataSummary[]>;
  get(
    kind: string,
    name: string,
    options?: { state?: 'draft' | 'published' | 'effective'; version?: number },
  ): Promise<MetadataEntry>;
  /** Saves a draft; `ifMatch` is the revision read (needed once the document exists). */
  saveDraft(
    document: MetadataDocument,
    options?: { ifMatch?: number },
  ): Promise<MetadataDraftResult>;
  publish(options?: {
    documents?: { kind: string; name: string }[];
    message?: string;
  }): Promise<{ published: MetadataPublication[] }>;
  history(kind: string, name: string): Promise<MetadataHistoryEntry[]>;
  diff(
    kind: string,
    name: string,
    sides: { from: MetadataDiffSide; to: MetadataDiffSide },
  ): Promise<unknown[]>;
  revert(
    kind: string,
    name: string,
    options: { version: number; message?: string; ifMatch?: number },
  ): Promise<MetadataPublication & { revertedFrom: number; revision: number }>;
}

const documentPath = (kind: string, name: string) =>
  `${BASE}/${encodeURIComponent(kind)}/${encodeURIComponent(name)}`;

const ifMatchHeader = (ifMatch: number | undefined) =>
  ifMatch === undefined ? {} : { 'if-match': toEtag(ifMatch) };

/** Binds the metadata API to a transport. */
export function createMetadataClient(send: Transport): MetadataClient {
  return {
    async list(filter = {}) {
      const response = await send<{ documents: MetadataSummary[] }>({
        method: 'GET',
        path: BASE,
        query: { kind: filter.kind },
      });
      return response.body.documents;
    },
    async get(kind, name, options = {}) {
      const response = await send<MetadataEntry>({
        method: 'GET',
        path: documentPath(kind, name),
        query: { state: options.state, version: options.version },
      });
      return response.body;
    },
    async saveDraft(document, options = {}) {
      const response = await send<MetadataDraftResult>({
        method: 'PUT',
        path: documentPath(document.kind, document.name),
        body: document,
        headers: ifMatchHeader(options.ifMatch),
      });
      return response.body;
    },
    async publish(options = {}) {
      const response = await send<{ published: MetadataPublication[] }>({
        method: 'POST',
        path: `${BASE}/publish`,
        body: options,
      });
      return response.body;
    },
    async history(kind, name) {
      const response = await send<{ versions: MetadataHistoryEntry[] }>({
        method: 'GET',
        path: `${documentPath(kind, name)}/history`,
      });
      return response.body.versions;
    },
    async diff(kind, name, { from, to }) {
      const response = await send<{ diff: unknown[] }>({
        method: 'GET',
        path: `${documentPath(kind, name)}/diff`,
        query: { from: String(from), to: String(to) },
      });
      return response.body.diff;
    },
    async revert(kind, name, { ifMatch, ...body }) {
      const response = await send<MetadataPublication & { revertedFrom: number; revision: number }>(
        {
          method: 'POST',
          path: `${documentPath(kind, name)}/revert`,
          body,
          headers: ifMatchHeader(ifMatch),
        },
      );
      return response.body;
    },
  };
}
