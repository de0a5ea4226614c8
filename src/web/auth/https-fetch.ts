import { request } from 'node:https';

/**
 * A `fetch` for openid-client that trusts exactly the given CA (the development CA, or the
 * municipality's internal CA): the global fetch offers no per-call trust anchor without an extra
 * package, and `allowInsecureRequests` would switch TLS checking off altogether.
 */
export function fetchTrusting(ca: string | Buffer): (url: string, init: RequestInit) => Promise<Response> {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const body = typeof init.body === 'string' ? init.body : init.body instanceof URLSearchParams ? init.body.toString() : undefined;
      if (init.body !== undefined && init.body !== null && body === undefined) {
        reject(new TypeError('fetchTrusting: alleen tekst als body'));
        return;
      }
      const req = request(target, { method: init.method ?? 'GET', headers, ca, signal: init.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue;
            for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
          }
          const status = res.statusCode ?? 500;
          const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(payload, { status, headers: responseHeaders }));
        });
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
}
