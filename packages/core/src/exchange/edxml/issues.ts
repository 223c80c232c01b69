/** Field problems of an edXML package, in the API's shape ({ path, code, message: { vi, en } }). */
import type { FieldIssue } from '../../shared/errors';

export type EdxmlProblem =
  | { code: 'required' }
  | { code: 'too_long'; max: number }
  | { code: 'too_large'; max: number }
  | { code: 'invalid_format'; expected: string }
  | { code: 'enum'; allowed: string }
  | { code: 'base64' }
  | { code: 'namespace' }
  | { code: 'malformed_xml'; detail: string }
  | { code: 'dtd_forbidden' }
  | { code: 'mismatch'; expected: string }
  | { code: 'duplicate' };

const megabytes = (bytes: number) => `${Math.round((bytes / 1048576) * 10) / 10} MB`;

export function edxmlIssue(path: string, problem: EdxmlProblem): FieldIssue {
  switch (problem.code) {
    case 'required':
      return { path, code: 'required', message: { vi: 'Không được để trống.', en: 'Required.' } };
    case 'too_long':
      return {
        path,
        code: 'too_long',
        message: { vi: `Tối đa ${problem.max} ký tự.`, en: `At most ${problem.max} characters.` },
      };
    case 'too_large':
      return {
        path,
        code: 'too_large',
        message: { vi: `Vượt quá ${megabytes(problem.max)}.`, en: `Larger than ${megabytes(problem.max)}.` },
      };
    case 'invalid_format':
      return {
        path,
        code: 'invalid_format',
        message: { vi: `Sai định dạng, cần: ${problem.expected}.`, en: `Wrong format, expected: ${problem.expected}.` },
      };
    case 'enum':
      return {
        path,
        code: 'enum',
        message: {
          vi: `Giá trị không hợp lệ, chỉ nhận: ${problem.allowed}.`,
          en: `Unknown value, allowed: ${problem.allowed}.`,
        },
      };
    case 'base64':
      return {
        path,
        code: 'base64',
        message: { vi: 'Nội dung tệp đính kèm không phải base64 hợp lệ.', en: 'The attachment is not valid base64.' },
      };
    case 'namespace':
      return {
        path,
        code: 'namespace',
        message: {
          vi: 'Gói tin không thuộc không gian tên edXML http://www.mic.gov.vn/TBT/QCVN_102_2016.',
          en: 'The package is not in the edXML namespace http://www.mic.gov.vn/TBT/QCVN_102_2016.',
        },
      };
    case 'malformed_xml':
      return {
        path,
        code: 'malformed_xml',
        message: { vi: `XML không đúng cú pháp: ${problem.detail}.`, en: `The XML is malformed: ${problem.detail}.` },
      };
    case 'dtd_forbidden':
      return {
        path,
        code: 'dtd_forbidden',
        message: {
          vi: 'Gói tin edXML không được chứa DTD hay khai báo thực thể (DOCTYPE, ENTITY).',
          en: 'An edXML package may not contain a DTD or entity declarations (DOCTYPE, ENTITY).',
        },
      };
    case 'mismatch':
      return {
        path,
        code: 'mismatch',
        message: { vi: `Không khớp, cần: ${problem.expected}.`, en: `Does not match, expected: ${problem.expected}.` },
      };
    case 'duplicate':
      return { path, code: 'duplicate', message: { vi: 'Bị trùng.', en: 'Duplicated.' } };
  }
}
