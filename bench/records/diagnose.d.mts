// Types of diagnose.mjs for the TypeScript smoke test.

import type { ApiBenchResult } from './api.mjs';

export interface DiagnosedStatement {
  readonly calls: number;
  readonly totalMs: number;
  readonly msPerBulkRequest: number;
  readonly rows: number;
  readonly query: string;
}

export interface BulkDiagnosis {
  readonly skipped?: string;
  readonly records?: number;
  readonly bulkCreate?: ApiBenchResult['bulkCreate'];
  readonly nativeBulk?: ApiBenchResult['nativeBulk'];
  readonly statements?: readonly DiagnosedStatement[];
  readonly statementsUnavailable?: string;
}

export function diagnoseBulk(options: {
  readonly adminUrl: string;
  readonly records?: number;
  readonly accounts?: number;
  readonly top?: number;
  readonly log?: (message: string) => void;
  readonly withoutWins?: boolean;
}): Promise<BulkDiagnosis>;
