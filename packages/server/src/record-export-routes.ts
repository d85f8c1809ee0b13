import type { ApiRecord, RecordContext, RecordReadRequest, RecordService } from '@tangram/engine';
import { EXPANDED_KEY } from '@tangram/engine';
import type { FastifyPluginAsync } from 'fastify';
import { csvCell } from './audit-routes.js';
import {
  checkFilterSize,
  parseFieldsParam,
  parseFilterParam,
  parseSortParam,
} from './record-query-params.js';
import type { RequestContextResolver } from './request-context.js';

/** What the record export route needs. */
export interface RecordExportRoutesOptions {
  readonly records: RecordService;
  readonly resolveContext: RequestContextResolver;
}

/** Most records one export holds. */
export const MAX_EXPORT_ROWS = 10_000;

const PAGE = 200;

interface ExportQuerystring {
  readonly filter?: string;
  readonly sort?: string;
  readonly fields?: string;
  readonly q?: string;
}

function columnsOf(records: readonly ApiRecord[]): string[] {
  const columns = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) if (key !== EXPANDED_KEY) columns.add(key);
  }
  return [...columns];
}

/**
 * `GET /api/v1/objects/{object}/records/export.csv`: the records a filter, sort and search select,
 * as CSV (UTF-8 with BOM), at most MAX_EXPORT_ROWS. It reads through the record service with
 * `purpose: 'export'`, so the access planner requires the export permission, applies the same
 * record predicate and field visibility as a list, masks sensitive values and audits the export.
 */
export const recordExportRoutes: FastifyPluginAsync<RecordExportRoutesOptions> = async (
  app,
  options,
) => {
  app.get<{ Params: { object: string }; Querystring: ExportQuerystring }>(
    '/export.csv',
    {
      schema: {
        params: {
          type: 'object',
          required: ['object'],
          properties: { object: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            filter: { type: 'string', maxLength: 20_000 },
            sort: { type: 'string', maxLength: 500 },
            fields: { type: 'string', maxLength: 5_000 },
            q: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
    async (request, reply) => {
      const ctx = (await options.resolveContext(request)) as RecordContext;
      const exporting = { ...ctx, purpose: 'export' as const };
      const { query } = request;
      const filter = query.filter === undefined ? undefined : parseFilterParam(query.filter);
      if (filter !== undefined) checkFilterSize(filter);
      const base: RecordReadRequest = {
        limit: PAGE,
        ...(filter === undefined ? {} : { filter }),
        ...(query.sort === undefined ? {} : { sort: parseSortParam(query.sort) }),
        ...(query.fields === undefined ? {} : { fields: parseFieldsParam(query.fields) }),
        ...(query.q === undefined ? {} : { search: query.q }),
      };
      const records: ApiRecord[] = [];
      let cursor: string | null = null;
      do {
        const page = await options.records.query(exporting, request.params.object, {
          ...base,
          ...(cursor === null ? {} : { cursor }),
        });
        records.push(...page.records);
        cursor = page.nextCursor;
      } while (cursor !== null && records.length < MAX_EXPORT_ROWS);
      const rows = records.slice(0, MAX_EXPORT_ROWS);
      const columns = columnsOf(rows);
      const lines = [
        columns.map(csvCell).join(','),
        ...rows.map((record) => columns.map((c) => csvCell(record[c])).join(',')),
      ];
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.object}.csv"`)
        .header('x-tangram-truncated', String(cursor !== null || records.length > MAX_EXPORT_ROWS));
      return `\uFEFF${lines.join('\r\n')}\r\n`;
    },
  );
};
