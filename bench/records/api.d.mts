// Types of api.mjs for the TypeScript smoke test.

export type { HttpAnswer, HttpClient } from './http-load-client.mjs';
export { createHttpClient } from './http-load-client.mjs';

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

/** A phase's figures, then the same requests' on the bare server (native-api.mjs). */
export type PhaseResult = LoadResult & {
  readonly native:
    | { readonly skipped: string }
    | (Pick<
        LoadResult,
        | 'errors'
        | 'firstError'
        | 'perSecond'
        | 'medianMs'
        | 'serverCpuMsPerRequest'
        | 'databaseCpuMsPerRequest'
        | 'machineBusyPercent'
      > & { readonly skipped?: undefined });
  /** perSecond over the bare server's, same run. */
  readonly ratioToNative?: number;
};

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
  readonly get: PhaseResult;
  readonly list: PhaseResult;
  readonly create: PhaseResult;
  readonly update: PhaseResult;
  /** The app's own reads, each alone: median and p95 of their runs, and any status but 200. */
  readonly appReads: Record<
    | 'defaultList'
    | 'lookupFilteredList'
    | 'expandedList'
    | 'lookupPicker'
    | 'recentRecords'
    | 'searchCommonWord'
    | 'searchAbsentWord'
    | 'accountTimeline'
    | 'updatedAtSort',
    {
      readonly runs: number;
      readonly medianMs: number;
      readonly p95Ms: number;
      readonly statuses: readonly number[];
    }
  >;
  /** next_step changed from text to long text, with one writer updating other fields alongside. */
  readonly typeChange:
    | { readonly skipped: string }
    | {
        readonly skipped?: undefined;
        readonly total: number;
        readonly converted: number;
        readonly previewMs: number;
        readonly applyMs: number;
        readonly recordsPerSecond: number;
        readonly writesDuringApply: number;
        readonly failedWritesDuringApply: number;
        readonly firstFailedWrite: string | null;
        readonly writeMedianMs: number;
        readonly writeMaxMs: number;
      };
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
