/** Vietnamese text helpers shared by search (server) and filters (web). */

/** Removes diacritics (including đ/Đ) and lower-cases: "Tây Ninh" → "tay ninh". */
export function foldVietnamese(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
