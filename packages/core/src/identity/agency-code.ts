/**
 * Agency codes (mã định danh cơ quan) in the form of Decision 20/2020/QĐ-TTg:
 * `V1V2V3.Z1Z2.Y1Y2.M1M2M3`, read right to left as levels 1 to 4.
 *   - level 1 `M1M2M3`: a letter and two digits (H56 = People's Committee of Thanh Hóa);
 *   - level 2 `Y1Y2`, level 3 `Z1Z2`: two digits each; level 4 `V1V2V3`: three digits.
 * A code of level n has every segment of level ≤ n set (non-zero) and every segment above n zero,
 * so `000.17.00.H56` (level 3 without level 2) is not a code.
 */
export type AgencyCodeLevel = 1 | 2 | 3 | 4;

export interface ParsedAgencyCode {
  code: string;
  level: AgencyCodeLevel;
  /** Segments from level 1 to level 4. */
  segments: readonly [string, string, string, string];
  /** The code of the unit one level up, or null for a level-1 code. */
  parentCode: string | null;
}

export type AgencyCodeProblem = 'format' | 'level1' | 'gap';

const pattern = /^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z])(\d{2})$/;

export function parseAgencyCode(
  input: string,
): { ok: true; value: ParsedAgencyCode } | { ok: false; problem: AgencyCodeProblem } {
  const code = input.trim().toUpperCase();
  const match = pattern.exec(code);
  if (!match) return { ok: false, problem: 'format' };
  const [, v, z, y, letter, digits] = match as unknown as [string, string, string, string, string, string];
  if (digits === '00') return { ok: false, problem: 'level1' };
  const level1 = `${letter}${digits}`;
  const lower = [y, z, v]; // levels 2, 3, 4
  let level: AgencyCodeLevel = 1;
  for (let i = 0; i < lower.length; i++) {
    const set = !/^0+$/.test(lower[i] as string);
    if (set) {
      if (level !== i + 1) return { ok: false, problem: 'gap' };
      level = (i + 2) as AgencyCodeLevel;
    }
  }
  const segments = [level1, y, z, v] as const;
  return { ok: true, value: { code, level, segments, parentCode: parentOf(segments, level) } };
}

function parentOf(segments: readonly [string, string, string, string], level: AgencyCodeLevel): string | null {
  if (level === 1) return null;
  const [m, y, z] = segments;
  if (level === 2) return `000.00.00.${m}`;
  if (level === 3) return `000.00.${y}.${m}`;
  return `000.${z}.${y}.${m}`;
}

export function isValidAgencyCode(input: string): boolean {
  return parseAgencyCode(input).ok;
}

/** The code of a child unit one level below `parent`, numbered `ordinal` (1-based). */
export function childAgencyCode(parent: string, ordinal: number): string {
  const parsed = parseAgencyCode(parent);
  if (!parsed.ok) throw new RangeError(`not an agency code: ${parent}`);
  const { level, segments } = parsed.value;
  const [m, y, z] = segments;
  if (level === 4) throw new RangeError('a level-4 unit has no child codes');
  const width = level === 3 ? 3 : 2;
  const max = 10 ** width - 1;
  if (!Number.isInteger(ordinal) || ordinal < 1 || ordinal > max) {
    throw new RangeError(`ordinal must be 1..${max}`);
  }
  const n = String(ordinal).padStart(width, '0');
  if (level === 1) return `000.00.${n}.${m}`;
  if (level === 2) return `000.${n}.${y}.${m}`;
  return `${n}.${z}.${y}.${m}`;
}
