import { describe, expect, it } from 'vitest';
import { MAX_NEW_TEXT_CHARS, extractNewText, htmlToText } from '../../shared/domain/reply-text';

describe('extractNewText on replies to Tend', () => {
  it('reads a Gmail top-post to a digest', () => {
    const text = [
      '2 snooze 1 month',
      '3 done',
      '',
      'On Mon, Dec 7, 2026 at 8:00 AM Tend <reply+abc.def@in.tend.localhost>',
      'wrote:',
      '',
      '> Your weekly digest',
      '> 1. Alice Example <alice@example.com> - 4 months',
      '> Reply with a command per line, e.g. "2 snooze 1 month"',
    ].join('\n');

    expect(extractNewText({ text })).toBe('2 snooze 1 month\n3 done');
  });

  it('reads an Outlook reply above an unquoted header block', () => {
    const text = [
      'done',
      '',
      '________________________________',
      'From: Tend <reply+abc@in.tend.localhost>',
      'Sent: Monday, December 7, 2026 8:00 AM',
      'To: Sam Example <sam@example.com>',
      'Subject: Say thanks to Alice?',
      '',
      'snooze 2w, skip or done',
    ].join('\n');

    expect(extractNewText({ text })).toBe('done');
  });

  it('reads a bottom-posted reply below the quote', () => {
    const text =
      'On 07/12/2026 08:00, Tend wrote:\n> Say thanks to Alice?\n> done / snooze 2w\n\nsnooze 2w\n\n-- \nSam';

    expect(extractNewText({ text })).toBe('snooze 2w');
  });

  it('keeps a greeting written above a bottom-posted reply', () => {
    const text = 'Hi,\nOn 07/12/2026 08:00, Tend wrote:\n> Say thanks to Alice?\n\nthanked';

    expect(extractNewText({ text })).toBe('Hi,\n\nthanked');
  });

  it('drops a phone signature', () => {
    const text =
      'skip\n\nSent from my iPhone\n\n> On 7 Dec 2026, at 08:00, Tend <reply+x@in.tend.localhost> wrote:\n>\n> Hi';

    expect(extractNewText({ text })).toBe('skip');
  });

  it('does not swallow the last line of the reply into an attribution below it', () => {
    const text =
      'mute\nOn Mon, Dec 7, 2026 at 8:00 AM Tend <reply+x@in.tend.localhost> wrote:\n> Hi';

    expect(extractNewText({ text })).toBe('mute');
  });

  it('reads an HTML-only Gmail reply', () => {
    const html =
      '<div dir="ltr">tag mentor<br>done</div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, Dec 7, 2026 at 8:00 AM Tend &lt;reply+x@in.tend.localhost&gt; wrote:<br></div><blockquote class="gmail_quote">Say thanks to <b>Alice</b>?<blockquote>older</blockquote>still quoted</blockquote></div>';

    expect(extractNewText({ html })).toBe('tag mentor\ndone');
  });

  it('reads an HTML-only Outlook reply and stops at its reply header', () => {
    const html =
      '<html><head><style>p{margin:0}</style></head><body><div>snooze until jan 5</div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Tend<br><b>Sent:</b> Monday</div><div>Say thanks to Alice?</div></body></html>';

    expect(extractNewText({ html })).toBe('snooze until jan 5');
  });

  it('falls back to the HTML part when the text part holds only the quote', () => {
    expect(
      extractNewText({
        text: '> quoted only',
        html: '<p>done</p><blockquote>quoted only</blockquote>',
      }),
    ).toBe('done');
  });

  it('returns an empty string when there is no body', () => {
    expect(extractNewText({})).toBe('');
    expect(extractNewText({ text: null, html: false })).toBe('');
    expect(extractNewText({ text: '> all quoted\n> here' })).toBe('');
  });

  it(`cuts a new text longer than ${MAX_NEW_TEXT_CHARS} characters`, () => {
    const text = `${'word '.repeat(20)}\n`.repeat(200);

    const newText = extractNewText({ text });

    expect(newText.length).toBeLessThanOrEqual(MAX_NEW_TEXT_CHARS);
    expect(newText.startsWith('word word')).toBe(true);
  });

  it('keeps the start of a new text that is one huge line', () => {
    const newText = extractNewText({ text: 'word '.repeat(5_000) });

    expect(newText.length).toBeGreaterThan(MAX_NEW_TEXT_CHARS - 10);
    expect(newText.length).toBeLessThanOrEqual(MAX_NEW_TEXT_CHARS);
  });
});

describe('htmlToText', () => {
  it('decodes entities and drops styles, scripts and comments', () => {
    const html =
      '<style>p { color: red }</style><!--[if mso]><p>hidden</p><![endif]--><p>a &amp; b&nbsp;&lt;c&gt; &#8212; &#x2014; &hellip;</p><script>if (a<b) {}</script><p>next</p>';

    expect(htmlToText(html)).toBe('a & b <c> — — …\nnext');
  });

  it('turns line breaks and blocks into lines and collapses runs of blank lines', () => {
    expect(htmlToText('<div>one</div><div><br></div><div><br></div><div>two<br>three</div>')).toBe(
      'one\n\ntwo\nthree',
    );
  });
});
