import type {
  AccessService,
  MetadataService,
  Principal,
  RecordContext,
  RecordService,
} from '@tangram/engine';
import { MAX_BULK_SIZE, PERMISSION_DENIED, uneditableFields } from '@tangram/engine';
import { BAD_REQUEST } from '@tangram/errors';
import type { FieldDef, ObjectDoc } from '@tangram/schema';
import type { FastifyPluginAsync } from 'fastify';
import { CSV_ENCODINGS, type CsvEncoding, decodeCsv } from './csv-decode.js';
import { parseCsv } from './csv-parse.js';
import { importCellValue } from './import-cell-value.js';
import { objectParams, toRowResult } from './record-routes.js';
import type { RequestContextResolver } from './request-context.js';

/** What the record import route needs. */
export interface RecordImportRoutesOptions {
  readonly records: RecordService;
  readonly metadata: MetadataService;
  readonly resolveContext: RequestContextResolver;
  /**
   * The access service the secured record service decides by: with it, the fields the file's
   * columns name are checked for edit access before any row is written.
   */
  readonly access?: Pick<AccessService, 'objectAccess'>;
}

/** Most data rows one import takes. */
export const MAX_IMPORT_ROWS = 5_000;
/** Largest CSV file one import takes: ten MiB. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

interface ImportQuerystring {
  readonly encoding?: CsvEncoding;
  readonly headerRow?: number;
}

// A header names a field by its machine name or by its label in any language.
function fieldOfHeader(object: ObjectDoc, header: string): FieldDef | undefined {
  const name = header.trim();
  return (
    object.fields.find((f) => f.name === name) ??
    object.fields.find((f) => Object.values(f.label ?? {}).some((label) => label.trim() === name))
  );
}

/**
 * Refuses, with 403 PERMISSION_DENIED naming them, the fields of `columns` the principal may not
 * edit, under the rule the secured record service applies to each row it creates. Rows are
 * written in chunks that commit alone and leave empty cells out, so that check alone would let
 * the rows before the first chunk setting such a field in, and a column left empty through.
 */
async function checkColumnsEditable(
  access: Pick<AccessService, 'objectAccess'>,
  principal: Principal,
  objectName: string,
  columns: readonly FieldDef[],
  headerRow: number,
): Promise<void> {
  const granted = await access.objectAccess(principal, objectName);
  // Without the import or create permission the record service refuses, naming the action.
  if (!granted.actions.import || !granted.actions.create) return;
  const denied = uneditableFields(
    granted,
    columns.map((f) => f.name),
  );
  if (denied.length > 0) {
    throw PERMISSION_DENIED({
      object: objectName,
      fields: denied,
      reason: 'not editable',
      line: headerRow,
    });
  }
}

/**
 * `POST /api/v1/objects/{object}/records/import.csv?encoding=auto|utf-8|gbk&headerRow=1`: the
 * raw CSV file as the body (UTF-8 with or without BOM, or GBK as Excel in China saves it). The
 * row `headerRow` (1-based; lines above it, like an export's preamble, are skipped) names fields
 * by name or label; columns naming no field are listed in `ignoredColumns`; cells are trimmed and
 * empty ones left out. Every column's field must be editable by the caller, checked before any
 * row is written. The rows are created through the record service with `purpose: 'import'`, so
 * the access planner requires the import and create permissions (and edit access to each row's
 * fields), and audits the import. The answer has one result per data row, with its line.
 */
export const recordImportRoutes: FastifyPluginAsync<RecordImportRoutesOptions> = async (
  app,
  options,
) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.post<{ Params: { object: string }; Querystring: ImportQuerystring; Body: Buffer }>(
    '/import.csv',
    {
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        params: objectParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            encoding: { type: 'string', enum: [...CSV_ENCODINGS] },
            headerRow: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        },
      },
    },
    async (request) => {
      const ctx = (await options.resolveContext(request)) as RecordContext;
      const importing = { ...ctx, purpose: 'import' as const };
      const { object: objectName } = request.params;
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const text = decodeCsv(
        new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        request.query.encoding,
      );
      const headerRow = request.query.headerRow ?? 1;
      const table = parseCsv(text);
      const header = table[headerRow - 1];
      if (header === undefined) {
        throw BAD_REQUEST({ parameter: 'headerRow', reason: 'the file has no such row' });
      }
      const entry = await options.metadata.get(ctx, 'object', objectName, { state: 'published' });
      const object = entry.document as unknown as ObjectDoc;
      const columns = header.map((name) => fieldOfHeader(object, name));
      const named = columns.flatMap((f) => (f ? [f.name] : []));
      const twice = named.find((name, i) => named.indexOf(name) !== i);
      if (twice !== undefined) {
        throw BAD_REQUEST({ reason: 'two columns name the same field', field: twice });
      }
      if (named.length === 0) {
        throw BAD_REQUEST({ reason: 'no column names a field of the object', object: objectName });
      }
      const { principal } = ctx as { readonly principal?: Principal };
      if (options.access && principal) {
        const fields = columns.filter((f): f is FieldDef => f !== undefined);
        await checkColumnsEditable(options.access, principal, objectName, fields, headerRow);
      }
      const lines: number[] = [];
      const inputs: Record<string, unknown>[] = [];
      for (const [i, row] of table.entries()) {
        if (i < headerRow || row.every((cell) => cell.trim() === '')) continue;
        const input: Record<string, unknown> = {};
        for (const [c, field] of columns.entries()) {
          const cell = row[c]?.trim() ?? '';
          if (field && cell !== '') input[field.name] = importCellValue(field, cell);
        }
        lines.push(i + 1);
        inputs.push(input);
      }
      if (inputs.length > MAX_IMPORT_ROWS) {
        throw BAD_REQUEST({ reason: `at most ${MAX_IMPORT_ROWS} rows`, rows: inputs.length });
      }
      const results = [];
      // At least one call, so that an import without rows is still checked and audited.
      let start = 0;
      do {
        const chunk = inputs.slice(start, start + MAX_BULK_SIZE);
        for (const row of await options.records.bulkCreate(importing, objectName, chunk)) {
          const result = toRowResult(row, 201, request.log);
          results.push({ ...result, index: start + row.index, line: lines[start + row.index] });
        }
        start += MAX_BULK_SIZE;
      } while (start < inputs.length);
      const created = results.filter((row) => row.status < 400).length;
      return {
        created,
        failed: results.length - created,
        ignoredColumns: header
          .filter((_, c) => columns[c] === undefined)
          .map((h) => h.trim())
          .filter((h) => h !== ''),
        results,
      };
    },
  );
};
