/**
 * A link target only for http(s) URLs (issue 4): anything else (javascript:, data:, vbscript:,
 * relative or unparseable text) gets no link at all. Returns the URL as the parser serialised it.
 */
export function safeHref(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}
