import { request } from 'node:https';

export interface Page {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  url: URL;
  /** The raw Set-Cookie lines of this answer. */
  setCookies: string[];
}

interface StoredCookie {
  value: string;
  path: string;
}

/**
 * A browser's behaviour as far as login needs it, by hand: a cookie jar honouring Path and
 * deletion, and redirects followed one at a time so every hop can be asserted.
 */
export class Browser {
  readonly jar = new Map<string, StoredCookie>();
  constructor(
    readonly origin: string,
    private readonly ca: string,
  ) {}

  async request(method: string, target: string | URL, form?: Record<string, string>): Promise<Page> {
    const url = new URL(target, this.origin);
    if (url.origin !== this.origin) throw new Error(`browser: other origin ${url.origin}`);
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const cookie = [...this.jar].filter(([, c]) => url.pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`).join('; ');
    const headers: Record<string, string> = { Accept: 'text/html' };
    if (cookie) headers.Cookie = cookie;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const page = await new Promise<Page>((resolve, reject) => {
      const req = request(url, { method, headers, ca: this.ca, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), url, setCookies: res.headers['set-cookie'] ?? [] }),
        );
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
    for (const line of page.setCookies) this.store(line);
    return page;
  }

  /** Request, then follow 3xx answers (GET) until a page; returns every hop, the last one the page. */
  async follow(method: string, target: string | URL, form?: Record<string, string>): Promise<Page[]> {
    const hops = [await this.request(method, target, form)];
    for (let i = 0; i < 20; i++) {
      const last = hops[hops.length - 1]!;
      if (last.status < 300 || last.status > 399) return hops;
      hops.push(await this.request('GET', new URL(String(last.headers.location), last.url)));
    }
    throw new Error(`browser: too many redirects: ${hops.map((h) => `${h.status} ${h.url.pathname}${h.url.search.slice(0, 40)} -> ${h.headers.location} ${JSON.stringify(h.setCookies)}`).join("\n")}`);
  }

  private store(line: string) {
    const [pair, ...attributes] = line.split(';').map((s) => s.trim());
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split('=')[1];
    const expires = attr('expires');
    if (value === '' || attr('max-age') === '0' || (expires && new Date(expires).getTime() < Date.now())) {
      this.jar.delete(name);
      return;
    }
    this.jar.set(name, { value, path: attr('path') ?? '/' });
  }
}

/** The attributes of one Set-Cookie line, lower-cased names. */
export function cookieAttributes(line: string): Map<string, string | true> {
  const parts = line.split(';').map((s) => s.trim()).slice(1);
  return new Map(parts.map((p) => {
    const [k, v] = p.split('=');
    return [k!.toLowerCase(), v ?? true] as [string, string | true];
  }));
}

/** The value of the hidden `_csrf` field in a page. */
export function csrfField(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no _csrf field');
  return match[1]!;
}
