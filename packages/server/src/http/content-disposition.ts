/**
 * `inline; filename="ascii"` — plus `filename*=UTF-8''…` (RFC 6266 / 5987) when the name is not plain ASCII,
 * with an ASCII fallback (Vietnamese without diacritics). Safe for any name.
 */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  if (/^[\x20-\x7e]*$/.test(name) && !/["\\]/.test(name)) return `${type}; filename="${name}"`;
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
