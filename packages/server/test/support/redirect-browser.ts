/**
 * A minimal browser for sign-in flows over real HTTP: it keeps cookies per host (as browsers
 * do, whatever the port), follows redirects one at a time and fills in a page's form.
 */

export interface TBrowserPage {
  url: URL;
  status: number;
  headers: Headers;
  body: string;
}

export class RedirectBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  /** The cookies this browser holds for a host. */
  cookies(host: string): Map<string, string> {
    let cookies = this.jar.get(host);
    if (!cookies) {
      cookies = new Map();
      this.jar.set(host, cookies);
    }
    return cookies;
  }

  /** One request, without following a redirect; cookies sent and stored. */
  async request(
    url: URL,
    init: { method?: string; form?: Record<string, string>; accept?: string } = {},
  ): Promise<TBrowserPage> {
    const cookies = this.cookies(url.hostname);
    const headers: Record<string, string> = { accept: init.accept ?? '*/*' };
    if (cookies.size > 0) {
      headers['cookie'] = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    let body: string | undefined;
    if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attributes.some((a) => {
        const [key = '', v = ''] = a.trim().split('=');
        if (key.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
        return false;
      });
      if (gone || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return { url, status: res.status, headers: res.headers, body: await res.text() };
  }

  /** Follows redirects from `url` while `follow(next)` agrees; the page where it stopped. */
  async navigate(
    url: URL,
    follow: (next: URL) => boolean = () => true,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<TBrowserPage> {
    let page = await this.request(url, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = page.headers.get('location');
      if (page.status < 300 || page.status >= 400 || location === null) return page;
      const next = new URL(location, page.url);
      if (!follow(next)) return page;
      page = await this.request(next);
    }
    throw new Error(`too many redirects from ${url.href}`);
  }

  /** Submits the page's first form with its hidden fields and the given ones. */
  submitForm(
    page: TBrowserPage,
    fields: Record<string, string>,
    follow?: (next: URL) => boolean,
  ): Promise<TBrowserPage> {
    const action = /<form[^>]*action="([^"]*)"/.exec(page.body)?.[1];
    if (action === undefined) throw new Error(`no form on ${page.url.href}: ${page.body}`);
    const form: Record<string, string> = {};
    for (const input of page.body.matchAll(/<input[^>]*>/g)) {
      const tag = input[0];
      if (!/type="hidden"/.test(tag)) continue;
      const name = /name="([^"]*)"/.exec(tag)?.[1];
      const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
      if (name !== undefined) form[name] = unescapeHtml(value);
    }
    return this.navigate(new URL(unescapeHtml(action), page.url), follow, {
      method: 'POST',
      form: { ...form, ...fields },
    });
  }
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&amp;', '&')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');
}
