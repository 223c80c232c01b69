/**
 * The fee schedule read from a catalogue procedure: its per-channel fee text ("400,000 Việt Nam Đồng(Mức thu
 * lệ phí: 400.000đ/trường hợp. Miễn lệ phí đăng ký nuôi con nuôi trong nước đối với trường hợp …)"). One item
 * (the charge or fee the text names) with each channel's amount, the exemptions ("Miễn lệ phí cho/đối với …")
 * and reductions ("Bằng 50% …") with the legal text the sentence names, else the procedure's fee law. What
 * could not be read is listed in `review` for the province.
 */
import type { Channel, LegalReference, Procedure } from '../catalog/procedure';
import type { FeeExemption, FeeItem, FeeReviewCode, FeeSchedule } from './fee-schedule';

type FeeSource = Pick<Procedure, 'fees' | 'legalBasis'>;

const LEGAL_TEXT =
  /(?:(?:Điều|khoản|Khoản|điểm|Điểm)\s+[\dđa-z]+\s+(?:(?:Điều|khoản)\s+\d+\s+)?)?(?:Thông tư|Nghị định|Nghị quyết|Quyết định|Luật)(?:\s+(?:liên tịch\s+)?số)?\s+\d+\/\d{4}\/[A-ZĐ0-9-]+/gu;

/** The legal texts a sentence names, e.g. "Điều 4 Thông tư số 75/2022/TT-BTC". */
export function legalTextsIn(text: string): string[] {
  return [...text.matchAll(LEGAL_TEXT)].map((m) => m[0].replace(/\s+/g, ' ').trim());
}

/** The procedure's legal reference about fees (a Ministry of Finance circular, TT-BTC), if any. */
function feeLawOf(legalBasis: readonly LegalReference[]): string | null {
  const law = legalBasis.find((l) => /TT-BTC|TTLT-BTC/i.test(l.number));
  return law ? `Thông tư ${law.number}` : null;
}

/** The explanation after the amount cell: the text in its outer parentheses. */
function explanationOf(text: string): string {
  const open = text.indexOf('(');
  if (open < 0) return '';
  return text.slice(open + 1).replace(/\)+\s*$/u, '');
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=\.)\s*(?=\p{Lu})|\n|(?:^|\s)-\s+/u)
    .map((s) => s.replace(/^[\s(–-]+|[\s)]+$/gu, '').trim())
    .filter((s) => s.length > 0);
}

const EXEMPT = /(miễn\s+(?:thu\s+)?(?:lệ\s+)?phí|được miễn|không\s+thu\s+(?:lệ\s+)?phí)/iu;
const REDUCED = /(?:bằng|giảm)\s+(\d{1,2})\s*%/iu;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The text up to the end of the first legal text it names (what follows is the text's date and title). */
function upToLegalText(text: string): string {
  const first = [...text.matchAll(LEGAL_TEXT)][0];
  return first?.index === undefined ? text : text.slice(0, first.index + first[0].length);
}

/**
 * Who qualifies: "Trường hợp <who> thì …", or the list after "Miễn lệ phí … (cho|đối với)", one per
 * item of a list separated by semicolons.
 */
function beneficiaries(sentence: string): string[] {
  const when = /^Trường hợp\s+(.+?)\s+thì\s/u.exec(sentence);
  if (when?.[1]) return [capitalise(upToLegalText(when[1].trim()))];
  const m = /miễn\s+(?:thu\s+)?(?:lệ\s+)?phí.*?\s(?:cho|đối với)\s+(.+)$/iu.exec(sentence);
  const who = (m?.[1] ?? sentence).replace(/[.;…]+$/u, '').trim();
  return who
    .split(/;\s*/u)
    .map((w) => capitalise(w.trim()))
    .filter((w) => w.length > 0);
}

function unitOf(text: string): string {
  const m = /(?:đồng|đ|VNĐ)\s*\/\s*([^.,;()]{1,60})/iu.exec(text);
  return m?.[1]?.trim().toLowerCase().replace(/…$/u, '') || 'hồ sơ';
}

/** The fee schedule the catalogue's text allows (the province reviews what `review` lists). */
export function feeScheduleFromProcedure(procedure: FeeSource): FeeSchedule {
  const review = new Set<FeeReviewCode>();
  const amounts: Partial<Record<Channel, number>> = {};
  const texts: string[] = [];
  let unknown = false;
  for (const [channel, fee] of Object.entries(procedure.fees) as [
    Channel,
    { amountVnd: number | null; text: string },
  ][]) {
    if (!fee) continue;
    texts.push(fee.text);
    if (fee.amountVnd === null) {
      unknown = true;
      if (/hội đồng nhân dân|HĐND/iu.test(fee.text)) review.add('amount_set_by_province');
      else if (!/^không có thông tin|^$/iu.test(fee.text.trim())) review.add('amount_unknown');
      continue;
    }
    if (fee.amountVnd > 0) amounts[channel] = fee.amountVnd;
    if (fee.amountVnd > 0 && fee.amountVnd < 1000) review.add('amount_suspicious');
    const money = fee.text.match(/\d{1,3}(?:[.,]\d{3})+\s*(?:đ|đồng|vnđ)/giu) ?? [];
    if (new Set(money.map((m) => m.replace(/\D/g, ''))).size > 1) review.add('several_amounts');
  }
  const items: FeeItem[] = [];
  const allText = texts.join(' ');
  if (Object.keys(amounts).length > 0) {
    const charge = /lệ\s+phí/iu.test(allText) || !/(^|[^ệ])\s*phí/iu.test(allText.replace(/lệ\s+phí/giu, ''));
    items.push({
      id: charge ? 'le-phi' : 'phi',
      kind: charge ? 'charge' : 'fee',
      name: charge ? 'Lệ phí' : 'Phí',
      amounts,
      unit: unitOf(allText),
      due: 'filing',
    });
  } else if (unknown && review.size === 0 && texts.some((t) => t.trim() !== '' && !/^không có thông tin/iu.test(t))) {
    review.add('amount_unknown');
  }
  const exemptions: FeeExemption[] = [];
  if (items.length > 0) {
    const seen = new Set<string>();
    const feeLaw = feeLawOf(procedure.legalBasis);
    for (const text of texts) {
      const explanation = explanationOf(text);
      const fallbackLaw = legalTextsIn(explanation)[0] ?? feeLaw;
      for (const sentence of sentences(explanation)) {
        const reduced = REDUCED.exec(sentence);
        const exempt = EXEMPT.test(sentence);
        if (!reduced && !exempt) continue;
        const legalBasis = legalTextsIn(sentence)[0] ?? fallbackLaw;
        const descriptions = exempt ? beneficiaries(sentence) : [sentence.replace(/[.;…]+$/u, '')];
        for (const description of descriptions) {
          const key = description.toLowerCase();
          if (seen.has(key)) continue;
          seen.add(key);
          if (!legalBasis) review.add('legal_basis_missing');
          exemptions.push({
            id: `${exempt ? 'mien' : 'giam'}-${exemptions.length + 1}`,
            kind: exempt ? 'exemption' : 'reduction',
            description,
            percent: exempt ? 100 : Number(reduced?.[1]),
            legalBasis: legalBasis ?? '',
            itemIds: null,
          });
        }
      }
    }
  }
  return { items, exemptions, collector: { kind: 'agency' }, review: [...review] };
}
