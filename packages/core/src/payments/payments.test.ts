import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalSigningText, paymentReferenceOf, referenceNamesDossier } from './reference';
import { crc16Ccitt, parseEmvQr, tlv, vietQrPayload } from './vietqr';

describe('CRC-16/CCITT-FALSE', () => {
  it('gives the catalogue check value and the CRCs of QR codes Vietnamese banks printed', () => {
    assert.equal(crc16Ccitt('123456789'), 0x29b1);
    // Payloads as banks and a payment gateway generated them (the last four characters are their CRC).
    for (const payload of [
      '00020101021138570010A00000072701270006970405011322082054793800208QRIBFTTA53037045802VN630497A6',
      '00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F',
      '00020101021238570010A000000727012700069704220113VQRQABRLS04480208QRIBFTTA5303704540420005802VN6224082018f8746b181045f0a2ce63040FC0',
    ]) {
      assert.equal(crc16Ccitt(payload.slice(0, -4)).toString(16).toUpperCase().padStart(4, '0'), payload.slice(-4));
    }
  });
});

describe('VietQR payload', () => {
  it('builds a static QR byte for byte as a bank does', () => {
    assert.equal(
      vietQrPayload({ bankBin: '970405', accountNumber: '2208205479380' }),
      '00020101021138570010A00000072701270006970405011322082054793800208QRIBFTTA53037045802VN630497A6',
    );
  });

  it('builds a dynamic QR with amount and purpose byte for byte as a payment gateway does', () => {
    assert.equal(
      vietQrPayload({
        bankBin: '970422',
        accountNumber: 'VQRQABRLS0448',
        amount: 2000,
        purpose: '18f8746b181045f0a2ce',
      }),
      '00020101021238570010A000000727012700069704220113VQRQABRLS04480208QRIBFTTA5303704540420005802VN6224082018f8746b181045f0a2ce63040FC0',
    );
  });

  it('spells out each EMVCo field of a dossier’s fee', () => {
    const reference = paymentReferenceOf('000.01.50.H59-261123-0001', 1);
    const payload = vietQrPayload({
      bankBin: '970415',
      accountNumber: '7111012345678',
      amount: 25000,
      purpose: reference,
    });
    const expected =
      '000201' + // 00 payload format indicator "01"
      '010212' + // 01 point of initiation: 12 dynamic
      '3857' + // 38 merchant account information, 57 characters:
      '0010A000000727' + //   00 NAPAS GUID
      '0127' + //   01 beneficiary organisation, 27 characters:
      '0006970415' + //     00 acquirer BIN (VietinBank)
      '01137111012345678' + //     01 account number, 13 characters
      '0208QRIBFTTA' + //   02 service: transfer to an account
      '5303704' + // 53 currency: VND
      '540525000' + // 54 amount: 25000
      '5802VN' + // 58 country
      '6228' + // 62 additional data, 28 characters:
      '0824HS0000150H59261123000101' + //   08 purpose: the reference naming the dossier
      '6304'; // 63 CRC, 4 characters
    assert.equal(payload.slice(0, -4), expected);
    assert.equal(payload.slice(-4), crc16Ccitt(expected).toString(16).toUpperCase().padStart(4, '0'));
    const fields = parseEmvQr(payload);
    assert.ok(fields);
    assert.equal(fields.get('54'), '25000');
    assert.equal(fields.get('62'), tlv('08', reference));
    // One character changed: the CRC no longer matches.
    assert.equal(parseEmvQr(payload.replace('25000', '35000')), null);
  });

  it('refuses what a bank could not read', () => {
    for (const bad of [
      { bankBin: '97041', accountNumber: '1' },
      { bankBin: '970415', accountNumber: '12-34' },
      { bankBin: '970415', accountNumber: '1', amount: 0 },
      { bankBin: '970415', accountNumber: '1', amount: 1.5 },
      { bankBin: '970415', accountNumber: '1', purpose: 'Lệ phí' },
      { bankBin: '970415', accountNumber: '1', purpose: 'x'.repeat(26) },
    ]) {
      assert.throws(() => vietQrPayload(bad), RangeError, JSON.stringify(bad));
    }
  });
});

describe('payment references and signatures', () => {
  it('names the dossier in letters and digits, 24 characters', () => {
    assert.equal(paymentReferenceOf('000.01.50.H59-261123-0001', 1), 'HS0000150H59261123000101');
    assert.equal(paymentReferenceOf('000.01.50.H59-261123-0001', 12), 'HS0000150H59261123000112');
    assert.equal(referenceNamesDossier('HS0000150H59261123000101', '000.01.50.H59-261123-0001'), true);
    assert.equal(referenceNamesDossier('HS0000150H59261123000201', '000.01.50.H59-261123-0001'), false);
    assert.throws(() => paymentReferenceOf('000.01.50.H59-261123-0001', 0), RangeError);
  });

  it('signs the fields sorted by name, without the signature and the empty ones', () => {
    assert.equal(
      canonicalSigningText({ reference: 'HS01', amount: 25000, transactionId: 'T1', signature: 'x', note: null }),
      'amount=25000&reference=HS01&transactionId=T1',
    );
  });
});
