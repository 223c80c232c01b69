/** A valid package, for examples, the demo and tests: Sở Tư pháp writes to UBND phường Tân Ninh. */
import type { EdxmlPackage } from './types';

const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export function sampleEdxmlPackage(): EdxmlPackage {
  return {
    header: {
      from: {
        organId: '000.00.12.H53',
        organName: 'Sở Tư pháp tỉnh Tây Ninh',
        organAdd: 'Số 1 đường Trần Hưng Đạo, Tây Ninh',
        email: 'stp@tayninh.gov.vn',
        telephone: '0276 3822 123',
      },
      to: [{ organId: '000.01.20.H53', organName: 'UBND phường Tân Ninh' }],
      code: { codeNumber: '123', codeNotation: 'STP-HCTP' },
      promulgationInfo: { place: 'Tây Ninh', promulgationDate: '2026/12/04' },
      documentType: { type: 1, typeName: 'Công văn' },
      subject: 'V/v hướng dẫn đăng ký khai sinh trực tuyến & liên thông',
      content: 'Kính gửi UBND phường Tân Ninh,\nSở Tư pháp hướng dẫn <như sau>.',
      signerInfo: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Nguyễn Văn An' },
      dueDate: '2026/12/31',
      toPlaces: ['UBND phường Tân Ninh', 'Lưu: VT, HCTP'],
      otherInfo: { priority: 1, promulgationAmount: 3, pageAmount: 2, appendixes: ['Phụ lục I: Danh mục thủ tục'] },
      responseFor: [],
      steeringType: 0,
      documentId: '000.00.12.H53,2026/12/04,123/STP-HCTP',
    },
    traceHeaders: [{ organId: '000.00.12.H53', timestamp: '2026/12/04 09:15:00' }],
    business: { businessDocType: 0, paper: 0, staffInfo: { department: 'Văn phòng', staff: 'Trần Thị Bình' } },
    attachments: [
      {
        contentId: 'cv-123.pdf',
        contentType: 'application/pdf',
        description: 'Văn bản',
        attachmentName: 'cv-123-stp.pdf',
        content: pdf,
      },
    ],
  };
}
