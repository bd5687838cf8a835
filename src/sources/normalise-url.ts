export const MAX_URL_CHARS = 2_048;
/** A registry `{variable}` template (server.json remotes); the name is group 1. */
export const TEMPLATE_VARIABLE = /\{([A-Za-z_][\w.-]*)\}/;

export type UrlOutcome = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Validates and normalises an endpoint URL: http(s) only, at most 2,048 characters,
 * host lower-cased and default port dropped (WHATWG URL does both), fragment dropped.
 * Unfilled `{variable}` templates (registry remotes) are refused with their own reason.
 */
export function normaliseUrl(text: string): UrlOutcome {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty URL' };
  if (trimmed.length > MAX_URL_CHARS) return { ok: false, reason: `URL longer than ${MAX_URL_CHARS} characters` };
  const template = TEMPLATE_VARIABLE.exec(trimmed);
  if (template) return { ok: false, reason: `URL template not filled (${template[0]})` };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return { ok: false, reason: `${scheme}: URLs cannot be probed (http and https only)` };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `${url.protocol} URLs cannot be probed (http and https only)` };
  if (url.hostname === '') return { ok: false, reason: 'URL has no host' };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'URL carries credentials; pass them as a header instead' };
  url.hash = '';
  return { ok: true, url: url.href };
}
