import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CongsoError } from '../../shared/errors';
import { decodeBase64, encodeBase64 } from './base64';
import { buildEdxmlPackage, buildEdxmlStatus, edxmlKindOf, parseEdxmlPackage, parseEdxmlStatus } from './codec';
import { sampleEdxmlPackage } from './sample';
import type { EdxmlPackage, Organ, StatusMessage } from './types';
import { statusCodes } from './types';
import { documentIdOf } from './validate';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Valid packages drawn from a seed: Vietnamese text with XML's special characters, edge lengths, optional parts. */
function generator(seed: number) {
  const random = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const maybe = <T>(make: () => T): T | undefined => (random() < 0.5 ? make() : undefined);
  const alphabet = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữự 0123456789<>&"\'\n\t;#/'];
  const text = (max: number) => {
    const n = random() < 0.15 ? max : int(1, Math.min(max, 60));
    let s = pick(['A', 'Đ', 'ư', '&', '<']);
    while ([...s].length < n) s += pick(alphabet);
    return s;
  };
  const code = () =>
    `${pick(['000', '001', '123'])}.${pick(['00', '12', '99'])}.${pick(['00', '20'])}.${pick(['H53', 'G22', 'A01'])}`;
  const organId = () => {
    const c = code();
    // a level gap (000.12.00.X) is not an agency code: fix it
    const [v, z, y, m] = c.split('.') as [string, string, string, string];
    return y === '00' && (z !== '00' || v !== '000')
      ? `000.00.00.${m}`
      : z === '00' && v !== '000'
        ? `000.00.${y}.${m}`
        : c;
  };
  const date = () => `${int(2000, 2030)}/${String(int(1, 12)).padStart(2, '0')}/${String(int(1, 28)).padStart(2, '0')}`;
  const organ = (): Organ => {
    const o: Organ = { organId: organId(), organName: text(200) };
    const inCharge = maybe(() => text(200));
    if (inCharge) o.organizationInCharge = inCharge;
    if (random() < 0.5) o.organAdd = text(250);
    if (random() < 0.5) o.email = `vt${int(1, 99)}@tayninh.gov.vn`;
    if (random() < 0.5) o.telephone = `0276 ${int(1000000, 9999999)}`;
    if (random() < 0.3) o.fax = `0276${int(1000000, 9999999)}`;
    if (random() < 0.3) o.website = `https://${int(1, 9)}.tayninh.gov.vn`;
    return o;
  };
  const bytes = () => {
    const b = new Uint8Array(int(0, 3000));
    for (let i = 0; i < b.length; i++) b[i] = int(0, 255);
    return b;
  };
  return {
    package(): EdxmlPackage {
      const from = organ();
      const promulgationDate = date();
      const c = { codeNumber: String(int(1, 99999)), codeNotation: pick(['QĐ-UBND', 'STP-HCTP', 'UBND-KT', 'TB-SNV']) };
      const header: EdxmlPackage['header'] = {
        from,
        to: Array.from({ length: int(1, 3) }, organ),
        code: c,
        promulgationInfo: { place: text(150), promulgationDate },
        documentType: { type: int(0, 99), typeName: text(100) },
        subject: text(500),
        signerInfo: { position: text(100), fullName: text(50) },
        toPlaces: Array.from({ length: int(0, 3) }, () => text(300)),
        otherInfo: {
          priority: pick([0, 1, 2, 3, 4] as const),
          appendixes: Array.from({ length: int(0, 2) }, () => text(250)),
        },
        responseFor: Array.from({ length: int(0, 2) }, () => {
          const organIdOf = organId();
          const d = date();
          return {
            organId: organIdOf,
            code: '45/UBND-VP',
            promulgationDate: d,
            documentId: `${organIdOf},${d},45/UBND-VP`,
          };
        }),
        steeringType: pick([0, 1, 2] as const),
        documentId: documentIdOf(from.organId, promulgationDate, c),
      };
      if (random() < 0.5) header.content = text(2000);
      if (random() < 0.5) header.signerInfo.competence = text(100);
      if (random() < 0.5) header.dueDate = date();
      if (random() < 0.5) header.otherInfo.sphereOfPromulgation = text(100);
      if (random() < 0.5) header.otherInfo.typerNotation = text(10);
      if (random() < 0.5) header.otherInfo.promulgationAmount = int(0, 9999);
      if (random() < 0.5) header.otherInfo.pageAmount = int(0, 9999);
      const business: EdxmlPackage['business'] = {
        businessDocType: pick([0, 1, 2, 3] as const),
        paper: pick([0, 1] as const),
      };
      if (random() < 0.5) business.businessDocReason = text(500);
      if (random() < 0.5) business.staffInfo = { department: text(100), staff: text(100) };
      return {
        header,
        traceHeaders: Array.from({ length: int(0, 3) }, () => ({
          organId: organId(),
          timestamp: `${date()} ${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}`,
        })),
        business,
        attachments: Array.from({ length: int(0, 3) }, (_, i) => {
          const a: EdxmlPackage['attachments'][number] = {
            contentId: `att-${i}.${pick(['pdf', 'docx'])}`,
            contentType: pick([
              'application/pdf',
              'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
              'image/png',
            ]),
            attachmentName: text(200),
            content: bytes(),
          };
          if (random() < 0.5) a.description = text(500);
          return a;
        }),
      };
    },
  };
}

const issuesOf = (xml: string) => {
  const result = parseEdxmlPackage(xml);
  assert.equal(result.ok, false, 'the package should be refused');
  return result.ok ? [] : result.issues.map((i) => [i.path, i.code]);
};

describe('edXML packages: build → parse', () => {
  it('reads back the sample package exactly', () => {
    const value = sampleEdxmlPackage();
    const xml = buildEdxmlPackage(value);
    assert.ok(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"',
      ),
    );
    assert.ok(xml.includes('<edXML:Reference xlink:href="cid:cv-123.pdf">'));
    assert.ok(
      xml.includes('<edXML:Subject>V/v hướng dẫn đăng ký khai sinh trực tuyến &amp; liên thông</edXML:Subject>'),
    );
    assert.ok(xml.includes('<edXML:DocumentId>000.00.12.H53,2026/12/04,123/STP-HCTP</edXML:DocumentId>'));
    assert.deepEqual(parseEdxmlPackage(xml), { ok: true, value });
    assert.equal(edxmlKindOf(xml), 'package');
  });

  it('round-trips 300 generated packages (seed 102)', () => {
    const gen = generator(102);
    for (let i = 0; i < 300; i++) {
      const value = gen.package();
      const xml = buildEdxmlPackage(value);
      const result = parseEdxmlPackage(xml);
      if (!result.ok) assert.fail(`case ${i}: ${JSON.stringify(result.issues)}\n${xml.slice(0, 2000)}`);
      assert.deepEqual(result.value, value, `case ${i}`);
    }
  });

  it('reads a package whose namespace uses another prefix or the default namespace', () => {
    const xml = buildEdxmlPackage(sampleEdxmlPackage());
    const other = xml.replaceAll('edXML:', 'q:').replace('xmlns:q=', 'xmlns:q=');
    assert.deepEqual(parseEdxmlPackage(other.replace('xmlns:edXML=', 'xmlns:q=')), {
      ok: true,
      value: sampleEdxmlPackage(),
    });
    const dflt = xml.replaceAll('edXML:', '').replace('xmlns:edXML=', 'xmlns=');
    assert.deepEqual(parseEdxmlPackage(dflt), { ok: true, value: sampleEdxmlPackage() });
  });

  it('refuses to build a package the standard refuses, with the problems', () => {
    const value = sampleEdxmlPackage();
    value.header.subject = 'x'.repeat(501);
    assert.throws(
      () => buildEdxmlPackage(value),
      (error: unknown) =>
        error instanceof CongsoError &&
        error.code === 'VALIDATION_FAILED' &&
        JSON.stringify(error.details) ===
          JSON.stringify([
            {
              path: 'MessageHeader.Subject',
              code: 'too_long',
              message: { vi: 'Tối đa 500 ký tự.', en: 'At most 500 characters.' },
            },
          ]),
    );
  });
});

describe('edXML packages: refusals', () => {
  const good = () => buildEdxmlPackage(sampleEdxmlPackage());

  it('wrong namespace', () => {
    const result = parseEdxmlPackage(
      good().replace('http://www.mic.gov.vn/TBT/QCVN_102_2016', 'http://example.com/edxml'),
    );
    assert.deepEqual(result, {
      ok: false,
      issues: [
        {
          path: 'edXMLEnvelope',
          code: 'namespace',
          message: {
            vi: 'Gói tin không thuộc không gian tên edXML http://www.mic.gov.vn/TBT/QCVN_102_2016.',
            en: 'The package is not in the edXML namespace http://www.mic.gov.vn/TBT/QCVN_102_2016.',
          },
        },
      ],
    });
  });

  it('subject over 500 characters (500 is fine)', () => {
    const xml = good();
    const at = (n: number) => xml.replace(/<edXML:Subject>[^<]*</, `<edXML:Subject>${'ư'.repeat(n)}<`);
    assert.equal(parseEdxmlPackage(at(500)).ok, true);
    assert.deepEqual(issuesOf(at(501)), [['MessageHeader.Subject', 'too_long']]);
  });

  it('bad base64', () => {
    const xml = good().replace(/<edXML:ContentTransferEncoded>[^<]*</, '<edXML:ContentTransferEncoded>JVBERi0x*jQK<');
    const result = parseEdxmlPackage(xml);
    assert.deepEqual(result, {
      ok: false,
      issues: [
        {
          path: 'AttachmentEncoded.Attachment[0].ContentTransferEncoded',
          code: 'base64',
          message: { vi: 'Nội dung tệp đính kèm không phải base64 hợp lệ.', en: 'The attachment is not valid base64.' },
        },
      ],
    });
    assert.deepEqual(
      issuesOf(good().replace(/<edXML:ContentTransferEncoded>([^<]*)</, '<edXML:ContentTransferEncoded>$1A<')),
      [['AttachmentEncoded.Attachment[0].ContentTransferEncoded', 'base64']],
    );
    // non-zero bits after the last byte are not canonical base64
    assert.equal(decodeBase64('QR=='), null);
    assert.deepEqual(decodeBase64('QQ=='), new Uint8Array([65]));
  });

  it('missing header, missing MessageHeader, missing required fields', () => {
    const xml = good();
    assert.deepEqual(issuesOf(xml.replace(/<edXML:edXMLHeader>[\s\S]*<\/edXML:edXMLHeader>/, '')), [
      ['edXMLHeader', 'required'],
    ]);
    assert.deepEqual(issuesOf(xml.replace(/<edXML:MessageHeader>[\s\S]*<\/edXML:MessageHeader>/, '')), [
      ['MessageHeader', 'required'],
    ]);
    assert.deepEqual(
      issuesOf(
        xml.replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, '').replace(/<edXML:From>[\s\S]*?<\/edXML:From>/, ''),
      ),
      [
        ['MessageHeader.From.OrganId', 'required'],
        ['MessageHeader.From.OrganName', 'required'],
        ['MessageHeader.Subject', 'required'],
        ['MessageHeader.DocumentId', 'mismatch'],
      ],
    );
  });

  it('unknown priority, bad dates, DocumentId not matching the header', () => {
    const xml = good();
    for (const bad of ['5', '-1', 'khẩn', '1.5']) {
      assert.deepEqual(
        issuesOf(xml.replace('<edXML:Priority>1<', `<edXML:Priority>${bad}<`)),
        [['MessageHeader.OtherInfo.Priority', 'enum']],
        bad,
      );
    }
    assert.deepEqual(issuesOf(xml.replace('<edXML:DueDate>2026/12/31<', '<edXML:DueDate>2026-12-31<')), [
      ['MessageHeader.DueDate', 'invalid_format'],
    ]);
    assert.deepEqual(issuesOf(xml.replace('<edXML:DueDate>2026/12/31<', '<edXML:DueDate>2026/02/29<')), [
      ['MessageHeader.DueDate', 'invalid_format'],
    ]);
    assert.deepEqual(issuesOf(xml.replace('2026/12/04,123/STP-HCTP', '2026/12/05,123/STP-HCTP')), [
      ['MessageHeader.DocumentId', 'mismatch'],
    ]);
    assert.deepEqual(issuesOf(xml.replace('<edXML:SteeringType>0<', '<edXML:SteeringType>3<')), [
      ['MessageHeader.SteeringType', 'enum'],
    ]);
  });

  it('attachment name over 200 characters, place over 150, appendix over 250', () => {
    const xml = good();
    assert.deepEqual(issuesOf(xml.replaceAll('cv-123-stp.pdf', `${'a'.repeat(197)}.pdf`)), [
      ['AttachmentEncoded.Attachment[0].AttachmentName', 'too_long'],
    ]);
    assert.deepEqual(issuesOf(xml.replace('<edXML:Place>Tây Ninh<', `<edXML:Place>${'T'.repeat(151)}<`)), [
      ['MessageHeader.PromulgationInfo.Place', 'too_long'],
    ]);
    assert.deepEqual(issuesOf(xml.replace('<edXML:Appendix>Phụ lục I', `<edXML:Appendix>${'P'.repeat(250)}`)), [
      ['MessageHeader.OtherInfo.Appendixes.Appendix[0]', 'too_long'],
    ]);
  });

  it('a manifest that does not match the attachments', () => {
    const xml = good();
    assert.deepEqual(issuesOf(xml.replace('xlink:href="cid:cv-123.pdf"', 'xlink:href="cid:other.pdf"')), [
      ['edXMLBody.edXMLManifest.Reference[0].href', 'mismatch'],
      ['AttachmentEncoded.Attachment[0].ContentId', 'mismatch'],
    ]);
  });

  it('XML bombs: any DTD or entity declaration is refused before parsing', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>`;
    const bomb = good()
      .replace('<?xml version="1.0" encoding="UTF-8"?>', laughs)
      .replace('<edXML:Subject>V/v', '<edXML:Subject>&lol9;V/v');
    assert.deepEqual(issuesOf(bomb), [['', 'dtd_forbidden']]);
    const external = good().replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    );
    assert.deepEqual(issuesOf(external), [['', 'dtd_forbidden']]);
    // an undeclared entity is malformed, not expanded
    assert.deepEqual(issuesOf(good().replace('<edXML:Subject>V/v', '<edXML:Subject>&nbsp;V/v')), [
      ['', 'malformed_xml'],
    ]);
  });

  it('malformed XML and an unknown prefix', () => {
    assert.deepEqual(issuesOf('<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><a></b>'), [
      ['', 'malformed_xml'],
    ]);
    assert.deepEqual(issuesOf('not xml at all'), [['', 'malformed_xml']]);
    assert.deepEqual(issuesOf('<x:edXMLEnvelope/>'), [['', 'malformed_xml']]);
  });

  it('a 100 MB attachment is refused by its size, before decoding', () => {
    // base64 of 100 MB is 140 MB of text: refused by the text's length without reading it
    const huge = 'A'.repeat(Math.ceil((100 * 1024 * 1024) / 3) * 4);
    const xml = good().replace(/<edXML:ContentTransferEncoded>[^<]*</, `<edXML:ContentTransferEncoded>${huge}<`);
    assert.deepEqual(issuesOf(xml), [['', 'too_large']]);
    // under a smaller limit, one attachment over it is refused from its base64 length
    const oneMb = good().replace(
      /<edXML:ContentTransferEncoded>[^<]*</,
      `<edXML:ContentTransferEncoded>${'A'.repeat(1398104)}<`,
    );
    const result = parseEdxmlPackage(oneMb, { maxAttachmentBytes: 1024 * 1024 });
    assert.deepEqual(result.ok ? [] : result.issues, [
      {
        path: 'AttachmentEncoded.Attachment[0].ContentTransferEncoded',
        code: 'too_large',
        message: { vi: 'Vượt quá 1 MB.', en: 'Larger than 1 MB.' },
      },
    ]);
  });
});

describe('edXML status messages', () => {
  const from: Organ = { organId: '000.01.20.H53', organName: 'UBND phường Tân Ninh' };
  const responseFor = {
    organId: '000.00.12.H53',
    code: '123/STP-HCTP',
    promulgationDate: '2026/12/04',
    documentId: '000.00.12.H53,2026/12/04,123/STP-HCTP',
  };

  it('round-trips every status code', () => {
    for (const statusCode of statusCodes) {
      const value: StatusMessage = {
        responseFor,
        from,
        statusCode,
        description: 'Đã tiếp nhận & vào sổ',
        timestamp: '2026/12/04 10:00:00',
        staffInfo: { department: 'Văn thư', staff: 'Lê Văn C' },
      };
      const xml = buildEdxmlStatus(value);
      assert.equal(edxmlKindOf(xml), 'status');
      assert.deepEqual(parseEdxmlStatus(xml), { ok: true, value });
    }
  });

  it('refuses an unknown status code and a bad timestamp', () => {
    const xml = buildEdxmlStatus({ responseFor, from, statusCode: '03', timestamp: '2026/12/04 10:00:00' });
    const result = parseEdxmlStatus(
      xml
        .replace('<edXML:StatusCode>03<', '<edXML:StatusCode>07<')
        .replace('2026/12/04 10:00:00', '2026/12/04 24:00:00'),
    );
    assert.deepEqual(result.ok ? [] : result.issues.map((i) => [i.path, i.code]), [
      ['Status.StatusCode', 'enum'],
      ['Status.Timestamp', 'invalid_format'],
    ]);
  });
});

describe('base64', () => {
  it('agrees with the platform on every length up to 300 bytes', () => {
    const random = mulberry32(7);
    for (let n = 0; n <= 300; n++) {
      const bytes = new Uint8Array(n).map(() => Math.floor(random() * 256));
      const text = encodeBase64(bytes);
      assert.equal(text, btoa(String.fromCharCode(...bytes)));
      assert.deepEqual(decodeBase64(text), bytes);
    }
  });
});
