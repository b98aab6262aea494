import { describe, expect, it } from 'vitest';
import { newsDraft, renderNewsChecklist, renderNoNews } from '../../shared/domain/render/news';

const NEWS = 'I started at Acme as Head of Product & Design <3';

const view = {
  news: NEWS,
  people: [
    { n: 1, name: 'Ana López', email: 'ana@example.org', kinds: ['mentor', 'thanked'] as const },
    { n: 2, name: null, email: 'ben+x@example.org', kinds: ['thanked'] as const },
    { n: 3, name: '<b>Eve</b>', email: 'eve@example.org', kinds: ['advisor'] as const },
  ].map((p) => ({ ...p, kinds: [...p.kinds] })),
  more: 2,
};

function mailtos(html: string): string[] {
  return [...html.matchAll(/href="(mailto:[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

describe('the news checklist email (SPEC 9)', () => {
  const email = renderNewsChecklist(view);

  it('numbers each person with a mailto draft built from the news', () => {
    expect(email.subject).toBe('Tend: 3 people to tell your news');
    expect(email.text).toMatch(/^1\. Ana López$/m);
    expect(email.text).toMatch(/^2\. ben\+x@example\.org$/m);
    const links = mailtos(email.html);
    expect(links).toHaveLength(3);
    const ana = new URL(links[0]!);
    expect(decodeURIComponent(ana.pathname)).toBe('ana@example.org');
    const body = decodeURIComponent(/body=([^&]*)/.exec(links[0]!)![1]!);
    expect(body).toBe(
      `Hi Ana,\r\n\r\nSome news: ${NEWS}\r\n\r\nYour advice helped me get here, and I wanted you to hear it from me.\r\n\r\n`,
    );
    // RFC 6068: `+` in the address and `&` in the body are encoded, never raw.
    expect(links[1]).toContain('mailto:ben%2Bx@example.org?');
    expect(links[0]).not.toMatch(/body=[^&]*&[^s]/);
    expect(email.text).toContain(links[0]!);
  });

  it('escapes the news and names in the HTML part', () => {
    expect(email.html).not.toContain('<b>Eve</b>');
    expect(email.html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(email.html).toContain('Head of Product &amp; Design &lt;3');
  });

  it('says Tend wrote to none of them, and counts those past the cap', () => {
    expect(email.text).toContain('Tend has written to none of them');
    expect(email.text).toContain('And 2 more people who helped');
  });

  it('gives footer examples with its real numbers only', () => {
    expect(email.text).toContain('2 done');
    expect(email.text).toContain('1 note');
    const one = renderNewsChecklist({ ...view, people: view.people.slice(0, 1), more: 0 });
    expect(one.text).toContain('1 done');
    expect(one.text).not.toMatch(/\b[2-9] done/);
    expect(one.text).not.toContain('more people');
  });

  it('says how to add people when nobody qualifies, with no numbered examples', () => {
    const none = renderNewsChecklist({ news: NEWS, people: [], more: 0 });
    expect(none.subject).toBe('Tend: Your news');
    expect(none.text).toContain('Tend found nobody yet');
    expect(none.text).not.toMatch(/\d done/);
    expect(mailtos(none.html)).toEqual([]);
  });

  it('fits the draft to why they helped and greets without a name', () => {
    const intro = newsDraft({ n: 1, name: null, email: 'i@x.org', kinds: ['introduced'] }, 'Hi');
    expect(intro?.body).toBe(
      'Hi,\n\nSome news: Hi\n\nYour introduction was part of how this happened: thank you.\n\n',
    );
    const long = newsDraft(
      { n: 1, name: 'Ana', email: 'a@x.org', kinds: ['thanked'] },
      'After eight wonderful years at Globex I am joining Acme as their first VP of Product',
    );
    expect(long?.subject.length).toBeLessThanOrEqual(75);
    expect(long?.subject).toMatch(/^Some news: After eight .*…$/);
    expect(newsDraft({ n: 1, name: 'L', email: 'linkedin:l', kinds: ['mentor'] }, 'x')).toBeNull();
  });

  it('asks for the news when news@ got none', () => {
    const ask = renderNoNews();
    expect(ask.subject).toBe('Tend: what is your news?');
    expect(ask.text).toContain('news I started at Acme');
  });
});
