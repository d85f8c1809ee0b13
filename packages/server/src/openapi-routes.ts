import type { MetadataContext, MetadataService } from '@tangram/engine';
import type { ObjectDoc } from '@tangram/schema';
import type { FastifyPluginAsync } from 'fastify';
import { buildOpenApiDocument } from './openapi-document.js';
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

/** `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the caller's tenant. */
export const openApiRoutes: FastifyPluginAsync<OpenApiRoutesOptions> = async (app, options) => {
  app.get('/api/v1/openapi.json', async (request) => {
    const ctx = await options.resolveContext(request);
    return buildOpenApiDocument({
      objects: await options.listObjects(ctx),
      serverUrl: `${request.protocol}://${request.host}`,
    });
  });
};
