// Types of http-load-client.mjs for the TypeScript tests.

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

export interface HttpClient {
  send(
    method: string,
    path: string,
    options?: {
      readonly headers?: Record<string, string>;
      readonly body?: string;
      readonly discard?: boolean;
    },
  ): Promise<HttpAnswer>;
  close(): void;
}

export function createHttpClient(base: string, sockets: number): HttpClient;
