import { VN_UTC_OFFSET_MS } from '../../calendar/vn-time';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `yyyyMMddHHmmss` in Vietnam time (UTC+7, no daylight saving), the portal's date format (REFERENCES 2.2). */
export function formatPortalDate(instant: Date): string {
  const local = new Date(instant.getTime() + VN_UTC_OFFSET_MS);
  return (
    pad(local.getUTCFullYear(), 4) +
    pad(local.getUTCMonth() + 1) +
    pad(local.getUTCDate()) +
    pad(local.getUTCHours()) +
    pad(local.getUTCMinutes()) +
    pad(local.getUTCSeconds())
  );
}

const PORTAL_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** The instant of a portal date, or null when the text is not a real `yyyyMMddHHmmss` date (20261131… is not). */
export function parsePortalDate(text: string): Date | null {
  const m = PORTAL_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return new Date(utc - VN_UTC_OFFSET_MS);
}
