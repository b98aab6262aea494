import { parse } from 'csv-parse/sync';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_COLUMNS } from '../../shared/use-cases/contact-export';
import type { User } from '../../shared/domain/types';
import { readImportFile } from '../../shared/use-cases/import-job';
import { addNeverLog, removeNeverLog } from '../../shared/use-cases/never-log';
import { UserInputError } from '../../shared/use-cases/users';
import { addUserAddress } from '../../shared/use-cases/user-addresses';
import { LINKEDIN_CSV, VCARD_30, VCARD_40 } from '../cli/fixtures';
import { mail } from '../support/tend-harness';
import { NOW } from './seed';
import {
  createWebHarness,
  ORIGIN,
  textOf,
  type Page,
  type WebClient,
  type WebHarness,
} from './web-harness';

/**
 * SPEC 8 Settings, the parts beyond the schedule: sending addresses, the never-log list, CSV
 * export and LinkedIn / vCard import with progress, each through the use case of its CLI or
 * reply door.
 */

let h: WebHarness;
let me: User;
let other: User;
let browser: WebClient;

/** Sends a file the way a browser's multipart form does, with the client's cookies. */
async function upload(
  client: WebClient,
  file: { name: string; body: string | Buffer } | null,
  fields: Record<string, string> = {},
  env?: Record<string, unknown>,
): Promise<Page> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new Blob([file.body]), file.name);
  else form.set('file', new Blob([]), '');
  const res = await h.web.request(
    `${ORIGIN}/settings/import`,
    {
      method: 'POST',
      body: form,
      headers: {
        Origin: ORIGIN,
        Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    },
    env,
  );
  const html = await res.text();
  return {
    status: res.status,
    location: res.headers.get('location'),
    html,
    text: textOf(html),
    headers: res.headers,
  };
}

async function csrf(): Promise<string> {
  await browser.get('/settings');
  return browser.csrf();
}

beforeAll(async () => {
  h = await createWebHarness('web-settings', NOW);
  me = await h.register('ada@a.example', 'Europe/London');
  other = await h.register('bea@b.example', 'UTC', ['bea.alt@b.example']);
  await h.deliver(
    mail({
      from: 'ada@a.example',
      to: 'Jane Doe <jane@example.com>',
      subject: 'Hello',
      date: 'Mon, 02 Nov 2026 09:00:00 +0000',
    }),
  );
  browser = h.client();
  await browser.signIn(h, me);
});

describe('Settings: the page', () => {
  it('shows every section, each form with the CSRF field and labelled inputs', async () => {
    const page = await browser.get('/settings');
    expect(page.status).toBe(200);
    for (const heading of ['Your addresses', 'Never logged', 'Import contacts', 'Export'])
      expect(page.html).toContain(`>${heading}</h2>`);
    const forms = page.html.match(/<form[^>]*>[\s\S]*?<\/form>/g) ?? [];
    expect(forms.length).toBeGreaterThanOrEqual(6);
    for (const form of forms) expect(form).toContain('name="csrf"');
    expect(page.html).toMatch(
      /<form method="post" action="\/settings\/import" enctype="multipart\/form-data">/,
    );
    for (const id of ['never-log-address', 'import-file'])
      expect(page.html).toContain(`<label for="${id}">`);
    expect(page.html).toContain('href="/settings/export.csv"');
  });
});

describe('Settings: sending addresses (`tend users address remove`)', () => {
  it('adds no address from the form alone: it claims one, and only an email from it adds it', async () => {
    for (const address of ['ada.work@example.org', 'bea.alt@b.example']) {
      const before = await h.app.users.get(me.id);
      const res = await browser.post('/settings/addresses', {
        csrf: await csrf(),
        action: 'add',
        'new-address': address,
      });
      expect(res.status, address).toBe(303);
      expect(await h.app.users.get(me.id)).toEqual(before);
    }
    expect((await h.app.users.findByAddress('bea.alt@b.example'))?.id).toBe(other.id);
    expect(await h.app.users.findByAddress('ada.work@example.org')).toBeNull();
    // The free address waits for its email (tests/web/settings-address-claims.test.ts).
    const claims = await h.app.addressClaims.listByUser(me.id);
    expect(claims.map((c) => c.address)).toEqual(['ada.work@example.org']);
    await h.app.addressClaims.delete(me.id, 'ada.work@example.org');
  });

  it('removes an address but never the one Tend writes to', async () => {
    // Added as the operator does (`tend users address add`).
    await addUserAddress(h.app.users, (await h.app.users.get(me.id))!, 'ada.work@example.org');
    const page = await browser.get('/settings');
    // The primary address has no Remove button; the other has one, named with its address.
    expect(page.html).not.toMatch(/value="ada@a.example"/);
    expect(page.text).toContain('Remove ada.work@example.org');
    await browser.post('/settings/addresses', {
      csrf: browser.csrf(),
      action: 'remove',
      address: 'ada@a.example',
    });
    expect((await browser.get('/settings')).text).toMatch(/primary address .* cannot be removed/);
    await browser.post('/settings/addresses', {
      csrf: browser.csrf(),
      action: 'remove',
      address: 'ada.work@example.org',
    });
    expect((await browser.get('/settings')).text).toContain('Removed ada.work@example.org');
    expect((await h.app.users.get(me.id))!.addresses).toEqual(['ada@a.example']);
    // The address is free again: the guard item went with it.
    expect(await h.app.users.findByAddress('ada.work@example.org')).toBeNull();
  });

  it('refuses an unknown action (400) and a form without the CSRF token (403)', async () => {
    const token = await csrf();
    expect(
      (await browser.post('/settings/addresses', { csrf: token, action: 'steal' })).status,
    ).toBe(400);
    const before = await h.app.users.get(me.id);
    const res = await browser.post('/settings/addresses', {
      action: 'remove',
      address: 'x@y.example',
    });
    expect(res.status).toBe(403);
    expect(await h.app.users.get(me.id)).toEqual(before);
  });
});

describe('Settings: the never-log list', () => {
  it('adds an address: Tend stops logging it, and what was logged stays', async () => {
    await browser.post('/settings/never-log', {
      csrf: await csrf(),
      action: 'add',
      'never-log-address': 'Noisy@Vendor.example',
    });
    const page = await browser.get('/settings');
    expect(page.text).toContain('Tend will not log noisy@vendor.example from now on');
    expect((await h.app.users.get(me.id))!.neverLog).toEqual(['noisy@vendor.example']);
    await h.deliver(
      mail({ from: 'ada@a.example', to: 'noisy@vendor.example', subject: 'Re: offer' }),
    );
    expect(await h.app.contacts.get(me.id, 'noisy@vendor.example')).toBeNull();
    // Listing deletes nothing: that is forget's job.
    await browser.post('/settings/never-log', {
      csrf: await csrf(),
      action: 'add',
      'never-log-address': 'jane@example.com',
    });
    expect(await h.app.contacts.get(me.id, 'jane@example.com')).not.toBeNull();
  });

  it.each([
    ['not an address', 'nobody', /\S*nobody\S* is not an email address/],
    ['one of your own addresses', 'ada@a.example', /is your own address/],
  ])('refuses %s with a message', async (_, address, message) => {
    const before = await h.app.users.get(me.id);
    await browser.post('/settings/never-log', {
      csrf: await csrf(),
      action: 'add',
      'never-log-address': address,
    });
    expect((await browser.get('/settings')).text).toMatch(message);
    expect(await h.app.users.get(me.id)).toEqual(before);
  });

  it('removes an address: Tend logs it again from the next email', async () => {
    const page = await browser.get('/settings');
    expect(page.text).toContain('Remove noisy@vendor.example');
    await browser.post('/settings/never-log', {
      csrf: browser.csrf(),
      action: 'remove',
      'never-log-address': 'noisy@vendor.example',
    });
    expect((await browser.get('/settings')).text).toContain('Tend logs noisy@vendor.example again');
    expect((await h.app.users.get(me.id))!.neverLog).toEqual(['jane@example.com']);
    await h.deliver(
      mail({ from: 'ada@a.example', to: 'noisy@vendor.example', subject: 'Re: offer' }),
    );
    expect(await h.app.contacts.get(me.id, 'noisy@vendor.example')).not.toBeNull();
    await browser.post('/settings/never-log', {
      csrf: browser.csrf(),
      action: 'remove',
      'never-log-address': 'noisy@vendor.example',
    });
    expect((await browser.get('/settings')).text).toContain('is not on the never-log list');
  });

  it('is the list `forget` fills: the use case keeps what forget added and reads the user afresh', async () => {
    const stale = (await h.app.users.get(me.id))!;
    await h.app.users.save({ ...stale, defaultCadenceDays: 45 });
    const { user } = await addNeverLog(h.app.users, stale, 'x@spam.example');
    expect(user).toMatchObject({ defaultCadenceDays: 45 });
    expect(user.neverLog).toEqual(['jane@example.com', 'x@spam.example']);
    expect((await addNeverLog(h.app.users, user, 'X@spam.example')).message).toMatch(/already/);
    await removeNeverLog(h.app.users, user, 'x@spam.example');
    await expect(removeNeverLog(h.app.users, user, 'x@spam.example')).rejects.toThrow(
      UserInputError,
    );
    await removeNeverLog(h.app.users, user, 'jane@example.com');
  });
});

describe('Settings: export', () => {
  it('downloads the contacts as CSV with the columns of `tend export csv`', async () => {
    const res = await h.web.request(`${ORIGIN}/settings/export.csv`, {
      headers: { Cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="tend-contacts-2026-11-26.csv"',
    );
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0] ?? {})).toEqual([...CONTACT_COLUMNS]);
    const emails = rows.map((r) => r.email);
    expect(emails).toEqual([...emails].sort());
    expect(emails).toContain('jane@example.com');
    // Every contact of the user's, and only theirs.
    const own = (await h.app.contacts.list(me.id)).map((c) => c.email);
    expect(emails).toEqual(own.sort());
    expect(emails).not.toContain('bea@b.example');
  });

  it('sends a browser without a session to sign in', async () => {
    const res = await h.client().get('/settings/export.csv');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/signin');
  });
});

describe('Settings: import', () => {
  it('imports LinkedIn’s Connections.csv and shows the counts, skipped rows with reasons', async () => {
    const res = await upload(
      browser,
      { name: 'Connections.csv', body: LINKEDIN_CSV },
      { csrf: await csrf() },
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('Done: imported 3 of 3 people from Connections.csv.');
    expect(res.text).toMatch(/New contacts 2 Updated 1 Already up to date 0 Skipped 1/);
    expect(res.text).toMatch(/line 8: .*neither an email address nor a LinkedIn profile URL/);
    expect((await h.app.contacts.get(me.id, 'linkedin:ravi-kumar-42'))!.contact).toMatchObject({
      name: 'Ravi Kumar',
      source: 'linkedin',
    });
    // Jane was known from email: filled in, never overwritten.
    expect((await h.app.contacts.get(me.id, 'jane@example.com'))!.contact).toMatchObject({
      source: 'email',
      linkedinUrl: 'https://www.linkedin.com/in/jane-doe-1a2b3c',
    });
  });

  it('imports the same file again without changing anything', async () => {
    const before = await h.app.contacts.list(me.id);
    const res = await upload(
      browser,
      { name: 'Connections.csv', body: LINKEDIN_CSV },
      { csrf: await csrf() },
    );
    expect(res.text).toMatch(/New contacts 0 Updated 0 Already up to date 3/);
    expect(await h.app.contacts.list(me.id)).toEqual(before);
  });

  it('imports a vCard file, told apart from a CSV by its content', async () => {
    const res = await upload(
      browser,
      { name: 'contacts.vcf', body: [VCARD_30, VCARD_40].join('\r\n') },
      { csrf: await csrf() },
    );
    expect(res.text).toContain('Done: imported 2 of 2 people from contacts.vcf.');
    expect((await h.app.contacts.get(me.id, 'chidi@example.org'))!.contact).toMatchObject({
      name: 'Dr. Chidi Okafor',
      source: 'vcard',
      tags: ['mentor', 'work-friends'],
    });
  });

  it('stops a step before the Lambda deadline and offers to continue where it stopped', async () => {
    const rows = Array.from({ length: 201 }, (_, i) => `Big,${i},,b${i}@big.example,,,1 Mar 2024`);
    const csv = [
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      ...rows,
    ].join('\n');
    // As hono/aws-lambda hands over an invocation with little time left: one batch, then stop.
    const lambda = { lambdaContext: { getRemainingTimeInMillis: () => 8_000 } };
    const first = await upload(
      browser,
      { name: 'big.csv', body: csv },
      { csrf: await csrf() },
      lambda,
    );
    expect(first.status).toBe(200);
    expect(first.text).toContain('Imported 200 of 201 people from big.csv.');
    expect(first.html).toMatch(
      /<progress\s+max="201"\s+value="200"\s+aria-labelledby="import-progress"\s*>/,
    );
    expect(first.html).toContain('<label for="import-file">Choose big.csv again</label>');
    expect(first.html).toContain('name="from" value="200"');
    expect(await h.app.contacts.get(me.id, 'b200@big.example')).toBeNull();
    // The Continue form as the browser sends it back, with the file chosen again.
    const carried = Object.fromEntries(
      [...first.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    const next = await upload(browser, { name: 'big.csv', body: csv }, carried, lambda);
    expect(next.text).toContain('Done: imported 201 of 201 people from big.csv.');
    expect(next.text).toMatch(/New contacts 201 Updated 0 Already up to date 0 Skipped 0/);
    expect(await h.app.contacts.get(me.id, 'b200@big.example')).not.toBeNull();
  }, 60_000);

  it('takes an upload through a Lambda function URL: a base64 multipart body, the invocation’s deadline', async () => {
    const DOMAIN = 'abc123.lambda-url.eu-west-1.on.aws';
    const form = new FormData();
    form.set('csrf', await csrf());
    const csv = `First Name,Last Name,URL,Email Address\nLam,Da,,lam.da@fn.example\n`;
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'Connections.csv');
    const multipart = new Request('https://x/', { method: 'POST', body: form });
    const now = new Date();
    // A function URL event (payload format 2.0): a non-text body arrives base64-encoded.
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/settings/import',
      rawQueryString: '',
      cookies: [...browser.cookies].map(([k, v]) => `${k}=${v}`),
      headers: {
        host: DOMAIN,
        origin: `https://${DOMAIN}`,
        'content-type': multipart.headers.get('content-type')!,
        'x-forwarded-proto': 'https',
      },
      requestContext: {
        accountId: 'anonymous',
        apiId: 'abc123',
        domainName: DOMAIN,
        domainPrefix: 'abc123',
        http: {
          method: 'POST',
          path: '/settings/import',
          protocol: 'HTTP/1.1',
          sourceIp: '203.0.113.7',
          userAgent: 'Mozilla/5.0',
        },
        requestId: 'r1',
        routeKey: '$default',
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      body: Buffer.from(await multipart.arrayBuffer()).toString('base64'),
      isBase64Encoded: true,
    };
    const lambdaContext = { getRemainingTimeInMillis: () => 29_000 } as unknown as LambdaContext;
    const result = (await handle(h.web)(event as unknown as LambdaEvent, lambdaContext)) as {
      statusCode: number;
      body: string;
    };
    expect(result.statusCode).toBe(200);
    expect(textOf(result.body)).toContain('Done: imported 1 of 1 person from Connections.csv.');
    expect((await h.app.contacts.get(me.id, 'lam.da@fn.example'))!.contact.source).toBe('linkedin');
  });

  it('continues a step from where the last stopped, and starts another file from the top', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `P,${i},,p${i}@step.example,,,1 Mar 2024`);
    const csv = [
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      ...rows,
    ].join('\n');
    const first = await upload(browser, { name: 'c.csv', body: csv }, { csrf: await csrf() });
    expect(first.text).toContain('Done: imported 5 of 5 people from c.csv');
    const { fingerprint } = readImportFile(Buffer.from(csv), { now: h.now(), timezone: 'UTC' });
    // As the Continue form of a step that stopped after 3 rows would send it.
    const carried = {
      csrf: browser.csrf(),
      from: '3',
      fingerprint,
      created: '3',
      updated: '0',
      unchanged: '0',
      skipped: '0',
    };
    await h.app.contacts.forget(me.id, 'p4@step.example');
    const next = await upload(browser, { name: 'c.csv', body: csv }, carried);
    expect(next.text).toContain('Done: imported 5 of 5 people');
    expect(next.text).toMatch(/New contacts 4 Updated 0 Already up to date 1/);
    expect(await h.app.contacts.get(me.id, 'p4@step.example')).not.toBeNull();
    const other = await upload(
      browser,
      { name: 'd.csv', body: `${csv}\n` + 'Q,Q,,q@step.example,,,' },
      carried,
    );
    expect(other.text).toContain('Done: imported 6 of 6 people from d.csv');
    expect(other.text).toMatch(/New contacts 1 Updated 0 Already up to date 5/);
  });

  it.each([
    ['no file', null, 422, 'Choose a file to import.'],
    [
      'a file that is neither',
      { name: 'photo.jpg', body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2]) },
      422,
      'Nothing was imported: this is not a LinkedIn Connections.csv',
    ],
    [
      'a file over the limit',
      { name: 'big.csv', body: 'x'.repeat(4 * 1024 * 1024 + 1) },
      413,
      'larger than 4 MB',
    ],
  ])(
    'refuses %s, showing the form again with the reason tied to the file input',
    async (_, file, status, message) => {
      const before = (await h.app.contacts.list(me.id)).length;
      const res = await upload(browser, file, { csrf: await csrf() });
      expect(res.status).toBe(status);
      expect(res.text).toContain(message);
      expect(res.html).toMatch(
        /aria-describedby="import-file-hint import-file-error"\s+aria-invalid="true"/,
      );
      expect(res.html).toContain('enctype="multipart/form-data"');
      expect((await h.app.contacts.list(me.id)).length).toBe(before);
    },
  );

  it('refuses an upload without the CSRF token or without a session (403)', async () => {
    const file = { name: 'Connections.csv', body: LINKEDIN_CSV.replace(/Jane/g, 'Janet') };
    const before = await h.app.contacts.list(me.id);
    expect((await upload(browser, file, {})).status).toBe(403);
    expect((await upload(h.client(), file, { csrf: 'x' })).status).toBe(403);
    expect(await h.app.contacts.list(me.id)).toEqual(before);
  });
});
