// Types of api.mjs for the TypeScript smoke test.

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

export interface HttpClient {
  send(
    method: string,
    path: string,
    options?: {
      readonly headers?: Record<string, string>;
      readonly body?: string;
      readonly discard?: boolean;
    },
  ): Promise<HttpAnswer>;
  close(): void;
}

export function createHttpClient(base: string, sockets: number): HttpClient;

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly seconds: number;
  readonly perSecond: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly peakRssMiB: number;
  readonly serverCpuMsPerRequest: number;
  readonly loadCpuMsPerRequest: number;
  readonly databaseCpuMsPerRequest: number;
  readonly machineBusyPercent: number;
}

export interface ApiBenchResult {
  readonly skipped?: string;
  readonly records: number;
  readonly concurrency: number;
  readonly bulkCreate: LoadResult & {
    readonly recordsPerSecond: number;
    /** recordsPerSecond over the native baseline's, same run. */
    readonly ratioToNative?: number;
  };
  /** The same stored rows inserted straight into a native table with the same indexes. */
  readonly nativeBulk: {
    readonly skipped?: string;
    readonly batches: number;
    readonly indexes: number;
    readonly seconds: number;
    readonly recordsPerSecond: number;
    readonly databaseCpuMsPerBatch: number;
  };
  readonly get: LoadResult;
  readonly list: LoadResult;
  readonly create: LoadResult;
  readonly update: LoadResult;
  readonly memory: {
    readonly idleRssMiB: number;
    readonly loadRssMiB: number;
    readonly idleAfterLoadRssMiB: number;
  };
  readonly pass: Record<string, boolean>;
}

export function runApiBench(options: {
  readonly databaseUrl: string;
  readonly log?: (message: string) => void;
  readonly records?: number;
  readonly accounts?: number;
  readonly concurrency?: number;
  readonly requests?: {
    readonly get: number;
    readonly list: number;
    readonly create: number;
    readonly update: number;
  };
  readonly capMs?: number;
  readonly bulkCapMs?: number;
  readonly serverMain?: string;
  readonly profileDir?: string;
  /** No opportunity is won, so no rollup moves (what the rollups cost). */
  readonly withoutWins?: boolean;
}): Promise<ApiBenchResult>;
