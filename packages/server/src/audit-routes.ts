import type { AuditLogEntry, DirectoryService } from '@tangram/engine';
import type { FastifyPluginAsync } from 'fastify';
import { originOf, principalOf } from './auth-request.js';

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
 * export. Auditors only; there is no route that changes or deletes an entry, and the table
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

  app.get<{ Querystring: AuditQuerystring }>(
    '/export.csv',
    { schema: { querystring } },
    async (request, reply) => {
      const principal = principalOf(request);
      const filter = filterOf(request.query);
      const lines = [CSV_COLUMNS.join(',')];
      let before: string | undefined;
      let count = 0;
      while (count < MAX_AUDIT_EXPORT) {
        const entries = await directory.readAudit(principal, {
          ...filter,
          ...(before === undefined ? {} : { before }),
          limit: 1000,
        });
        for (const entry of entries) lines.push(csvLine(entry));
        count += entries.length;
        if (entries.length < 1000) break;
        before = entries[entries.length - 1]?.seq;
      }
      await directory.auditExport(principal, originOf(request), { rows: count, ...filter });
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"');
      // A byte-order mark, so that Excel opens the UTF-8 (Chinese) text correctly.
      return `\uFEFF${lines.join('\r\n')}\r\n`;
    },
  );
};
