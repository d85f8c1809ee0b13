import type { MetadataContext } from '@tangram/engine';
import type { FastifyRequest } from 'fastify';

/** Finds the tenant and actor a request acts as; supplied by the composition root. */
export type RequestContextResolver = (
  request: FastifyRequest,
) => MetadataContext | Promise<MetadataContext>;
