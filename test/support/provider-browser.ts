/**
 * Just enough of a browser to walk an OpenID Connect provider's own pages in tests: a cookie jar, redirects followed
 * by hand, and the test provider's login form (oidc-provider's devInteractions: any password for a known login).
 */
export interface ProviderBrowser {
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** Follows redirects from `url`, signing `login` in at the provider's login page, until `done(url)` or a page. */
  follow(url: string, login: string, done?: (url: string) => boolean): Promise<{ url: string; response?: Response }>;
  /** Posts a page's form with its hidden fields and `fields`. */
  submit(page: string, pageUrl: string, fields?: Record<string, string>): Promise<Response>;
}

export function providerBrowser(): ProviderBrowser {
  const jar = new Map<string, string>();
  const browser: ProviderBrowser = {
    async fetch(url, init = {}) {
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      const response = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair.indexOf('=');
        jar.set(pair.slice(0, at).trim(), pair.slice(at + 1));
      }
      return response;
    },

    async submit(page, pageUrl, fields = {}) {
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      if (!action) throw new Error(`no form at ${pageUrl}`);
      const hidden = Object.fromEntries(
        [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(([, name, value]) => [name, value.replace(/&amp;/g, '&')]),
      );
      return browser.fetch(new URL(action.replace(/&amp;/g, '&'), pageUrl).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...hidden, ...fields }).toString(),
      });
    },

    async follow(url, login, done = () => false) {
      let signedIn = false;
      for (let hop = 0; hop < 20 && !done(url); hop++) {
        let response = await browser.fetch(url);
        if (response.status === 200 && signedIn) return { url, response };
        if (response.status === 200) {
          signedIn = true;
          response = await browser.submit(await response.text(), url, { prompt: 'login', login, password: 'any password' });
          if (response.status === 200) return { url, response };
        }
        const location = response.headers.get('location');
        if (response.status < 300 || response.status >= 400 || !location) throw new Error(`the provider answered ${response.status} at ${url}`);
        url = new URL(location, url).href;
      }
      if (!done(url)) throw new Error(`the provider never finished at ${url}`);
      return { url };
    },
  };
  return browser;
}
