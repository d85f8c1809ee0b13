import {
  type AccessService,
  type AttachmentService,
  type AuthService,
  createGlobalSearch,
  createRecentRecords,
  createRecordTimeline,
  type DirectoryService,
  type MetadataService,
  type RecordService,
  type RecordStore,
  type SavedViewService,
} from '@tangram/engine';
import { NOT_FOUND } from '@tangram/errors';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { attachmentRoutes } from './attachment-routes.js';
import { auditRoutes } from './audit-routes.js';
import {
  checkTokenScope,
  createAuthHook,
  createDesignGuard,
  maybePrincipalOf,
} from './auth-request.js';
import { authRoutes } from './auth-routes.js';
import { answerClientError } from './client-error-handler.js';
import { fieldTypeChangeRoutes } from './field-type-change-routes.js';
import { healthRoutes } from './health-routes.js';
import { identityRoutes } from './identity-routes.js';
import { metadataRoutes } from './metadata-routes.js';
import { openApiRoutes, publishedObjectsOf } from './openapi-routes.js';
import { recentRoutes } from './recent-routes.js';
import { recordExportRoutes } from './record-export-routes.js';
import { recordImportRoutes } from './record-import-routes.js';
import { recordRoutes } from './record-routes.js';
import { regionRoutes } from './region-routes.js';
import type { RequestContextResolver } from './request-context.js';
import { savedViewRoutes } from './saved-view-routes.js';
import { searchRoutes } from './search-routes.js';
import { timelineRoutes } from './timeline-routes.js';
import { toAppError } from './to-app-error.js';
import { guardUnstorableText } from './unstorable-text-guard.js';

/** The ports and hooks the HTTP API is built from; the composition root supplies them. */
export interface ServerOptions {
  readonly metadata: MetadataService;
  readonly resolveContext: RequestContextResolver;
  /** The record service; without it the record API is not served. */
  readonly records?: RecordService;
  /** Uploaded files of attachment fields; without it `/api/v1/attachments` is not served. */
  readonly attachments?: AttachmentService;
  /** Saved views; without it (or without records) `/api/v1/saved-views` is not served. */
  readonly savedViews?: SavedViewService;
  /** Who wrote which record last; without it (or without records) `/api/v1/recent` is not served. */
  readonly recentWrites?: Pick<RecordStore, 'recentWrites'>;
  /**
   * Sign-in and access: with it every /api/v1 route but sign-in's own needs a session cookie or
   * an API token, and `/api/v1/auth` is served. Without it (unit tests of single routes) nothing
   * is authenticated and `resolveContext` alone decides who asks.
   */
  readonly auth?: {
    readonly service: AuthService;
    readonly access: AccessService;
    /** Users, departments, roles, sharing and the audit log; not served when absent. */
    readonly directory?: DirectoryService;
  };
  /**
   * Runs a signed-in request's handler in its tenant's scope (row-level security on PostgreSQL
   * needs the database session to know the tenant); absent, handlers run as they are.
   */
  readonly runInTenant?: <T>(tenantId: string, fn: () => T) => T;
  /** Log requests and errors with pino (off by default, for tests). */
  readonly logger?: boolean;
  /** Extra facts for `GET /health`, such as the database backend. */
  readonly health?: () => Promise<object> | object;
}

/** Largest JSON body accepted: one MiB. */
export const BODY_LIMIT = 1024 * 1024;

/**
 * Builds the HTTP API (not listening yet): one plugin per resource and one error format,
 * `{ error: { code, message, details } }`, for every failure including unknown routes.
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // Unknown properties are errors, not silently dropped; report every problem at once.
    ajv: { customOptions: { removeAdditional: false, allErrors: true } },
    // A path parameter over 100 characters or a URL that is not valid percent-encoding is
    // answered before routing: in the one error format too.
    frameworkErrors: (error, _request, reply) => {
      const appError = toAppError(error);
      return (reply as FastifyReply).status(appError.status).send(appError.toJSON());
    },
    // What Node's HTTP parser refuses before routing (a URL past 16 KiB of headers, say) too.
    clientErrorHandler: answerClientError,
  });

  guardUnstorableText(app);
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(appError.status).send(appError.toJSON());
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(NOT_FOUND({ method: request.method, url: request.url }).toJSON()),
  );

  const run = options.runInTenant;
  // Every later stage of a signed-in request, handler included, in its tenant's scope.
  const inScope = <R>(request: FastifyRequest, fn: () => R): R => {
    const principal = run ? maybePrincipalOf(request) : undefined;
    return run && principal ? run(principal.tenant.id, fn) : fn();
  };
  if (run) {
    app.addHook('onRoute', (route) => {
      const handler = route.handler;
      route.handler = function scoped(this: FastifyInstance, request, reply) {
        return inScope(request, () => handler.call(this, request, reply));
      };
    });
  }
  app.register(healthRoutes, options.health ? { health: options.health } : {});
  if (options.auth) {
    app.addHook('onRequest', createAuthHook(options.auth.service));
    app.addHook('preHandler', checkTokenScope);
    const guard = createDesignGuard(options.auth.access);
    app.addHook('preHandler', (request) => inScope(request, () => guard(request)));
    app.register(authRoutes, {
      prefix: '/api/v1/auth',
      auth: options.auth.service,
      access: options.auth.access,
    });
    const { directory } = options.auth;
    if (directory) {
      app.register(identityRoutes, { prefix: '/api/v1/identity', directory });
      app.register(auditRoutes, { prefix: '/api/v1/audit', directory });
    }
  }
  app.register(regionRoutes, { prefix: '/api/v1/regions' });
  if (options.attachments) {
    app.register(attachmentRoutes, {
      prefix: '/api/v1/attachments',
      attachments: options.attachments,
      resolveContext: options.resolveContext,
    });
  }
  app.register(metadataRoutes, {
    prefix: '/api/v1/metadata',
    metadata: options.metadata,
    resolveContext: options.resolveContext,
  });
  app.register(openApiRoutes, {
    listObjects: publishedObjectsOf(options.metadata),
    resolveContext: options.resolveContext,
  });
  if (options.records) {
    app.register(recordRoutes, {
      prefix: '/api/v1/objects/:object/records',
      records: options.records,
      resolveContext: options.resolveContext,
    });
    app.register(recordExportRoutes, {
      prefix: '/api/v1/objects/:object/records',
      records: options.records,
      resolveContext: options.resolveContext,
    });
    app.register(recordImportRoutes, {
      prefix: '/api/v1/objects/:object/records',
      records: options.records,
      metadata: options.metadata,
      resolveContext: options.resolveContext,
      ...(options.auth ? { access: options.auth.access } : {}),
    });
    app.register(fieldTypeChangeRoutes, {
      prefix: '/api/v1/metadata/object/:name/fields/:field/type-change',
      records: options.records,
      resolveContext: options.resolveContext,
    });
    const reading = { metadata: options.metadata, records: options.records };
    app.register(searchRoutes, {
      prefix: '/api/v1/search',
      search: createGlobalSearch(reading),
      resolveContext: options.resolveContext,
    });
    app.register(timelineRoutes, {
      prefix: '/api/v1/objects/:object/records',
      timeline: createRecordTimeline(reading),
      resolveContext: options.resolveContext,
    });
    if (options.recentWrites) {
      app.register(recentRoutes, {
        prefix: '/api/v1/recent',
        recent: createRecentRecords({ ...reading, store: options.recentWrites }),
        resolveContext: options.resolveContext,
      });
    }
    if (options.savedViews) {
      app.register(savedViewRoutes, {
        prefix: '/api/v1/saved-views',
        savedViews: options.savedViews,
        resolveContext: options.resolveContext,
      });
    }
  }
  return app;
}
