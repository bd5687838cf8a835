/**
 * Server text made inert in GitHub-flavoured Markdown: control characters and bidi overrides
 * removed, line breaks flattened, and every character that can start Markdown or HTML syntax
 * (emphasis, links and images, code, tables, raw HTML, entities, strikethrough)
 * written as a numeric character reference. CommonMark never lets a character reference
 * act as syntax ("Entity and numeric character references", spec 0.31 §2.5), so `|` cannot
 * split a table cell and `<` cannot open a tag; the reader sees the text as sent.
 *
 * GFM's autolink extension (spec §6.9) is the exception that needs more: it links
 * `https://…`, `www.…` and `user@host` in plain text. `:` and `.` as references stop the URL
 * forms (checked with cmark-gfm -e autolink), but the email form is matched after references
 * are decoded, so `@` is followed by U+2060 WORD JOINER (invisible, and no email character).
 */
export function escapeMarkdown(text: string, maxChars = 300): string {
  const flat = text
    .replace(/[\t\n\r\u2028\u2029]+/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  const cut = flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat;
  return cut.replace(/[\\`*_[\]<>|&~:.@]/g, (c) => (c === '@' ? '@&#8288;' : `&#${c.charCodeAt(0)};`));
}
