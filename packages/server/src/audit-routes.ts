import type { AuditLogEntry, DirectoryService } from '@tangram/engine';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { originOf, principalOf } from './auth-request.js';
import { xlsxSheet } from './xlsx-sheet.js';

/** What the audit log routes need. */
export interface AuditRoutesOptions {
  readonly directory: DirectoryService;
}

interface AuditQuerystring {
  readonly before?: string;
  readonly limit?: number;
  readonly action?: string;
  readonly actor?: string;
  readonly from?: string;
  readonly to?: string;
}

/** Most entries one export holds. */
export const MAX_AUDIT_EXPORT = 100_000;

const querystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    before: { type: 'string', pattern: '^[0-9]{1,19}$' },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
    action: { type: 'string', maxLength: 100 },
    actor: { type: 'string', maxLength: 100 },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
  },
} as const;

const CSV_COLUMNS = ['seq', 'at', 'actorId', 'action', 'ip', 'target', 'details'] as const;

/** One CSV cell: quoted, with formula-leading characters neutralised for spreadsheets. */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

function csvLine(entry: AuditLogEntry): string {
  return CSV_COLUMNS.map((column) => csvCell(entry[column])).join(',');
}

function filterOf(query: AuditQuerystring) {
  return {
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.actor === undefined ? {} : { actorId: query.actor }),
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
  };
}

/**
 * `/api/v1/audit`: the security audit log, newest first, keyset-paged by `before`, and its CSV
 * and XLSX exports. Auditors only; there is no route that changes or deletes an entry, and the table
 * refuses it too. Every export is itself audited.
 */
export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (app, options) => {
  const { directory } = options;

  app.get<{ Querystring: AuditQuerystring }>('/', { schema: { querystring } }, async (request) => {
    const { before, limit = 100 } = request.query;
    const entries = await directory.readAudit(principalOf(request), {
      ...filterOf(request.query),
      ...(before === undefined ? {} : { before }),
      limit: limit + 1,
    });
    const page = entries.slice(0, limit);
    return {
      entries: page,
      nextBefore: entries.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
    };
  });

  /** Up to MAX_AUDIT_EXPORT entries matching the filter, newest first, and the export audited. */
  async function exported(
    request: FastifyRequest<{ Querystring: AuditQuerystring }>,
    format: string,
  ) {
    const principal = principalOf(request);
    const filter = filterOf(request.query);
    const all: AuditLogEntry[] = [];
    let before: string | undefined;
    while (all.length < MAX_AUDIT_EXPORT) {
      const entries = await directory.readAudit(principal, {
        ...filter,
        ...(before === undefined ? {} : { before }),
        limit: 1000,
      });
      all.push(...entries);
      if (entries.length < 1000) break;
      before = entries[entries.length - 1]?.seq;
    }
    await directory.auditExport(principal, originOf(request), {
      rows: all.length,
      format,
      ...filter,
    });
    return all;
  }

  app.get<{ Querystring: AuditQuerystring }>(
    '/export.csv',
    { schema: { querystring } },
    async (request, reply) => {
      const entries = await exported(request, 'csv');
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"');
      const lines = [CSV_COLUMNS.join(','), ...entries.map(csvLine)];
      // A byte-order mark, so that Excel opens the UTF-8 (Chinese) text correctly.
      return `\uFEFF${lines.join('\r\n')}\r\n`;
    },
  );

  app.get<{ Querystring: AuditQuerystring }>(
    '/export.xlsx',
    { schema: { querystring } },
    async (request, reply) => {
      const entries = await exported(request, 'xlsx');
      const rows = entries.map((entry) =>
        CSV_COLUMNS.map((column) => {
          const value = entry[column];
          return value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);
        }),
      );
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="audit-log.xlsx"');
      return xlsxSheet('Audit log', [[...CSV_COLUMNS], ...rows]);
    },
  );
};
