/**
 * Forwarding a gateway call to its service over node:http(s) with keep-alive connections: one agent per scheme
 * and process, its sockets kept open between calls (a service is asked again and again), at most
 * UPSTREAM_SOCKETS per service at once. The answer is read whole (a gateway answer is logged with its status,
 * then sent on). No redirect is followed, no content is decoded (the consumer's own accept headers go on).
 * Global fetch did the same with a few times more work per call (streams, Headers, an AbortSignal's timer).
 */
import http from 'node:http';
import https from 'node:https';

export interface UpstreamAnswer {
  status: number;
  contentType: string | null;
  body: Buffer;
}

/** Sockets open to one service at most (calls beyond wait for one). */
const UPSTREAM_SOCKETS = 64;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: UPSTREAM_SOCKETS, maxFreeSockets: UPSTREAM_SOCKETS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: UPSTREAM_SOCKETS, maxFreeSockets: UPSTREAM_SOCKETS }),
};

/**
 * Sends one request and reads the whole answer; rejects on a network error, a malformed answer or when the
 * whole exchange takes more than `timeoutMs`.
 */
export function requestUpstream(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: Buffer; timeoutMs: number },
): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch (error) {
      reject(error);
      return;
    }
    const scheme = target.protocol === 'https:' ? 'https:' : target.protocol === 'http:' ? 'http:' : null;
    if (!scheme) {
      reject(new Error(`unsupported scheme ${target.protocol}`));
      return;
    }
    const headers: Record<string, string> = { ...options.headers };
    if (options.body) headers['content-length'] = String(options.body.length);
    const request = (scheme === 'https:' ? https : http).request(target, {
      method: options.method,
      headers,
      agent: agents[scheme],
    });
    const timer = setTimeout(() => request.destroy(new Error('upstream timeout')), options.timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    request.on('error', fail);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('aborted', () => fail(new Error('upstream answer aborted')));
      response.on('end', () => {
        clearTimeout(timer);
        const type = response.headers['content-type'];
        resolve({
          status: response.statusCode ?? 502,
          contentType: typeof type === 'string' ? type : null,
          body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
        });
      });
    });
    request.end(options.body);
  });
}
