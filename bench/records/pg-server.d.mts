// Types of pg-server.mjs for the TypeScript tests.

export function createFreshDatabase(
  adminUrl: string,
  prefix?: string,
): Promise<{ readonly name: string; readonly url: string; drop(): Promise<unknown> }>;
