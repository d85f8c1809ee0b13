import type { AuditEvent, MetadataService } from '@tangram/engine';

/**
 * The metadata service with every publish and revert written to the security audit log: role
 * documents are permissions, so a role change is a publish, and an auditor must see it.
 */
export function auditedMetadata(
  metadata: MetadataService,
  audit: (event: AuditEvent) => Promise<void>,
): MetadataService {
  return {
    ...metadata,
    async publish(ctx, options) {
      const result = await metadata.publish(ctx, options);
      if (result.published.length > 0) {
        await audit({
          tenantId: ctx.tenantId,
          actorId: ctx.actorId,
          action: 'metadata.published',
          target: result.published.map((p) => `${p.kind}/${p.name}@${p.version}`).join(','),
          details: {
            published: result.published,
            ...(options?.message === undefined ? {} : { message: options.message }),
          },
        });
      }
      return result;
    },
    async revert(ctx, kind, name, options) {
      const result = await metadata.revert(ctx, kind, name, options);
      await audit({
        tenantId: ctx.tenantId,
        actorId: ctx.actorId,
        action: 'metadata.reverted',
        target: `${kind}/${name}@${result.version}`,
        details: { ...result },
      });
      return result;
    },
  };
}
