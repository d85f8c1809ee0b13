import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from './http-load-client.mjs';

/** What the test server answers at each path; anything else echoes the request as JSON. */
const ROUTES: Record<string, (response: ServerResponse, body: string) => void> = {
  '/missing': (response) => {
    response.statusCode = 404;
    response.end('{"error":"/missing"}');
  },
  '/chunked': (response) => {
    response.setHeader('content-type', 'text/plain; charset=utf-8');
    response.write('客户');
    setTimeout(() => {
      response.write(`-${'x'.repeat(70_000)}-`);
      response.end('商机');
    }, 5);
  },
  '/empty': (response) => {
    response.statusCode = 204;
    response.end();
  },
  '/cookies': (response) => {
    response.setHeader('set-cookie', ['a=1; Path=/', 'b=2; HttpOnly']);
    response.setHeader('etag', 'W/"3"');
    response.end('ok');
  },
  '/close': (response) => {
    response.setHeader('connection', 'close');
    response.end('bye');
  },
};

describe('the API bench load generator', () => {
  let server: Server;
  let base = '';
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    server = createServer((request, response) => {
      sockets.add(request.socket);
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const route = ROUTES[request.url ?? ''];
        if (route !== undefined) return route(response, body);
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            method: request.method,
            url: request.url,
            body,
            header: request.headers['x-bench'] ?? null,
          }),
        );
      });
    });
    // Idle keep-alive sockets are closed quickly, as a bare node:http server does after 5 s.
    server.keepAliveTimeout = 200;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends bodies and headers, reads answers and keeps to its keep-alive sockets', async () => {
    sockets.clear();
    const client = createHttpClient(base, 2);
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          client.send('POST', `/echo/${i}`, {
            headers: { 'x-bench': `n${i}` },
            body: JSON.stringify({ i, name: '客户' }),
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      expect(JSON.parse(answers[7]?.text ?? '{}')).toEqual({
        method: 'POST',
        url: '/echo/7',
        body: '{"i":7,"name":"客户"}',
        header: 'n7',
      });
      expect(answers[7]?.headers['content-type']).toBe('application/json');
      expect(sockets.size).toBe(2);
    } finally {
      client.close();
    }
  });

  it('only counts the body of a 200 it is told to discard, and keeps any other', async () => {
    const client = createHttpClient(base, 1);
    try {
      expect(await client.send('GET', '/echo', { discard: true })).toMatchObject({
        status: 200,
        text: '',
      });
      const missing = await client.send('GET', '/missing', { discard: true });
      expect(missing).toMatchObject({ status: 404, text: '{"error":"/missing"}' });
    } finally {
      client.close();
    }
  });

  it('reads chunked bodies split across reads, bodiless answers and repeated headers', async () => {
    const client = createHttpClient(base, 1);
    try {
      const chunked = await client.send('GET', '/chunked');
      expect(chunked.status).toBe(200);
      expect(chunked.text).toBe(`客户-${'x'.repeat(70_000)}-商机`);
      expect(await client.send('DELETE', '/empty')).toMatchObject({ status: 204, text: '' });
      const cookies = await client.send('GET', '/cookies');
      expect(cookies.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
      expect(cookies.headers.etag).toBe('W/"3"');
      // The same socket still serves the next request after all three.
      expect((await client.send('GET', '/echo/after')).status).toBe(200);
    } finally {
      client.close();
    }
  });

  it('opens a new connection after the server closes one, after an answer or while idle', async () => {
    const client = createHttpClient(base, 1);
    try {
      expect(await client.send('GET', '/close')).toMatchObject({ status: 200, text: 'bye' });
      expect(JSON.parse((await client.send('GET', '/echo/next')).text).url).toBe('/echo/next');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(JSON.parse((await client.send('GET', '/echo/later')).text).url).toBe('/echo/later');
    } finally {
      client.close();
    }
  });

  it('fails a request whose connection is refused instead of waiting for it', async () => {
    const client = createHttpClient('http://127.0.0.1:1', 1);
    try {
      await expect(client.send('GET', '/')).rejects.toThrow();
    } finally {
      client.close();
    }
  });
});
