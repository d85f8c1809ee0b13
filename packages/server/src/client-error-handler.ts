import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type AppError, BAD_REQUEST } from '@tangram/errors';
import { HEADERS_TOO_LARGE, REQUEST_TIMEOUT } from './server-errors.js';

function appErrorOf(error: NodeJS.ErrnoException): AppError {
  if (error.code === 'HPE_HEADER_OVERFLOW') return HEADERS_TOO_LARGE();
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return REQUEST_TIMEOUT();
  return BAD_REQUEST({ reason: 'The HTTP request could not be parsed.' });
}

/**
 * Answers a request that Node's HTTP parser refused before any route saw it (headers too large,
 * a request line that is not HTTP, a client too slow) in the API's one error format, then closes
 * the connection, whose remaining bytes cannot be trusted.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const appError = appErrorOf(error);
  if (socket.writable) {
    const body = JSON.stringify(appError.toJSON());
    socket.write(
      `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
