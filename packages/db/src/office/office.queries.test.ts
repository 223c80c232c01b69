/**
 * Numbering under concurrency: 1,000 issues in one register at once give the numbers 1…n exactly once,
 * with no gap even when some issuing transactions roll back (on PostgreSQL the register's row lock
 * serialises them; on PGlite they are serialised anyway). Also the year's registers, search folding, and
 * search's two passes (the newest documents first, then the trigram index) giving the same answer.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { insertFile } from '../files/files.queries';
import { getPersonByUsername } from '../identity/index';
import { seedDemoProvince } from '../seed/demo-province';
import { createTestDatabase, type TestDatabase } from '../testing';
import {
  closeRegisterRow,
  ensureRegister,
  insertOfficeDocument,
  searchOfficeDocuments,
  searchOfficeDocumentsNaive,
  takeRegisterNumber,
} from './office.queries';

let t: TestDatabase;
let clerk: { id: string; agencyId: string };
const now = new Date('2026-11-23T02:00:00Z');

before(async () => {
  t = await createTestDatabase();
  await seedDemoProvince(t.connection.db, { hashPassword: async (p) => `test-hash:${p}`, now });
  const p = await getPersonByUsername(t.connection.db, 'vanthu.stp');
  clerk = { id: p?.id as string, agencyId: p?.agencyId as string };
});
after(() => t.drop());

/** One issue: take the number and write the document in one transaction; `fail` rolls it back after. */
async function issue(registerId: string, subject: string, fail = false): Promise<number | null> {
  try {
    return await t.connection.db.transaction(async (tx) => {
      const number = await takeRegisterNumber(tx, registerId);
      if (number === null) return null;
      const file = await insertFile(tx, {
        id: randomUUID(),
        ownerId: clerk.id,
        name: 'vb.pdf',
        mediaType: 'application/pdf',
        size: 1,
        sha256: '0',
        storageKey: `office-test/${randomUUID()}`,
        createdAt: now,
      });
      await insertOfficeDocument(tx, {
        id: randomUUID(),
        direction: 'outgoing',
        agencyId: clerk.agencyId,
        status: 'issued',
        version: 1,
        registerId,
        number,
        notation: `${String(number).padStart(2, '0')}/QĐ-STP`,
        typeCode: 'quyet_dinh',
        subject,
        organName: 'Sở Tư pháp',
        medium: 'electronic',
        fileId: file.id,
        state: {},
        createdAt: now,
        updatedAt: now,
      });
      if (fail) throw new Error('rolled back on purpose');
      return number;
    });
  } catch (error) {
    if ((error as Error).message === 'rolled back on purpose') return null;
    throw error;
  }
}

describe('office registers', () => {
  it('1,000 concurrent issues in one register: unique and gap-free, rollbacks give their numbers back', async () => {
    const register = await ensureRegister(t.connection.db, {
      agencyId: clerk.agencyId,
      kind: 'outgoing',
      year: 2026,
      at: now,
    });
    assert.equal(register.lastNumber, 0);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => issue(register.id, `Quyết định số ${i}`, i % 10 === 9)),
    );
    const numbers = results.filter((n): n is number => n !== null).sort((a, b) => a - b);
    assert.equal(numbers.length, 900);
    assert.deepEqual(
      numbers,
      Array.from({ length: 900 }, (_, i) => i + 1),
    );
    const after = await ensureRegister(t.connection.db, {
      agencyId: clerk.agencyId,
      kind: 'outgoing',
      year: 2026,
      at: now,
    });
    assert.equal(after.lastNumber, 900);
    assert.equal(after.id, register.id);
  });

  it('a new year has its own register starting at 01; a closed register gives no number', async () => {
    const next = await ensureRegister(t.connection.db, {
      agencyId: clerk.agencyId,
      kind: 'outgoing',
      year: 2027,
      at: now,
    });
    assert.equal(await issue(next.id, 'Quyết định đầu năm'), 1);
    const old = await ensureRegister(t.connection.db, {
      agencyId: clerk.agencyId,
      kind: 'outgoing',
      year: 2026,
      at: now,
    });
    const closed = await closeRegisterRow(t.connection.db, {
      id: old.id,
      expectedVersion: old.version,
      at: new Date('2026-12-31T10:00:00Z'),
      actorId: clerk.id,
    });
    assert.notEqual(closed?.closedAt, null);
    assert.equal(await issue(old.id, 'Quá hạn'), null);
    assert.equal(
      await closeRegisterRow(t.connection.db, { id: old.id, expectedVersion: old.version, at: now, actorId: clerk.id }),
      undefined,
    );
  });

  it('search folds marks and case; the ILIKE baseline needs them', async () => {
    const register = await ensureRegister(t.connection.db, {
      agencyId: clerk.agencyId,
      kind: 'incoming',
      year: 2026,
      at: now,
    });
    await issue(register.id, 'Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn');
    const found = await searchOfficeDocuments(t.connection.db, {
      agencyId: clerk.agencyId,
      query: 'PHONG chong thien TAI',
      limit: 5,
    });
    assert.deepEqual(
      found.map((d) => d.subject),
      ['Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn'],
    );
    const naive = await searchOfficeDocumentsNaive(t.connection.db, {
      agencyId: clerk.agencyId,
      query: 'chong thien tai',
      limit: 5,
    });
    assert.equal(naive.length, 0);
    const marked = await searchOfficeDocumentsNaive(t.connection.db, {
      agencyId: clerk.agencyId,
      query: 'chống THIÊN tai',
      limit: 5,
    });
    assert.equal(marked.length, 1);
    assert.deepEqual(await searchOfficeDocuments(t.connection.db, { query: '100%_', limit: 5 }), []);
  });

  it('search: newest first (ties by id); the first pass over the newest documents and the fallback agree', async () => {
    // After every other document of the database: these are the newest.
    const base = Date.parse('2030-06-01T00:00:00Z');
    // Ten documents one hour apart; every one says "sổ", the even ones "gạo", only the oldest "cà phê".
    // The last two share their creation time: the id decides.
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = `00000000-0000-4000-8000-00000000000${i}`;
      const at = new Date(base + Math.min(i, 8) * 3_600_000);
      const file = await insertFile(t.connection.db, {
        id: randomUUID(),
        ownerId: clerk.id,
        name: 'vb.pdf',
        mediaType: 'application/pdf',
        size: 1,
        sha256: '0',
        storageKey: `office-test/${id}`,
        createdAt: at,
      });
      await insertOfficeDocument(t.connection.db, {
        id,
        direction: 'incoming',
        agencyId: clerk.agencyId,
        status: 'registered',
        version: 1,
        typeCode: 'cong_van',
        subject: `Sổ tay số ${i}${i % 2 === 0 ? ' về gạo' : ''}${i === 0 ? ' và cà phê' : ''}`,
        organName: 'Ủy ban nhân dân tỉnh',
        medium: 'electronic',
        fileId: file.id,
        state: {},
        createdAt: at,
        updatedAt: at,
      });
      ids.push(id);
    }
    const search = async (query: string, limit: number, window?: number) =>
      (await searchOfficeDocuments(t.connection.db, { agencyId: clerk.agencyId, query, limit, window })).map(
        (d) => d.id,
      );
    const newest = [...ids].reverse(); // 9 and 8 at the same time: 9 > 8 by id
    const even = newest.filter((id) => Number(id.slice(-1)) % 2 === 0);
    // Common word: the first pass fills the page from the newest 3.
    assert.deepEqual(await search('so tay', 2, 3), newest.slice(0, 2));
    // Half the documents: 1 of the newest 3 matches; the second pass reads the newest 18 (3 × 3 × 2 / 1).
    assert.deepEqual(await search('gao so', 3, 3), even.slice(0, 3));
    // 1 of the newest 2 for a page of 6: 24 is more than 8 windows, so the trigram index; all 5.
    assert.deepEqual(await search('gao so', 6, 2), even);
    assert.deepEqual(await search('gao so', 6), even);
    // Only the oldest: none in the window, found by the trigram index.
    assert.deepEqual(await search('ca phe', 5, 2), [ids[0]]);
    assert.deepEqual(await search('ca phe', 5), [ids[0]]);
    // Nothing: every pass empty.
    assert.deepEqual(await search('không có', 5, 2), []);
    // Province-wide, the window counts every agency's documents: the same order.
    const wide = await searchOfficeDocuments(t.connection.db, { query: 'so tay', limit: 4, window: 1 });
    assert.deepEqual(
      wide.map((d) => d.id),
      newest.slice(0, 4),
    );
  });
});
