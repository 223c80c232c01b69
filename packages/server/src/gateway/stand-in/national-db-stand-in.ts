/**
 * STAND-IN for the national population database and the national business registration database — NOT the
 * national databases. Fictional demo people and enterprises only (their national ids match the demo's citizen
 * accounts), answered over HTTP as the gateway's services `csdl-dan-cu` (GET /citizens/{nationalId}) and
 * `dang-ky-doanh-nghiep` (GET /enterprises/{code}). Every answer carries `X-Stand-In: true`; GET / says what it
 * is. Start it with `npm run national-db-stand-in` (http://127.0.0.1:4620) and set POPULATION_DB_URL and
 * BUSINESS_REGISTRY_URL to it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CitizenRecord, EnterpriseRecord } from '@congso/core';

/** Fictional people: the demo's citizen accounts and the applicants of the demo and the tests. */
export const standInCitizens: readonly CitizenRecord[] = [
  {
    nationalId: '072090001234',
    fullName: 'Nguyễn Thị Hoa',
    dateOfBirth: '1990-03-14',
    sex: 'female',
    permanentAddress: 'Số 12 đường 30/4, khu phố Hiệp Thạnh, phường Tân Ninh, tỉnh Tây Ninh',
    currentAddress: 'Số 12 đường 30/4, khu phố Hiệp Thạnh, phường Tân Ninh, tỉnh Tây Ninh',
    nationality: 'Việt Nam',
    ethnicity: 'Kinh',
  },
  {
    nationalId: '080195004321',
    fullName: 'Trần Văn Nam',
    dateOfBirth: '1995-08-02',
    sex: 'male',
    permanentAddress: 'Ấp Bình Hòa, xã Bình Đức, tỉnh Tây Ninh',
    currentAddress: 'Số 45 đường Cách Mạng Tháng Tám, phường Tân Ninh, tỉnh Tây Ninh',
    nationality: 'Việt Nam',
    ethnicity: 'Kinh',
  },
  {
    nationalId: '079203000111',
    fullName: 'Lê Minh Khang',
    dateOfBirth: '2003-11-21',
    sex: 'male',
    permanentAddress: 'Số 8 đường Trưng Nữ Vương, phường Tân Ninh, tỉnh Tây Ninh',
    currentAddress: 'Số 8 đường Trưng Nữ Vương, phường Tân Ninh, tỉnh Tây Ninh',
    nationality: 'Việt Nam',
    ethnicity: 'Kinh',
  },
  {
    nationalId: '072085009876',
    fullName: 'Phạm Văn Lộc',
    dateOfBirth: '1985-01-09',
    sex: 'male',
    permanentAddress: 'Ấp Bàu Nâu, xã Tân Biên, tỉnh Tây Ninh',
    currentAddress: 'Ấp Bàu Nâu, xã Tân Biên, tỉnh Tây Ninh',
    nationality: 'Việt Nam',
    ethnicity: 'Kinh',
  },
  {
    nationalId: '072190001111',
    fullName: 'Đinh Thị Mơ',
    dateOfBirth: '1990-06-30',
    sex: 'female',
    permanentAddress: 'Tổ 4, khu phố 2, phường Tân Ninh, tỉnh Tây Ninh',
    currentAddress: 'Tổ 4, khu phố 2, phường Tân Ninh, tỉnh Tây Ninh',
    nationality: 'Việt Nam',
    ethnicity: 'Khmer',
  },
];

/** Fictional enterprises. */
export const standInEnterprises: readonly EnterpriseRecord[] = [
  {
    code: '3901234567',
    name: 'Công ty TNHH Nông sản Hòa Thành (minh họa)',
    legalRepresentative: 'Trần Văn Nam',
    legalRepresentativeNationalId: '080195004321',
    address: 'Số 45 đường Cách Mạng Tháng Tám, phường Tân Ninh, tỉnh Tây Ninh',
    registeredOn: '2019-05-20',
    status: 'Đang hoạt động',
  },
  {
    code: '3907654321',
    name: 'Công ty Cổ phần Du lịch Núi Bà (minh họa)',
    legalRepresentative: 'Lê Minh Khang',
    legalRepresentativeNationalId: '079203000111',
    address: 'Khu du lịch núi Bà Đen, tỉnh Tây Ninh',
    registeredOn: '2021-10-01',
    status: 'Đang hoạt động',
  },
  {
    code: '3909876544',
    name: 'Công ty TNHH Thương mại Minh Phát (dữ liệu minh họa)',
    legalRepresentative: 'Trần Văn Nam',
    legalRepresentativeNationalId: '080195004321',
    address: 'Số 20 đường Trần Hưng Đạo, phường Tân Ninh, tỉnh Tây Ninh',
    registeredOn: '2018-03-12',
    status: 'Đang hoạt động',
  },
];

export interface NationalDbStandIn {
  url: string;
  /** Requests received (method and path), in order: tests check what reached the national database. */
  received: { method: string; path: string }[];
  close(): Promise<void>;
}

const NOTICE =
  'BẢN GIẢ LẬP (STAND-IN) CSDL QUỐC GIA VỀ DÂN CƯ VÀ ĐĂNG KÝ DOANH NGHIỆP — dữ liệu hư cấu / a stand-in with fictional data, not the national databases';

/** Starts the stand-in on `port` (0: any free port) of 127.0.0.1. */
export async function startNationalDbStandIn(
  options: { port?: number; host?: string } = {},
): Promise<NationalDbStandIn> {
  const citizens = new Map(standInCitizens.map((c) => [c.nationalId, c]));
  const enterprises = new Map(standInEnterprises.map((e) => [e.code, e]));
  const received: NationalDbStandIn['received'] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    received.push({ method: req.method ?? 'GET', path });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-stand-in': 'true' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return send(405, { error: 'method_not_allowed' });
    if (path === '/') return send(200, { standIn: true, notice: NOTICE });
    const citizen = /^\/citizens\/(\d{12})$/.exec(path);
    if (citizen) {
      const found = citizens.get(citizen[1] as string);
      return found ? send(200, found) : send(404, { error: 'not_found' });
    }
    const enterprise = /^\/enterprises\/([\d-]{10,14})$/.exec(path);
    if (enterprise) {
      const found = enterprises.get(enterprise[1] as string);
      return found ? send(200, found) : send(404, { error: 'not_found' });
    }
    return send(404, { error: 'not_found' });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
