// Types of pg-server.mjs for the TypeScript tests.

export function createFreshDatabase(
  adminUrl: string,
  prefix?: string,
): Promise<{ readonly name: string; readonly url: string; drop(): Promise<unknown> }>;

export function connectClient(url: string): Promise<{
  query(text: string): Promise<{ readonly rows: readonly Record<string, unknown>[] }>;
  end(): Promise<void>;
}>;
