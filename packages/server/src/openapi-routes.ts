import type { MetadataContext, MetadataService } from '@tangram/engine';
import type { ObjectDoc } from '@tangram/schema';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document.js';
import { renderOpenApiTypes } from './openapi-typescript.js';
import type { RequestContextResolver } from './request-context.js';

/** Reads the published objects of the caller's tenant. */
export type PublishedObjectsReader = (ctx: MetadataContext) => Promise<readonly ObjectDoc[]>;

/** What the OpenAPI route needs: where the objects come from and who is asking. */
export interface OpenApiRoutesOptions {
  readonly listObjects: PublishedObjectsReader;
  readonly resolveContext: RequestContextResolver;
}

/** The published objects of a tenant, read through the metadata service. */
export function publishedObjectsOf(metadata: MetadataService): PublishedObjectsReader {
  return async (ctx) => {
    const summaries = await metadata.list(ctx, { kind: 'object' });
    const published = summaries.filter((summary) => summary.publishedVersion !== null);
    const entries = await Promise.all(
      published.map((summary) => metadata.get(ctx, 'object', summary.name, { state: 'published' })),
    );
    return entries.map((entry) => entry.document as unknown as ObjectDoc);
  };
}

/**
 * `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the caller's tenant, and
 * `GET /api/v1/openapi.ts`: the TypeScript types of the same document, for the typed client.
 */
export const openApiRoutes: FastifyPluginAsync<OpenApiRoutesOptions> = async (app, options) => {
  const documentOf = async (request: FastifyRequest): Promise<OpenApiDocument> => {
    const ctx = await options.resolveContext(request);
    return buildOpenApiDocument({
      objects: await options.listObjects(ctx),
      serverUrl: `${request.protocol}://${request.host}`,
    });
  };
  app.get('/api/v1/openapi.json', documentOf);
  app.get('/api/v1/openapi.ts', async (request, reply) => {
    const types = renderOpenApiTypes(await documentOf(request));
    return reply.type('text/plain; charset=utf-8').send(types);
  });
};
