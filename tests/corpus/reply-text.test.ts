import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { parseCommands, type ParseContext } from '../../shared/domain/commands';
import { extractNewText, type MailBody } from '../../shared/domain/reply-text';

/**
 * The corpus tier (npm run test:corpus): reply-text.ts on every reply of ../shared/corpus,
 * with what EXPECTED.md says each one's new text is.
 */
// The shared corpus sits beside the repository; it is read in place, never copied in.
const CORPUS = new URL('../../../shared/corpus/replies/', import.meta.url);

const CTX: ParseContext = { now: new Date('2026-12-01T15:00:00Z'), timezone: 'America/New_York' };
const COMMAND = 'snooze 2w';
const PARSED_COMMAND = {
  line: COMMAND,
  item: null,
  command: { kind: 'snooze', until: '2026-12-15T15:00:00.000Z' },
};

/** crisp-oss/email-reply-parser test/test.js: the first fragment of 43 of its fixtures (EXPECTED.md). */
const COMMON_FIRST_FRAGMENT = [
  'Fusce bibendum, quam hendrerit sagittis tempor, dui turpis tempus erat, pharetra sodales ante sem sit amet metus.',
  'Nulla malesuada, orci non vulputate lobortis, massa felis pharetra ex, convallis consectetur ex libero eget ante.',
  'Nam vel turpis posuere, rhoncus ligula in, venenatis orci. Duis interdum venenatis ex a rutrum.',
  'Duis ut libero eu lectus consequat consequat ut vel lorem. Vestibulum convallis lectus urna,',
  'et mollis ligula rutrum quis. Fusce sed odio id arcu varius aliquet nec nec nibh.',
].join('\n');

// prettier-ignore
const COMMON_FILES = [
  'email_7', 'email_8', 'email_9', 'email_10', 'email_11', 'email_12', 'email_13', 'email_14', 'email_15',
  'email_16', 'email_17', 'email_18', 'email_22', 'email_23', 'email_24', 'email_25', 'email_26',
  'email_portuguese', 'email_german', 'email_german_2', 'email_german_3', 'email_german_outlook',
  'email_norwegian_gmail', 'email_finnish', 'email_italian', 'email_russian', 'email_french_2',
  'email_outlook_split_line_from', 'email_gmail_split_line_from', 'email_ios_outlook_fr', 'email_ios_outlook',
  'email_msn', 'email_fr_multiline', 'email_en_multiline_2', 'email_original_message', 'email_original_message_2',
  'email_danish_dash_separator', 'email_french_dash_separator', 'email_tricky_5_mixed_languages',
  'email_tricky_10_special_chars_in_name', 'email_tricky_12_no_space_after_header',
  'email_tricky_14_long_quote_header', 'email_tricky_15_original_message_variations',
];

type Expectation =
  | { exact: string }
  | { ignoringWhitespace: string }
  | { startsWith: string }
  | { contains: string[] };

interface Case {
  file: string;
  /** Read only the HTML part of an .eml. */
  htmlOnly?: boolean;
  /** The recovered new text, as the fixture's source project states it (EXPECTED.md points there). */
  expected: Expectation;
  /**
   * Where that new text sits in the fixture: the first piece is replaced by a command, the others
   * are removed. Defaults to the expected text itself.
   */
  pieces?: Array<string | RegExp>;
}

const HELLO: Pick<Case, 'expected' | 'pieces'> = {
  expected: { exact: 'Hello' },
  pieces: ['Hello'],
};
const TALON_HTML: Pick<Case, 'expected' | 'pieces'> = {
  expected: { ignoringWhitespace: 'Hi. I am fine.\n\nThanks,\nAlex' },
  pieces: ['Hi. I am fine.', 'Thanks,', /\bAlex\b/],
};
const RIAK_BOTTOM_POST: Pick<Case, 'expected' | 'pieces'> = {
  expected: {
    contains: ['Hi,', 'You can list the keys for the bucket', 'delete them all individually."'],
  },
  pieces: [/You can list[\s\S]*?individually\."/, /^Hi,/m],
};
const NOT_ON: Pick<Case, 'expected' | 'pieces'> = {
  expected: {
    contains: [
      'Thank, this is really helpful.',
      'One outstanding question I had:',
      'when I run...',
    ],
  },
  pieces: [/Thank, this is really helpful\.[\s\S]*?when I run\.\.\./],
};
const TEXTMATE: Pick<Case, 'expected' | 'pieces'> = {
  expected: {
    contains: [
      'On your remote host you can run:',
      'telnet 127.0.0.1 52698',
      'This should connect to TextMate',
    ],
  },
  pieces: [/On your remote host[\s\S]*?not working\./],
};

const cases: Case[] = [
  // crisp-oss/email-reply-parser (test/test.js)
  ...COMMON_FILES.map((name) => ({
    file: `crisp-email-reply-parser/${name}.txt`,
    expected: { exact: COMMON_FIRST_FRAGMENT },
  })),
  {
    file: 'crisp-email-reply-parser/email_1.txt',
    expected: {
      exact:
        'Hi folks\n\nWhat is the best way to clear a Riak bucket of all key, values after\nrunning a test?\nI am currently using the Java HTTP API.\n\n-Abhishek Kona',
    },
  },
  {
    file: 'crisp-email-reply-parser/email_3.txt',
    expected: { exact: 'Oh thanks.\n\nHaving the function would be great.\n\n-Abhishek Kona' },
  },
  {
    file: 'crisp-email-reply-parser/email_sent_from.txt',
    expected: {
      exact:
        'Hi it can happen to any texts you type, as long as you type in between words or paragraphs.',
    },
  },
  {
    file: 'crisp-email-reply-parser/email_emoji.txt',
    expected: { exact: '🎉\n\n—\nJohn Doe\nCEO at Pandaland\n\n@pandaland' },
  },
  {
    file: 'crisp-email-reply-parser/email_zoho.txt',
    expected: {
      exact:
        'What is the best way to clear a Riak bucket of all key, values after\nrunning a test?',
    },
  },
  {
    file: 'crisp-email-reply-parser/email_with_regards.txt',
    expected: { exact: 'Hi,\n\nI still have the same problem....\n\nCan you help?' },
  },
  { file: 'crisp-email-reply-parser/email_2.txt', ...RIAK_BOTTOM_POST },
  {
    file: 'crisp-email-reply-parser/email_4.txt',
    expected: { exact: "Awesome! I haven't had another problem with it." },
  },
  {
    file: 'crisp-email-reply-parser/email_6.txt',
    expected: { startsWith: 'I get proper rendering as well.' },
    pieces: ['I get proper rendering as well.', 'Sent a magnificent torch of pixels'],
  },
  { file: 'crisp-email-reply-parser/email_one_is_not_on.txt', ...NOT_ON },
  {
    file: 'crisp-email-reply-parser/email_reply_header.txt',
    expected: {
      contains: ['This is the latest reply.', 'On the other hand, it could happen TWICE!'],
    },
    pieces: [/This is the latest reply\.[\s\S]*?TWICE!\n\nStranger/],
  },
  // github/email_reply_parser (test/email_reply_parser_test.rb)
  {
    // github hides the "-Abhishek Kona" sign-off as a signature; crisp's email_1 (same text) keeps it, and so do we.
    file: 'github-email_reply_parser/email_1_1.txt',
    expected: {
      startsWith:
        'Hi folks\n\nWhat is the best way to clear a Riak bucket of all key, values after\nrunning a test?\nI am currently using the Java HTTP API.',
    },
    pieces: [/Hi folks[\s\S]*?-Abhishek Kona/],
  },
  { file: 'github-email_reply_parser/email_1_2.txt', ...RIAK_BOTTOM_POST },
  {
    file: 'github-email_reply_parser/email_1_3.txt', // same sign-off note as email_1_1
    expected: { startsWith: 'Oh thanks.\n\nHaving the function would be great.' },
    pieces: [/Oh thanks\.[\s\S]*?-Abhishek Kona/],
  },
  {
    file: 'github-email_reply_parser/email_1_4.txt',
    expected: { exact: "Awesome! I haven't had another problem with it." },
  },
  {
    file: 'github-email_reply_parser/email_1_5.txt',
    expected: { exact: readCorpus('github-email_reply_parser/email_1_5.txt').trim() },
  },
  {
    file: 'github-email_reply_parser/email_1_6.txt',
    expected: { exact: 'I get proper rendering as well.' },
  },
  { file: 'github-email_reply_parser/email_1_7.txt', expected: { exact: ':+1:' } },
  {
    file: 'github-email_reply_parser/email_1_8.txt',
    expected: { contains: ['I will reply under this one', 'and under this.'] },
    pieces: ['I will reply under this one', 'and under this.'],
  },
  { file: 'github-email_reply_parser/email_2_1.txt', expected: { exact: 'Outlook with a reply' } },
  {
    file: 'github-email_reply_parser/email_2_2.txt',
    expected: { exact: 'Outlook with a reply directly above line' },
  },
  {
    file: 'github-email_reply_parser/email_2_3.txt',
    expected: { exact: 'Outlook with a reply directly above line' },
  },
  {
    file: 'github-email_reply_parser/email_iPhone.txt',
    expected: { exact: 'Here is another email' },
  },
  {
    file: 'github-email_reply_parser/email_BlackBerry.txt',
    expected: { exact: 'Here is another email' },
  },
  {
    file: 'github-email_reply_parser/email_multi_word_sent_from_my_mobile_device.txt',
    expected: { exact: 'Here is another email' },
  },
  {
    file: 'github-email_reply_parser/email_sent_from_my_not_signature.txt',
    expected: {
      exact: 'Here is another email\n\nSent from my desk, is much easier then my mobile phone.',
    },
  },
  {
    file: 'github-email_reply_parser/email_bullets.txt',
    expected: {
      exact:
        'test 2 this should list second\n\nand have spaces\n\nand retain this formatting\n\n\n   - how about bullets\n   - and another',
    },
  },
  { file: 'github-email_reply_parser/email_one_is_not_on.txt', ...NOT_ON },
  {
    file: 'github-email_reply_parser/email_sig_delimiter_in_middle_of_line.txt',
    expected: {
      exact:
        'Hi there!\n\nStuff happened.\n\nAnd here is a fix -- this is not a signature.\n\nkthxbai',
    },
  },
  {
    file: 'github-email_reply_parser/correct_sig.txt',
    expected: { exact: 'this is an email with a correct -- signature.' },
  },
  { file: 'github-email_reply_parser/greedy_on.txt', ...TEXTMATE },
  {
    file: 'github-email_reply_parser/pathological.txt', // the text above its "On … wrote:" (the source asserts speed only)
    expected: {
      exact:
        "I think you're onto something. I will try to fix the problem as soon as I\nget back to a computer.",
    },
  },
  // zapier/email-reply-parser (test/test_email_reply_parser.py)
  {
    file: 'zapier-email-reply-parser/email_2_3.txt',
    expected: { exact: 'Outlook with a reply above headers using unusual format' },
  },
  {
    file: 'zapier-email-reply-parser/email_gmail.txt',
    expected: { exact: 'This is a test for inbox replying to a github message.' },
  },
  {
    file: 'zapier-email-reply-parser/email_headers_no_delimiter.txt',
    expected: { exact: 'And another reply!' },
  },
  { file: 'zapier-email-reply-parser/email_partial_quote_header.txt', ...TEXTMATE },
  // mailgun/talon (tests/text_quotations_test.py, tests/html_quotations_test.py)
  ...[
    'android',
    'aol',
    'apple_mail',
    'apple_mail_2',
    'comcast',
    'gmail',
    'hotmail',
    'outlook',
    'thunderbird',
    'yahoo',
  ].map((client) => ({ file: `mailgun-talon/standard_replies/${client}.eml`, ...HELLO })),
  // talon keeps "Sent from my iPhone" (iphone_reply_text) and Sparrow's "-- " signature (sparrow_reply_text);
  // Tend removes signatures, so its new text is "Hello" alone.
  { file: 'mailgun-talon/standard_replies/iphone.eml', ...HELLO },
  { file: 'mailgun-talon/standard_replies/sparrow.eml', ...HELLO },
  // The HTML part of the same messages, read on its own.
  ...['android', 'aol', 'comcast', 'gmail', 'hotmail', 'sparrow'].map((client) => ({
    file: `mailgun-talon/standard_replies/${client}.eml`,
    htmlOnly: true,
    ...HELLO,
  })),
  {
    file: 'mailgun-talon/standard_replies/outlook.eml', // its HTML part says something else than its text part
    htmlOnly: true,
    expected: { exact: 'Allo! Follow up MIME!' },
  },
  ...[
    'gmail',
    'hotmail',
    'mail_ru',
    'ms_outlook_2003',
    'ms_outlook_2007',
    'ms_outlook_2010',
    'thunderbird',
    'windows_mail',
    'yandex_ru',
  ].map((client) => ({ file: `mailgun-talon/html_replies/${client}.html`, ...TALON_HTML })),
  { file: 'mailgun-talon/OLK_SRC_BODY_SECTION.html', expected: { exact: 'Reply' } },
  {
    file: 'mailgun-talon/reply-separated-by-hr.html',
    expected: { contains: ['Hi', 'there'] },
    pieces: [/\bHi\b/, /\bthere\b/, /\bBob\b/],
  },
  {
    file: 'mailgun-talon/reply-quotations-share-block.eml',
    expected: { contains: ['Hi Katharine.', 'look forward to hearing from you soon.'] },
    pieces: [/Hi Katharine[^\n]*/, 'Joe XXX'],
  },
];

function readCorpus(file: string): string {
  return readFileSync(new URL(file, CORPUS), 'utf8');
}

async function load(testCase: Pick<Case, 'file' | 'htmlOnly'>): Promise<MailBody> {
  const { file } = testCase;
  if (file.endsWith('.eml')) {
    const mail = await simpleParser(readFileSync(new URL(file, CORPUS)));
    return testCase.htmlOnly ? { html: mail.html } : { text: mail.text ?? null, html: mail.html };
  }
  return file.endsWith('.html') ? { html: readCorpus(file) } : { text: readCorpus(file) };
}

/** A piece of expected text as found in a fixture, whose lines may carry trailing spaces there. */
function locate(piece: string | RegExp): RegExp {
  if (piece instanceof RegExp) return piece;
  return new RegExp(
    piece
      .split('\n')
      .map((line) => line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[ \\t]*\\r?\\n'),
  );
}

function piecesOf(testCase: Case): Array<string | RegExp> {
  if (testCase.pieces) return testCase.pieces;
  if ('exact' in testCase.expected) return [testCase.expected.exact];
  throw new Error(`${testCase.file}: say where its new text is`);
}

function withCommand(body: MailBody, pieces: Array<string | RegExp>): MailBody {
  const field = body.text ? 'text' : 'html';
  let content = body[field] || '';
  pieces.forEach((piece, n) => {
    const pattern = locate(piece);
    if (!pattern.test(content)) throw new Error(`the fixture does not contain ${String(piece)}`);
    content = content.replace(pattern, n === 0 ? COMMAND : '');
  });
  return { ...body, [field]: content };
}

const tidy = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();

function expectRecovered(actual: string, expected: Expectation): void {
  if ('exact' in expected) expect(actual).toBe(tidy(expected.exact));
  else if ('ignoringWhitespace' in expected) {
    expect(actual.replace(/\s+/g, '')).toBe(expected.ignoringWhitespace.replace(/\s+/g, ''));
  } else if ('startsWith' in expected)
    expect(actual.startsWith(tidy(expected.startsWith))).toBe(true);
  else for (const part of expected.contains) expect(actual).toContain(part);
}

const label = (c: Case): string => `${c.file}${c.htmlOnly ? ' (HTML part)' : ''}`;

describe('extractNewText on the reply corpus', () => {
  it.each(cases.map((c) => [label(c), c] as const))(
    'recovers the new text of %s',
    async (_label, testCase) => {
      const body = await load(testCase);

      const newText = extractNewText(body);

      expectRecovered(newText, testCase.expected);
      expect(newText.split('\n').some((line) => line.trimStart().startsWith('>'))).toBe(false);
    },
  );

  it.each(cases.map((c) => [label(c), c] as const))(
    'finds exactly the command written in place of the new text of %s',
    async (_label, testCase) => {
      const body = withCommand(await load(testCase), piecesOf(testCase));

      const parsed = parseCommands(extractNewText(body), CTX);

      expect(parsed).toEqual([PARSED_COMMAND]);
    },
  );

  it('covers every fixture that EXPECTED.md gives a new text for', () => {
    const files = new Set(cases.map((c) => c.file));

    expect(files.size).toBeGreaterThanOrEqual(100);
  });
});

describe('extractNewText on the rest of the corpus (EXPECTED.md: assertions only)', () => {
  it('keeps lines that start with "On" but are not an attribution', () => {
    const newText = extractNewText({
      text: readCorpus('crisp-email-reply-parser/email_tricky_1_on_false_positive.txt'),
    });

    expect(newText).toContain('On the surface, this looks like a quote header');
    expect(newText).toContain('On a separate note, I wanted to mention that performance is great.');
  });

  it('keeps "sent from my iPhone app" written inside a sentence', () => {
    const newText = extractNewText({
      text: readCorpus('crisp-email-reply-parser/email_tricky_8_sent_from_in_content.txt'),
    });

    expect(newText).toContain('The notification was sent from my iPhone app to all users.');
    expect(newText).toContain('All messages are sent from the main server.');
  });

  it('survives every file of the corpus without leaking a quoted line', async () => {
    const files = corpusFiles().filter((f) => /\.(txt|html|eml)$/.test(f));

    for (const file of files) {
      const newText = extractNewText(await load({ file }));
      expect(
        newText.split('\n').filter((line) => line.trimStart().startsWith('>')),
        file,
      ).toEqual([]);
    }
    expect(files.length).toBeGreaterThan(100);
  });
});

describe('extractNewText speed (no ReDoS)', () => {
  it.each([
    'github-email_reply_parser/email_long_quote.txt',
    'github-email_reply_parser/pathological.txt',
  ])('reads %s in well under a second', (file) => {
    const text = readCorpus(file);

    const started = performance.now();
    const newText = extractNewText({ text });
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(2000);
    expect(newText).not.toContain('>');
  });

  it.each([
    ['lines the library reads slowly', 'abc. x skrev y\n'.repeat(5000)],
    ['many attribution-like lines', 'On 1 Jan 2026 someone wrote\n'.repeat(5000)],
    ['a huge unquoted tail below a quote', `> q\n\n${'x '.repeat(500_000)}`],
    ['an HTML body of unclosed tags', '<div class="gmail_quote"'.repeat(20_000)],
  ])('reads %s quickly', (_case, text) => {
    const started = performance.now();
    extractNewText({ text });
    extractNewText({ html: text });

    expect(performance.now() - started).toBeLessThan(2000);
  });
});

function corpusFiles(): string[] {
  const root = fileURLToPath(CORPUS);
  const walk = (dir: string): string[] =>
    readdirSync(root + dir).flatMap((name) => {
      const path = `${dir}${name}`;
      return statSync(root + path).isDirectory() ? walk(`${path}/`) : [path];
    });
  return walk('');
}
