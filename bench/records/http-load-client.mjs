// The API bench's load generator client: HTTP/1.1 over keep-alive sockets written to and read
// from directly, one request in flight on each socket.
import { connect } from 'node:net';

const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/** Statuses whose answers never have a body (RFC 9110 §6.4.1). */
const BODILESS = new Set([204, 304]);

/**
 * The reading side of one answer: its head, then its body by `content-length`, by chunks, or up to
 * the connection's end. `discard` counts a 200's body without keeping it.
 */
function createAnswerReader(discard) {
  let pending = null;
  let head = null;
  let keep = true;
  const chunks = [];
  let remaining = 0;
  let framing = 'length';
  // Chunked bodies: the bytes not yet framed, and what is left of the chunk being read (-1: its
  // size line comes next, -2: the CRLF after its data).
  let unframed = null;
  let chunkLeft = -1;

  const parseHead = (bytes, end) => {
    const lines = bytes.toString('latin1', 0, end).split('\r\n');
    const status = Number(lines[0].slice(9, 12));
    const headers = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'set-cookie') headers[name] = [...(headers[name] ?? []), value];
      else headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    head = { status, headers };
    keep = !(discard && status === 200);
    if (BODILESS.has(status)) {
      framing = 'length';
      remaining = 0;
    } else if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
      framing = 'chunked';
    } else if (headers['content-length'] !== undefined) {
      framing = 'length';
      remaining = Number(headers['content-length']);
    } else {
      framing = 'close';
    }
  };

  const keepBytes = (bytes) => {
    if (keep && bytes.length > 0) chunks.push(bytes);
  };

  // Returns true once the last chunk and the trailer's end are read.
  const readChunks = (bytes) => {
    unframed = unframed === null ? bytes : Buffer.concat([unframed, bytes]);
    for (;;) {
      if (chunkLeft > 0) {
        const take = Math.min(chunkLeft, unframed.length);
        keepBytes(unframed.subarray(0, take));
        unframed = unframed.subarray(take);
        chunkLeft -= take;
        if (chunkLeft > 0) return false;
        chunkLeft = -2;
      }
      if (chunkLeft === -2) {
        if (unframed.length < 2) return false;
        unframed = unframed.subarray(2);
        chunkLeft = -1;
      }
      const lineEnd = unframed.indexOf(CRLF);
      if (lineEnd < 0) return false;
      const size = Number.parseInt(unframed.toString('latin1', 0, lineEnd), 16);
      if (!Number.isFinite(size)) throw new Error('malformed chunk size');
      // The last chunk; an optional trailer follows, and an empty line ends the answer.
      if (size === 0) return unframed.indexOf(HEAD_END, lineEnd) >= 0;
      unframed = unframed.subarray(lineEnd + 2);
      chunkLeft = size;
    }
  };

  const answer = () => ({
    status: head.status,
    headers: head.headers,
    text: keep ? Buffer.concat(chunks).toString('utf8') : '',
  });

  return {
    /** Takes the next bytes read; returns the answer once it is whole, else undefined. */
    take(bytes) {
      let body = bytes;
      if (head === null) {
        pending = pending === null ? bytes : Buffer.concat([pending, bytes]);
        const end = pending.indexOf(HEAD_END);
        if (end < 0) return undefined;
        parseHead(pending, end);
        body = pending.subarray(end + 4);
        pending = null;
      }
      if (framing === 'chunked') return readChunks(body) ? answer() : undefined;
      if (framing === 'close') {
        keepBytes(body);
        return undefined;
      }
      keepBytes(remaining < body.length ? body.subarray(0, remaining) : body);
      remaining -= Math.min(remaining, body.length);
      return remaining === 0 ? answer() : undefined;
    },
    /** The answer of a connection that ended: whole when framed by the end, else none. */
    ended() {
      if (head !== null && framing === 'close') return answer();
      return undefined;
    },
    /** Whether the server said it closes the connection after this (whole) answer. */
    closes() {
      return /\bclose\b/i.test(head?.headers.connection ?? '');
    },
  };
}

/** One keep-alive connection: sends a request and reads its answer, one at a time. */
function createConnection(hostname, port, onGone) {
  const socket = connect({ host: hostname, port, noDelay: true });
  let current = null;
  let gone = false;
  const finish = (error, answer) => {
    const request = current;
    current = null;
    if (request === null) return;
    if (error) request.reject(error);
    else request.resolve(answer);
  };
  const end = (error) => {
    if (gone) return;
    gone = true;
    const answer = current?.reader.ended();
    if (answer !== undefined) finish(null, answer);
    else finish(error ?? new Error('connection closed before the answer'));
    onGone(connection);
  };
  socket.on('data', (bytes) => {
    if (current === null) return;
    let answer;
    try {
      answer = current.reader.take(bytes);
    } catch (error) {
      socket.destroy();
      end(error);
      return;
    }
    if (answer === undefined) return;
    const closes = current.reader.closes();
    finish(null, answer);
    if (closes) {
      socket.destroy();
      end();
    }
  });
  socket.on('error', (error) => end(error));
  socket.on('close', () => end());
  const connection = {
    get usable() {
      return !gone;
    },
    send(bytes, discard) {
      return new Promise((resolve, reject) => {
        current = { resolve, reject, reader: createAnswerReader(discard) };
        socket.write(bytes);
      });
    },
    close() {
      socket.destroy();
    },
  };
  return connection;
}

/**
 * An HTTP/1.1 client on `sockets` keep-alive connections to `base`, for the load generator: it
 * shares the two cores with the server it measures, so it parses only what a bench reads (the
 * status, the headers, the body by its length or chunks). node:http's client spent about twice
 * its CPU per request (docs/benchmarks.md). `send` resolves to `{ status, headers, text }`, headers by
 * lower-case name (`set-cookie` as a list); `discard` only counts a 200's body.
 */
export function createHttpClient(base, sockets) {
  const { hostname, port } = new URL(base);
  const host = `host: ${hostname}:${port}\r\n`;
  const idle = [];
  const waiting = [];
  const all = new Set();
  const gone = (connection) => {
    all.delete(connection);
    const at = idle.indexOf(connection);
    if (at >= 0) idle.splice(at, 1);
    const next = waiting.shift();
    if (next !== undefined) acquire().then(next.resolve, next.reject);
  };
  const acquire = () => {
    while (idle.length > 0) {
      const connection = idle.pop();
      if (connection.usable) return Promise.resolve(connection);
    }
    if (all.size < sockets) {
      const connection = createConnection(hostname, Number(port), gone);
      all.add(connection);
      return Promise.resolve(connection);
    }
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const release = (connection) => {
    if (!connection.usable) return;
    const next = waiting.shift();
    if (next !== undefined) next.resolve(connection);
    else idle.push(connection);
  };
  return {
    /** Sends one request; resolves to `{ status, headers, text }`. */
    async send(method, path, { headers = {}, body, discard = false } = {}) {
      let head = `${method} ${path} HTTP/1.1\r\n${host}`;
      for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
      const payload = body === undefined ? undefined : Buffer.from(body);
      if (payload !== undefined) head += `content-length: ${payload.length}\r\n`;
      const bytes =
        payload === undefined
          ? Buffer.from(`${head}\r\n`, 'latin1')
          : Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), payload]);
      const connection = await acquire();
      try {
        return await connection.send(bytes, discard);
      } finally {
        release(connection);
      }
    },
    close() {
      for (const connection of all) connection.close();
      for (const next of waiting.splice(0)) next.reject(new Error('client closed'));
    },
  };
}
