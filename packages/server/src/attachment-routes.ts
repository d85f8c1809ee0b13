import { type AttachmentService, MAX_ATTACHMENT_BYTES } from '@tangram/engine';
import type { FastifyPluginAsync } from 'fastify';
import type { RequestContextResolver } from './request-context.js';

/** What the attachment routes need. */
export interface AttachmentRoutesOptions {
  readonly attachments: AttachmentService;
  readonly resolveContext: RequestContextResolver;
  /** Largest upload in bytes; MAX_ATTACHMENT_BYTES (20 MiB) by default. */
  readonly maxBytes?: number;
}

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * A Content-Disposition that no file name can break out of: an ASCII fallback with quotes and
 * backslashes replaced, and the real name percent-encoded in `filename*` (RFC 6266, RFC 5987).
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Files of attachment fields, stored by the server (ADR 0008). `POST /api/v1/attachments?name=`
 * takes the raw bytes as the body, whatever its Content-Type, and answers the reference to put in
 * the field; `GET /api/v1/attachments/:id` serves the bytes with the type sniffed at upload,
 * `nosniff`, a sandboxing CSP, and as a download unless it is an image. A file a record lists is
 * served only through `?object=&record=&field=` to whoever may read that record and field; a file
 * no record lists yet only to its uploader.
 */
export const attachmentRoutes: FastifyPluginAsync<AttachmentRoutesOptions> = async (
  app,
  options,
) => {
  const maxBytes = options.maxBytes ?? MAX_ATTACHMENT_BYTES;
  // In this plugin only, every body is bytes: a JSON or text file is stored, not parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) =>
    done(null, body),
  );

  app.post<{ Querystring: { name: string }; Body: Buffer }>(
    '/',
    {
      bodyLimit: maxBytes,
      schema: {
        querystring: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 1000 } },
        },
      },
    },
    async (request, reply) => {
      const ctx = await options.resolveContext(request);
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const file = await options.attachments.upload(ctx, {
        name: request.query.name,
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      });
      reply.status(201).header('location', `${app.prefix}/${file.id}`);
      return file;
    },
  );

  app.get<{
    Params: { id: string };
    Querystring: { object?: string; record?: string; field?: string };
  }>(
    '/:id',
    {
      schema: {
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: UUID } },
        },
        // A file a record lists is fetched through that record's field; all three or none.
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            object: { type: 'string', minLength: 1, maxLength: 63 },
            record: { type: 'string', minLength: 1, maxLength: 64 },
            field: { type: 'string', minLength: 1, maxLength: 63 },
          },
          dependencies: {
            object: ['record', 'field'],
            record: ['object', 'field'],
            field: ['object', 'record'],
          },
        },
      },
    },
    async (request, reply) => {
      const ctx = await options.resolveContext(request);
      const { object, record, field } = request.query;
      const { attachment, bytes, inline } = await options.attachments.download(
        ctx,
        request.params.id,
        object !== undefined && record !== undefined && field !== undefined
          ? { object, record, field }
          : undefined,
      );
      reply
        .header('content-type', attachment.contentType)
        .header('content-length', String(bytes.byteLength))
        .header(
          'content-disposition',
          contentDisposition(inline ? 'inline' : 'attachment', attachment.name),
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        // A file never changes under its id; access is checked on every request, so no shared cache.
        .header('cache-control', 'private, no-cache')
        .header('etag', `"${attachment.sha256}"`);
      return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  );
};
