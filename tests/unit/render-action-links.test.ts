import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  actionLinks,
  verifyActionToken,
  type ActionLinks,
  type LinkTarget,
} from '../../shared/domain/action-links';
import {
  buildMime,
  renderDigest,
  renderThanksPrompt,
  type DigestView,
  type RenderedEmail,
} from '../../shared/domain/render';
import { sampleDigest, sampleThanks } from '../../scripts/preview-samples';

/** SPEC 8: Done, Snooze 2 weeks and Open links in prompts and digests, in the real MIME. */

const SECRET = 'test-secret-0123456789abcdef';
const USER = '01JD0000000000000000000001';
const PROMPT = '01JDZZZZZZ0000000000000ABC';
const DIGEST = '01JDZZZZZZ0000000000000DEF';
const ISSUED = new Date('2025-12-08T07:00:00.000Z');
const BASE = 'https://tend.example';

const linksFor = (target: LinkTarget): ActionLinks =>
  actionLinks({ baseUrl: BASE, secret: SECRET, userId: USER, target, issuedAt: ISSUED });
const itemLinks = (n: number) => linksFor({ kind: 'digest', digestId: DIGEST, item: n });

/** The email as the user's mail client reads it: built to MIME, parsed back. */
async function received(email: RenderedEmail) {
  const parsed = await simpleParser(
    await buildMime({
      from: 'Tend <tend@tend.example>',
      to: 'user@example.com',
      replyTo: 'reply+abc@tend.example',
      listUnsubscribe: 'mailto:reply+abc@tend.example?subject=unsubscribe',
      subject: email.subject,
      text: email.text,
      html: email.html,
      date: ISSUED,
    }),
  );
  return { text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '' };
}

/** Every action link of a part, as [label, url] (text: "Label: URL" lines; HTML: anchors). */
function textLinks(text: string): Array<[string, string]> {
  return [...text.matchAll(/^\s*(Done|Snooze 2 weeks|Open in Tend): (https:\/\/\S+)$/gm)].map(
    (m) => [m[1]!, m[2]!],
  );
}
function htmlLinks(html: string): Array<[string, string, string]> {
  return [
    ...html.matchAll(
      /<a href="(https:\/\/tend\.example\/a\/[^"]+)"[^>]*aria-label="([^"]*)"\s*>([^<]+)</g,
    ),
  ].map((m) => [m[3]!.trim(), m[1]!.replace(/&amp;/g, '&'), m[2]!]);
}

const decode = (url: string) =>
  verifyActionToken(SECRET, new URL(url).pathname.split('/').pop()!, ISSUED);

describe('action links in a thank-you prompt', () => {
  const links = linksFor({ kind: 'thanks', promptId: PROMPT });

  it('carries Done, Snooze 2 weeks and Open, in the text and the HTML part, for that prompt', async () => {
    const mail = await received(renderThanksPrompt({ ...sampleThanks, links }));

    expect(textLinks(mail.text)).toEqual([
      ['Done', links.done],
      ['Snooze 2 weeks', links.snooze],
      ['Open in Tend', links.open],
    ]);
    expect(htmlLinks(mail.html).map(([label, url]) => [label, url])).toEqual([
      ['Done', links.done],
      ['Snooze 2 weeks', links.snooze],
      ['Open in Tend', links.open],
    ]);
    for (const [, url] of textLinks(mail.text))
      expect(decode(url).target).toEqual({ kind: 'thanks', promptId: PROMPT });
    expect(mail.text).toContain('each opens a page with one button');
  });

  it('has readable link text with images off (no image, the label is the text)', async () => {
    const mail = await received(renderThanksPrompt({ ...sampleThanks, links }));
    expect(mail.html).not.toMatch(/<img/i);
    expect(htmlLinks(mail.html).map(([, , aria]) => aria)).toEqual([
      'Done: Ana López',
      'Snooze 2 weeks: Ana López',
      'Open in Tend: Ana López',
    ]);
  });

  it('escapes the contact’s name where it labels the links', async () => {
    const hostile = `"><script>alert(1)</script>`;
    const mail = await received(
      renderThanksPrompt({
        ...sampleThanks,
        contact: { ...sampleThanks.contact, name: hostile },
        links,
      }),
    );
    expect(mail.html).not.toMatch(/<script/i);
    expect(mail.html).toContain('aria-label="Done: &quot;&gt;&lt;script&gt;');
  });

  it('has no links at all without the web app’s address (links absent or null)', async () => {
    for (const view of [sampleThanks, { ...sampleThanks, links: null }]) {
      const mail = await received(renderThanksPrompt(view));
      expect(mail.text).not.toContain('/a/');
      expect(mail.html).not.toContain('/a/');
      expect(mail.text).not.toContain('one button');
    }
  });
});

describe('action links in a digest', () => {
  const linked: DigestView = {
    ...sampleDigest,
    items: sampleDigest.items.map((i) => ({ ...i, links: itemLinks(i.n) })),
    rediscover: sampleDigest.rediscover.map((i) => ({ ...i, links: itemLinks(i.n) })),
    dates: (sampleDigest.dates ?? []).map((d) => ({ ...d, links: itemLinks(d.n) })),
    pendingThanks: sampleDigest.pendingThanks.map((t) => ({
      ...t,
      links: linksFor({ kind: 'thanks', promptId: PROMPT }),
    })),
  };
  const numbers = [
    ...sampleDigest.items,
    ...sampleDigest.rediscover,
    ...(sampleDigest.dates ?? []),
  ].map((i) => i.n);

  it('gives every numbered item its own three links, for its own number', async () => {
    const mail = await received(renderDigest(linked));
    const items = (links: Array<[string, string, ...string[]]>) =>
      links
        .map(([, url]) => decode(url))
        .filter((c) => c.target.kind === 'digest')
        .map((c) => (c.target.kind === 'digest' ? `${c.target.item} ${c.action}` : ''));
    const expected = numbers.flatMap((n) => [`${n} done`, `${n} snooze2w`, `${n} open`]);

    expect(items(textLinks(mail.text))).toEqual(expected);
    expect(items(htmlLinks(mail.html))).toEqual(expected);
  });

  it('gives each pending thank-you the links of its prompt', async () => {
    const mail = await received(renderDigest(linked));
    const prompts = textLinks(mail.text).filter(([, url]) => decode(url).target.kind === 'thanks');
    expect(prompts).toHaveLength(3 * sampleDigest.pendingThanks.length);
  });

  it('puts each item’s links under that person, named for screen readers', async () => {
    const mail = await received(renderDigest(linked));
    const first = sampleDigest.items[0]!;
    const block = mail.text.slice(mail.text.indexOf(`${first.n}. ${first.name}`));
    expect(block.split('\n').slice(0, 12).join('\n')).toContain(`Done: ${itemLinks(first.n).done}`);
    expect(htmlLinks(mail.html)[0]?.[2]).toBe(`Done: ${first.name}`);
    expect(mail.text).toContain('each opens a page with one button');
  });

  it('has no links without the web app’s address, and keeps the reply commands', async () => {
    const mail = await received(renderDigest(sampleDigest));
    expect(mail.text).not.toContain('/a/');
    expect(mail.html).not.toContain('/a/');
    expect(mail.text).not.toContain('one button');
    expect(mail.text).toContain('Reply with one command per line');
  });
});
