export type ListFormat = 'text' | 'csv' | 'json';

/** By extension when it says; otherwise by content: JSON starts with [ or {, CSV has a header row naming `url`. */
export function detectFormat(file: string, text: string): ListFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase();
  if (extension === 'json') return 'json';
  if (extension === 'csv') return 'csv';
  if (extension === 'txt' || extension === 'list') return 'text';
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'json';
  const firstLine = start.split(/\r?\n/, 1)[0] ?? '';
  if (/(^|,)\s*"?url"?\s*(,|$)/i.test(firstLine) && firstLine.includes(',')) return 'csv';
  return 'text';
}
