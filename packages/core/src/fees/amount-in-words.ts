/**
 * An amount of dong in Vietnamese words, as a receipt writes it ("Số tiền bằng chữ"): 1.250.000 →
 * "Một triệu hai trăm năm mươi nghìn đồng". Rules: "mười" for 10-19, "mươi" from 20; "mốt" for a final 1 after
 * a tens of 20 or more; "lăm" for a final 5 after any tens; "tư" for a final 4 after a tens of 20 or more;
 * "linh" for a zero tens before a unit (105 "một trăm linh năm"); a group after a larger one reads all
 * three places ("một triệu không trăm linh năm nghìn"); groups of zeros are skipped; "tỷ" repeats
 * ("một nghìn tỷ").
 */
const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
const GROUPS = ['', 'nghìn', 'triệu'] as const;

/** Reads 0-999; `full`: read the hundreds even when zero (a group after a larger one). */
function readGroup(n: number, full: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const units = n % 10;
  const words: string[] = [];
  if (full || hundreds > 0) words.push(DIGITS[hundreds] as string, 'trăm');
  if (tens === 0) {
    if (units > 0 && words.length > 0) words.push('linh');
  } else if (tens === 1) {
    words.push('mười');
  } else {
    words.push(DIGITS[tens] as string, 'mươi');
  }
  if (units === 0) return words;
  if (units === 1 && tens >= 2) words.push('mốt');
  else if (units === 5 && tens >= 1) words.push('lăm');
  else if (units === 4 && tens >= 2) words.push('tư');
  else words.push(DIGITS[units] as string);
  return words;
}

/** Reads a whole number below 10^9 (`full`: a larger part came before it). */
function readBelowBillion(n: number, full: boolean): string[] {
  const words: string[] = [];
  let started = full;
  for (let g = 2; g >= 0; g--) {
    const group = Math.floor(n / 1000 ** g) % 1000;
    if (group === 0) continue;
    words.push(...readGroup(group, started));
    if (GROUPS[g]) words.push(GROUPS[g] as string);
    started = true;
  }
  return words;
}

/** A whole number of dong in words, lower case, without "đồng" (0 → "không"). */
export function numberInVietnameseWords(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Not a whole amount: ${value}`);
  if (value === 0) return 'không';
  const words: string[] = [];
  // Split into billions (tỷ) recursively: 10^9 and above read their own count, then "tỷ".
  const billions = Math.floor(value / 1e9);
  const rest = value % 1e9;
  if (billions > 0) words.push(numberInVietnameseWords(billions), 'tỷ');
  if (rest > 0) words.push(...readBelowBillion(rest, billions > 0));
  return words.join(' ');
}

/** "Một triệu hai trăm năm mươi nghìn đồng": the receipt's amount in words, capitalised. */
export function amountInVietnameseWords(value: number): string {
  const words = `${numberInVietnameseWords(value)} đồng`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "1.250.000": dong with dots between thousands, as Vietnamese forms print them. */
export function formatDong(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
