/** The "Write to …" draft links of an email Tend sent, read back the way a mail client does. */

export interface DraftLink {
  /** The link text ("Write to Ana"). */
  label: string;
  /** The URI as it stands in the href, after HTML unescaping. */
  uri: string;
  to: string;
  subject: string | undefined;
  body: string | undefined;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

function unescapeHtml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
}

/** RFC 6068: `mailto:to?hfname=hfvalue&…`, each part percent-decoded (decodeURIComponent). */
export function parseMailto(uri: string): Omit<DraftLink, 'label' | 'uri'> {
  const match = /^mailto:([^?]*)(?:\?(.*))?$/s.exec(uri);
  if (!match) throw new Error(`not a mailto URI: ${uri}`);
  const fields = new Map<string, string>();
  for (const pair of (match[2] ?? '').split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    fields.set(
      decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase(),
      decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1)),
    );
  }
  return {
    to: decodeURIComponent(match[1] ?? ''),
    subject: fields.get('subject'),
    body: fields.get('body'),
  };
}

/** Every `<a href="mailto:…">` of an HTML part. */
export function htmlDraftLinks(html: string): DraftLink[] {
  return [...html.matchAll(/<a href="(mailto:[^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => {
    const uri = unescapeHtml(m[1] ?? '');
    return { label: unescapeHtml(m[2] ?? '').trim(), uri, ...parseMailto(uri) };
  });
}

/** Every "Write to NAME: mailto:…" line of a text part. */
export function textDraftLinks(text: string): DraftLink[] {
  return [...text.matchAll(/^\s*(Write to .+?): (mailto:\S+)$/gm)].map((m) => {
    const uri = m[2] ?? '';
    return { label: m[1] ?? '', uri, ...parseMailto(uri) };
  });
}
