import type { Hono } from 'hono';
import { createWebApp } from '../../functions/web/app';
import type { WebEnv } from '../../functions/web/web-env';
import type { User } from '../../shared/domain/types';
import { issueLoginLink } from '../../shared/use-cases/login-links';
import { createHarness, forwardedMail, mail, type Harness } from '../support/tend-harness';

/** The origin `web.request()` serves at (hono builds the URL from the path). */
export const ORIGIN = 'http://localhost';

export interface Page {
  status: number;
  location: string | null;
  html: string;
  /** The page's text as a reader gets it: no tags, white space collapsed. */
  text: string;
  headers: Headers;
}

export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * One browser, in process: keeps its cookies and the CSRF token of the last page it read, and
 * sends forms the way a browser does (same-origin `Origin`, urlencoded).
 */
export class WebClient {
  readonly cookies = new Map<string, string>();
  lastHtml = '';

  constructor(
    private readonly web: Hono<WebEnv>,
    private readonly origin = ORIGIN,
  ) {}

  async get(path: string): Promise<Page> {
    return this.send(path, { method: 'GET' });
  }

  async post(path: string, form: Record<string, string>, origin = this.origin): Promise<Page> {
    return this.send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** The CSRF token on the last page read. */
  csrf(): string {
    const token = /name="csrf" value="([^"]+)"/.exec(this.lastHtml)?.[1];
    if (!token) throw new Error('no CSRF token on the last page');
    return token;
  }

  async signIn(h: Harness, user: User): Promise<Page> {
    const link = await issueLoginLink(h.app, user, this.origin, h.now());
    const token = new URL(link.url).pathname.split('/').pop()!;
    return this.post('/login', { token });
  }

  private async send(path: string, init: RequestInit): Promise<Page> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.web.request(`${this.origin}${path}`, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const html = await res.text();
    if (res.headers.get('content-type')?.startsWith('text/html')) this.lastHtml = html;
    return {
      status: res.status,
      location: res.headers.get('location'),
      html,
      text: textOf(html),
      headers: res.headers,
    };
  }
}

export interface WebHarness extends Harness {
  web: Hono<WebEnv>;
  client(origin?: string): WebClient;
}

export async function createWebHarness(
  name: string,
  startAt: string,
  env: Record<string, string> = {},
): Promise<WebHarness> {
  const h = await createHarness(name, startAt, env);
  const web = createWebApp(h.app);
  // Every request is served as the Web function, behind its role (Hono's request() goes
  // through fetch). Sign-in links are issued as setup.
  const fetch = web.fetch;
  web.fetch = (...args) => h.as('Web', async () => fetch(...args));
  return Object.assign(h, { web, client: (origin?: string) => new WebClient(web, origin) });
}

/** An email the user sent (BCC to log@) to one person, on a given day. */
export function sentTo(from: string, to: string, subject: string, date: string): string {
  return mail({ from, to, subject, date });
}

export { forwardedMail };
