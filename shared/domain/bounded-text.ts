/**
 * Text that came from outside (a header, an envelope) as Tend keeps it: at most `max`
 * characters, cut with an ellipsis, so no input can grow an item past what DynamoDB takes; and
 * well-formed, since a bad charset can decode to a lone UTF-16 surrogate, which is not UTF-8.
 */
export function boundedText(text: string, max: number): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut.replace(LONE_SURROGATE, '\uFFFD');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
