// Types of smoke.mjs for the TypeScript smoke test.

export interface TimingSummary {
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
}

export interface QueryComparison {
  readonly name: string;
  readonly records: TimingSummary;
  readonly native: TimingSummary;
  readonly ratio: number;
  readonly rows: number;
  readonly identical: boolean;
  readonly recordIds: readonly string[];
  readonly nativeIds: readonly string[];
  readonly page?: number;
}

export interface StorageResults {
  readonly tenantId: string;
  readonly firstPage: QueryComparison;
  readonly deepPage: QueryComparison;
  readonly lookupPage: QueryComparison;
  readonly insertRate: {
    readonly inserts: number;
    readonly records: TimingSummary & { readonly rowsPerSecond: number };
    readonly native: TimingSummary & { readonly rowsPerSecond: number };
    readonly ratio: number;
  };
  /** Null where the executor has no prepared statements (always in the smoke run). */
  readonly preparedInsertRate: StorageResults['insertRate'] | null;
  readonly addField: TimingSummary & {
    readonly fieldsAfter: number;
    readonly recordsTableUntouched: boolean;
  };
  readonly pass: Readonly<Record<string, boolean>>;
}

export interface SmokeResults {
  readonly scale: { readonly totalRecords: number; readonly fieldAdds: number };
  readonly dataset: {
    readonly counts: {
      readonly records: number;
      readonly native_opportunity: number;
      readonly native_account: number;
    };
  };
  readonly storage: StorageResults;
}

/** Generates the smoke dataset into a migrated database and runs every storage measurement. */
export function runSmokeBench(db: {
  readonly kysely: { executeQuery(query: unknown): Promise<{ rows: unknown[] }> };
}): Promise<SmokeResults>;
