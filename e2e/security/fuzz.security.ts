/**
 * Property-based fuzzing of every operation of the OpenAPI description (`/docs/json`), with fast-check.
 * Requests are generated from each operation's own schemas (path parameters, query, headers, JSON body):
 * wrong types, missing and extra fields, strings past their limits or off their patterns, numbers such as
 * 1e309, -0 and "NaN", JSON nested 10,000 deep (as raw text), invalid UTF-8 and lone surrogates, NUL bytes,
 * Vietnamese in NFC and NFD, bodies that lie about their content type, huge cookies, cross-site requests.
 * They go through `app.inject` (no network) as a caller allowed to use the operation (so validation and the
 * handler are reached) and anonymously. Properties:
 *   - never a 5xx;
 *   - every 4xx is `{ error: { code, message: { vi, en } } }`, the Vietnamese and the English text both there;
 *   - a request built to be invalid gets a 4xx;
 *   - nothing is written: after each batch, the row counts of dossiers, dossier_events, files,
 *     notifications, audit_events, people, sessions, login_throttle, agencies, procedure_versions and
 *     dossier_code_counters, the sum of the rows' versions, and the stored files are what they were.
 * Beyond the schemas, the domain's own checks are fuzzed on real dossiers (action inputs that pass the
 * schema), and uploads with broken multipart bodies and files that are not what they claim.
 *
 * The seed is printed; replay a failure with FUZZ_SEED=<seed>. FUZZ_RUNS=<factor> scales the case counts.
 * Run: node --import tsx --test e2e/security/fuzz.security.ts (PGlite), or with
 * DATABASE_URL=postgres://…/any-db (a fresh database is created beside it and dropped).
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { queryRows, sql } from '@congso/db';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import {
  type NationalDbStandIn,
  startNationalDbStandIn,
} from '../../packages/server/src/gateway/stand-in/national-db-stand-in';
import { createTestApp, multipartBody, sampleFile, type TestApp } from '../../packages/server/src/testing';
import { reportingSetup } from './reporting-fixtures';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * RUNS));

// ---------------------------------------------------------------------------------------------------------
// The OpenAPI description, as much of JSON Schema as the server's zod schemas produce.

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  default?: unknown;
}

interface Parameter {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

interface Operation {
  key: string;
  method: string;
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  headers: Parameter[];
  body: JsonSchema | null;
}

function operationsOf(doc: {
  paths: Record<string, Record<string, { parameters?: (Parameter & { in: string })[]; requestBody?: unknown }>>;
}): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const params = (where: string) => (op.parameters ?? []).filter((p) => p.in === where);
      const body = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params('path'),
        query: params('query'),
        headers: params('header'),
        body: body ?? null,
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Raw JSON: values JSON.stringify cannot write (1e309, -0, deep nesting, invalid UTF-8) are spliced in.

class Raw {
  constructor(
    readonly text: string | Buffer,
    readonly label: string,
  ) {}
  toString() {
    return `Raw(${this.label})`;
  }
}

const DEPTH = 10_000;
const deepArray = new Raw('['.repeat(DEPTH) + ']'.repeat(DEPTH), 'array nested 10k deep');
const deepObject = new Raw(`${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`, 'object nested 10k deep');
/** A JSON string whose bytes are not UTF-8: a lone continuation byte, truncated sequences, an encoded surrogate. */
const invalidUtf8 = new Raw(
  Buffer.concat([
    Buffer.from('"Nguy'),
    Buffer.from([0xc3, 0x28, 0xa0, 0xe2, 0x28, 0xed, 0xa0, 0x80, 0xff, 0xfe]),
    Buffer.from('n"'),
  ]),
  'invalid UTF-8',
);
const rawNumbers = ['1e309', '-1e309', '-0', '1e-400', '123456789012345678901234567890', '9007199254740993', '0.1e1'];
const rawNumber = fc.constantFrom(...rawNumbers.map((n) => new Raw(n, n)));

/** Serialises a generated value as JSON text, or bytes when a Raw carries bytes. */
function toJson(value: unknown): string | Buffer {
  const raws: Raw[] = [];
  const text = JSON.stringify(value, (_key, v) => {
    if (v instanceof Raw) {
      raws.push(v);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return v;
  });
  if (text === undefined) return '';
  if (raws.length === 0) return text;
  const parts = text.split(/"\\u0001RAW(\d+)\\u0001"/);
  const pieces = parts.map((p, i) => (i % 2 === 1 ? (raws[Number(p)] as Raw).text : p));
  return pieces.some((p) => Buffer.isBuffer(p))
    ? Buffer.concat(pieces.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))))
    : pieces.join('');
}

/** Percent-encoding of the UTF-8 bytes (lone surrogates become U+FFFD, as a browser sends them). */
function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += b < 128 && /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Strings

const vietnamese = [
  'Nguyễn Thị Hoa',
  'Phường Tân Ninh',
  'Ủy ban nhân dân tỉnh Tây Ninh',
  'đăng ký khai sinh',
  'Đặng Thị Lan',
];
const oddStrings = [
  ...vietnamese,
  ...vietnamese.map((s) => s.normalize('NFD')),
  '\ud800',
  'a\udc00b',
  '\udbff\udfff',
  '\u0000',
  'x\u0000y',
  '\u0007\u001b[31m',
  '\u202eabc',
  '\ufeffx',
  '\u200b',
  ' ',
  '',
  '   Tân   Ninh   ',
  "'; drop table dossiers; --",
  "' or '1'='1",
  '%00',
  '%',
  '%zz',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '$' + '{7*7}{{7*7}}',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  'null',
  'true',
  '[]',
  '{}',
  '0x10',
  '𝕋â𝕪 ℕ𝕚𝕟𝕙',
  '👨‍👩‍👧‍👦',
  'İıǅ',
  'a'.repeat(5000),
  'ả'.normalize('NFD').repeat(3000),
];
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...oddStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(loneSurrogate, fc.constantFrom('ư', 'a')), maxLength: 8 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...vietnamese), fc.boolean()).map(([s, nfd]) => (nfd ? s.normalize('NFD') : s)),
  },
);
/** Values of other JSON types than `except`. */
function wrongType(except: readonly string[]): fc.Arbitrary<unknown> {
  const all: [string, fc.Arbitrary<unknown>][] = [
    ['string', oddString],
    ['integer', fc.integer()],
    ['number', fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), rawNumber)],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    [
      'array',
      fc.oneof(fc.constant([]), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.constant(deepArray)),
    ],
    [
      'object',
      fc.oneof(
        fc.constant({}),
        fc.dictionary(oddString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
        fc.constant(deepObject),
      ),
    ],
  ];
  const excluded = new Set(
    except.includes('number') ? [...except, 'integer'] : except.includes('integer') ? [...except, 'number'] : except,
  );
  return fc.oneof(...all.filter(([t]) => !excluded.has(t)).map(([, a]) => a));
}

// ---------------------------------------------------------------------------------------------------------
// Values from a schema: `valid` stays within the schema as far as it is written (with odd contents),
// `invalid` is certainly outside it (or null when the schema accepts anything).

interface Ids {
  /** Values for a uuid: fixtures (reads) or ids that exist nowhere (changes). */
  uuid: fc.Arbitrary<string>;
}

const typeOf = (s: JsonSchema) => s.type ?? (s.properties ? 'object' : undefined);

function valid(s: JsonSchema, ids: Ids): fc.Arbitrary<unknown> {
  if (s.anyOf) return fc.oneof(...s.anyOf.map((x) => valid(x, ids)));
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  switch (typeOf(s)) {
    case 'string': {
      if (s.format === 'uuid') return ids.uuid;
      if (s.format === 'date') {
        return fc.oneof(
          fc
            .date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10)),
          // The ends of the calendar: year 0 and 9999 exist for the pattern and for JavaScript, not for PostgreSQL.
          fc.constantFrom('0000-01-01', '0001-01-01', '9999-12-31', '1970-01-01', '2024-02-29', '2026-12-31'),
        );
      }
      if (s.format === 'email') return fc.emailAddress();
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        return fc.stringMatching(re, { size: 'small' }).filter((x) => x.length <= (s.maxLength ?? 10_000));
      }
      const max = s.maxLength ?? 10_000;
      return oddString.map((x) => x.slice(0, max)).filter((x) => x.length >= (s.minLength ?? 0));
    }
    case 'integer': {
      const min = Math.max(s.minimum ?? -1_000_000, -(2 ** 40));
      const max = Math.min(s.maximum ?? 1_000_000, 2 ** 40);
      return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
    }
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valid(s.items ?? {}, ids), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
      });
    case 'object': {
      const props = s.properties ?? {};
      // An expected version is never the current one: a valid request that names the current version of a
      // resource without an id in its path (the search synonyms start at 0) would rightly write, and this
      // property is about requests that must not, so versions far past any the run reaches are sent; the right one is
      // the authorization matrix's business.
      const arbs = Object.fromEntries(
        Object.entries(props).map(([k, v]) => [
          k,
          k === 'expectedVersion' ? fc.integer({ min: 10_000, max: 2 ** 31 - 1 }) : valid(v, ids),
        ]),
      );
      return fc.record(arbs, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      // Anything goes (z.unknown()): odd JSON, deep nesting.
      return fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(deepArray), fc.constant(deepObject), rawNumber);
  }
}

function invalid(s: JsonSchema, ids: Ids): fc.Arbitrary<unknown> | null {
  if (s.anyOf) {
    const types = s.anyOf.map(typeOf).filter((t): t is string => !!t);
    if (types.length < s.anyOf.length) return null;
    // Another type than all of them, or a value of a type only one alternative has that breaks it.
    const single = s.anyOf.filter((x) => types.filter((t) => t === typeOf(x)).length === 1);
    const broken = single.map((x) => invalid(x, ids)).filter((a): a is fc.Arbitrary<unknown> => !!a);
    return fc.oneof(wrongType(types), ...broken.map((b) => b.filter((v) => sameJsonType(v, types))));
  }
  if (s.enum) {
    const t = typeof s.enum[0] === 'string' ? 'string' : 'number';
    const near = s.enum.flatMap((e) =>
      typeof e === 'string' ? [e.toUpperCase(), ` ${e}`, `${e}\u0000`, e.normalize('NFD') + 'x'] : [],
    );
    const options: fc.Arbitrary<unknown>[] = [wrongType([t]), oddString.filter((x) => !s.enum?.includes(x))];
    const nearMisses = near.filter((n) => !s.enum?.includes(n));
    if (nearMisses.length > 0) options.push(fc.constantFrom(...nearMisses));
    // A numeric enum (a year, a level): a number it does not list.
    if (t === 'number') options.push(fc.integer().filter((n) => !s.enum?.includes(n)));
    return fc.oneof(...options);
  }
  const t = typeOf(s);
  switch (t) {
    case 'string': {
      const options: fc.Arbitrary<unknown>[] = [wrongType(['string'])];
      if (s.maxLength !== undefined) {
        const max = s.maxLength;
        options.push(fc.integer({ min: max + 1, max: max + 2_000 }).map((n) => 'ư'.repeat(n)));
      }
      if (s.minLength) options.push(fc.constant(''));
      if (s.format === 'uuid')
        options.push(
          fc.constantFrom(
            'not-a-uuid',
            '00000000-0000-0000-0000-00000000000g',
            '{3f2b8c1e-1111-4111-8111-111111111111}',
            '3f2b8c1e11114111811111111111111',
          ),
        );
      if (s.format === 'date')
        options.push(
          fc.constantFrom('2026-02-30', '2026-13-01', '26-11-23', '2026-11-23T00:00:00Z', 'hôm nay', '+275760-09-13'),
        );
      if (s.format === 'email')
        options.push(fc.constantFrom('not-an-email', 'a@', '@ex.vn', 'nguyễn@ex.vn', 'a b@ex.vn'));
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        // Not blank: some fields read a blank as "none" (a preprocess the description cannot show).
        options.push(oddString.filter((x) => x.trim() !== '' && !re.test(x)));
      }
      return fc.oneof(...options);
    }
    case 'integer':
    case 'number': {
      const options: fc.Arbitrary<unknown>[] = [
        wrongType(['integer', 'number']),
        fc.constantFrom(...['1e309', '-1e309'].map((n) => new Raw(n, n))),
      ];
      if (t === 'integer') options.push(fc.constantFrom(1.5, -0.25, 1e-7));
      if (s.minimum !== undefined) options.push(fc.constant(s.minimum - 1));
      if (s.maximum !== undefined && s.maximum < 2 ** 53)
        options.push(fc.constant(s.maximum + 1), fc.constant(new Raw('123456789012345678901234567890', 'huge')));
      return fc.oneof(...options);
    }
    case 'boolean':
    case 'null':
      return wrongType([t]);
    case 'array': {
      const options: fc.Arbitrary<unknown>[] = [wrongType(['array'])];
      if (s.maxItems !== undefined && s.maxItems <= 500) {
        const max = s.maxItems;
        options.push(valid(s.items ?? {}, ids).map((v) => Array.from({ length: max + 1 }, () => v)));
      }
      if (s.minItems) options.push(fc.constant([]));
      const bad = s.items ? invalid(s.items, ids) : null;
      if (bad)
        options.push(fc.tuple(fc.array(valid(s.items ?? {}, ids), { maxLength: 2 }), bad).map(([a, b]) => [...a, b]));
      return fc.oneof(...options);
    }
    case 'object': {
      const props = s.properties ?? {};
      const base = valid(s, ids) as fc.Arbitrary<Record<string, unknown>>;
      const options: fc.Arbitrary<unknown>[] = [wrongType(['object'])];
      const required = (s.required ?? []).filter((k) => k in props);
      if (required.length > 0) {
        options.push(
          fc.tuple(base, fc.constantFrom(...required)).map(([o, k]) => {
            const { [k]: _, ...rest } = o;
            return rest;
          }),
        );
      }
      if (s.additionalProperties === false) {
        const extraKey = fc
          .oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'Version', 'id'), oddString)
          .filter((k) => !(k in props));
        options.push(
          fc.tuple(base, extraKey, fc.jsonValue({ maxDepth: 2 })).map(([o, k, v]) => {
            const copy = { ...o };
            Object.defineProperty(copy, k, { value: v, enumerable: true, configurable: true, writable: true });
            return copy;
          }),
        );
      }
      const breakable = Object.entries(props)
        .map(([k, v]) => [k, invalid(v, ids)] as const)
        .filter((e): e is readonly [string, fc.Arbitrary<unknown>] => !!e[1]);
      if (breakable.length > 0) {
        options.push(fc.oneof(...breakable.map(([k, bad]) => fc.tuple(base, bad).map(([o, v]) => ({ ...o, [k]: v })))));
      }
      return fc.oneof(...options);
    }
    default:
      return null;
  }
}

function sameJsonType(v: unknown, types: readonly string[]): boolean {
  const t =
    v === null
      ? 'null'
      : Array.isArray(v)
        ? 'array'
        : typeof v === 'number'
          ? Number.isInteger(v)
            ? 'integer'
            : 'number'
          : typeof v;
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

// ---------------------------------------------------------------------------------------------------------
// Requests

interface FuzzRequest {
  /** What was broken (for the counts and the failure message). */
  kind: string;
  /** Built to be refused: must get a 4xx. */
  invalid: boolean;
  /** Path parameters, percent-encoded. */
  params: Record<string, string>;
  /** Query pairs, percent-encoded. */
  query: [string, string][];
  /** Appended to the path as is (percent-encoding that does not decode). */
  pathSuffix?: string;
  body?: { data: string | Buffer; type?: string };
  headers: Record<string, string>;
}

const jsonBody = (value: unknown) => ({ data: toJson(value), type: 'application/json' });

/** A query value as the server reads it: scalars as text. */
const asQueryText = (v: unknown) => (v instanceof Raw ? String(v.text) : typeof v === 'string' ? v : JSON.stringify(v));

/** A definitely invalid query value for a parameter's schema, or null when none is certain. */
function invalidQueryValue(s: JsonSchema): fc.Arbitrary<string> | null {
  if (s.enum)
    return fc
      .oneof(fc.constantFrom('TRUE', 'yes', '2', ' true', 'Receiving', ''), oddString)
      .filter((x) => !s.enum?.includes(x));
  if (s.type === 'integer') {
    const out = ['abc', '1.5', '1e309', 'NaN', 'Infinity', '--1', '0x', '١٢'];
    if (s.minimum !== undefined) out.push(String(s.minimum - 1), '-1e309');
    if (s.maximum !== undefined) out.push(String(s.maximum + 1), '99999999999999999999');
    return fc.constantFrom(...out);
  }
  if (s.type === 'string') {
    if (s.format === 'uuid') return fc.constantFrom('not-a-uuid', '3f2b8c1e-1111-4111-8111', '%', "' or 1=1 --");
    if (s.format === 'date') return fc.constantFrom('2026-02-30', '2026-13-01', 'hôm nay', '2026-11-23T00:00:00Z');
    const options: fc.Arbitrary<string>[] = [];
    if (s.maxLength !== undefined)
      options.push(fc.integer({ min: s.maxLength + 1, max: s.maxLength + 500 }).map((n) => 'ư'.repeat(n)));
    if (s.minLength) options.push(fc.constant('a'.repeat(s.minLength - 1)));
    if (s.pattern) {
      const re = new RegExp(s.pattern);
      options.push(oddString.filter((x) => !re.test(x)));
    }
    return options.length > 0 ? fc.oneof(...options) : null;
  }
  return null;
}

function validParams(
  op: Operation,
  ids: Ids,
  fixtures: Record<string, string[]>,
): fc.Arbitrary<Record<string, string>> {
  const arbs = Object.fromEntries(
    op.pathParams.map((p) => {
      const known = fixtures[`${op.key}:${p.name}`] ?? (op.method === 'GET' ? fixtures[p.name] : undefined) ?? [];
      const generated = valid(p.schema, ids).map((v) => pct(String(v)));
      return [p.name, known.length > 0 ? fc.oneof(fc.constantFrom(...known), generated) : generated];
    }),
  );
  return fc.record(arbs) as fc.Arbitrary<Record<string, string>>;
}

function validQuery(op: Operation, ids: Ids, odd: boolean): fc.Arbitrary<[string, string][]> {
  const pairs = op.query.map((p) => {
    const pair = valid(p.schema, ids).map((v) => [p.name, pct(asQueryText(v))] as [string, string]);
    return p.required ? pair : fc.option(pair, { nil: undefined, freq: 2 });
  });
  const extra = odd
    ? fc.array(
        fc.oneof(
          fc.tuple(oddString, oddString).map(([k, v]) => [pct(k), pct(v)] as [string, string]),
          fc.constantFrom<[string, string]>(
            ['%E0%A4%A', 'x'],
            ['q', '%ZZ'],
            ['q', '%ED%A0%80'],
            ['limit', '%00'],
            ['__proto__', '1'],
            ['a[b]', 'c'],
            ['', ''],
          ),
        ),
        { maxLength: 2 },
      )
    : fc.constant([]);
  return fc
    .tuple(fc.tuple(...pairs), extra)
    .map(([ps, ex]) => [...ps.filter((x): x is [string, string] => !!x), ...ex]);
}

const CONTENT_TYPE_LIES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----congso',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/jsonx',
  'application/json, text/plain',
  'application/vnd.api+json',
];

/** Requests certainly refused by the schemas (or earlier): one part broken, the rest as valid as the schema says. */
function malformed(op: Operation, ids: Ids, fixtures: Record<string, string[]>): fc.Arbitrary<FuzzRequest> {
  const params = validParams(op, ids, fixtures);
  const query = validQuery(op, ids, false);
  const body = op.body ? valid(op.body, ids) : fc.constant(undefined);
  const parts = fc.record({ params, query, body });
  const defects: fc.Arbitrary<FuzzRequest>[] = [];
  const build = (
    kind: string,
    p: { params: Record<string, string>; query: [string, string][]; body: unknown },
    change: Partial<FuzzRequest>,
  ): FuzzRequest => ({
    kind,
    invalid: true,
    params: p.params,
    query: p.query,
    ...(op.body ? { body: jsonBody(p.body) } : {}),
    headers: {},
    ...change,
  });
  if (op.body) {
    const bad = invalid(op.body, ids);
    if (bad) defects.push(fc.tuple(parts, bad).map(([p, b]) => build('body: schema', p, { body: jsonBody(b) })));
    defects.push(
      fc
        .tuple(
          parts,
          fc.oneof(
            fc.constantFrom(
              '',
              ' ',
              '{',
              '{"a":1,}',
              "{'a':1}",
              'NaN',
              '\u0000',
              '{"a":1}{"b":2}',
              '[1,2',
              'nul',
              '"\\ud800"',
              '{"__proto__":{"x":1}}',
              '{"constructor":{"prototype":{"x":1}}}',
            ),
            fc.constant(deepArray.text as string),
            fc.constant(deepObject.text as string),
          ),
        )
        .map(([p, text]) => build('body: raw text', p, { body: { data: text, type: 'application/json' } })),
      // The body cut somewhere (a valid object truncated is never valid JSON).
      fc.tuple(parts, fc.nat()).map(([p, n]) => {
        const full = toJson(p.body);
        const text = Buffer.isBuffer(full) ? full.toString('latin1') : full;
        return build('body: truncated', p, {
          body: { data: text.slice(0, text.length > 1 ? n % (text.length - 1) : 0) || '{', type: 'application/json' },
        });
      }),
      fc
        .tuple(
          parts,
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=----congso',
            'application/xml',
          ),
        )
        .map(([p, type]) => build('body: content type lie', p, { body: { data: toJson(p.body), type } })),
      // Past the 1 MiB body limit.
      parts.map((p) =>
        build('body: 1.5 MiB', p, { body: jsonBody({ ...(p.body as object), filler: 'ư'.repeat(800_000) }) }),
      ),
    );
  }
  for (const q of op.query) {
    const bad = invalidQueryValue(q.schema);
    if (bad) {
      defects.push(
        fc
          .tuple(parts, bad)
          .map(([p, v]) =>
            build(`query: ${q.name}`, p, { query: [...p.query.filter(([k]) => k !== q.name), [q.name, pct(v)]] }),
          ),
      );
    }
    if (q.schema.type || q.schema.enum) {
      defects.push(
        parts.map((p) => build(`query: ${q.name} twice`, p, { query: [...p.query, [q.name, '1'], [q.name, '2']] })),
      );
    }
    if (q.required) {
      defects.push(parts.map((p) => build(`query: no ${q.name}`, p, { query: p.query.filter(([k]) => k !== q.name) })));
    }
  }
  for (const h of op.headers) {
    if (h.schema.maxLength !== undefined) {
      const max = h.schema.maxLength;
      defects.push(parts.map((p) => build(`header: ${h.name}`, p, { headers: { [h.name]: 'k'.repeat(max + 1) } })));
    }
  }
  for (const param of op.pathParams) {
    const badValues = fc.oneof(
      fc.constantFrom(
        'not-a-uuid',
        'x'.repeat(250),
        '%ZZ',
        '%E0%A4%A',
        '%00',
        '..%2F..%2Fetc%2Fpasswd',
        '%ED%A0%80',
        "'%20or%201%3D1",
        '1.00119',
        '3f2b8c1e-1111-4111-8111-11111111111',
      ),
      oddString
        .filter((x) => x.length > 0 && !new RegExp(param.schema.pattern ?? '^$').test(x))
        .map((x) => pct(`bad-${x}`)),
    );
    defects.push(
      fc
        .tuple(parts, badValues)
        .map(([p, v]) => build(`path: ${param.name}`, p, { params: { ...p.params, [param.name]: v } })),
    );
  }
  // A URL that does not decode, wherever the route is.
  defects.push(
    fc
      .tuple(parts, fc.constantFrom('%ZZ', '%ED%A0%80', '%C0%AF', '%E0%A4%A', '%'))
      .map(([p, junk]) => build('url: encoding', p, { pathSuffix: junk })),
  );
  if (op.method !== 'GET') {
    // Cross-site: no proof header, a wrong one, or another Origin.
    defects.push(
      fc
        .tuple(
          parts,
          fc.constantFrom<Record<string, string>>(
            { 'x-congso-request': '' },
            { 'x-congso-request': '0' },
            { 'x-congso-request': 'true' },
            { origin: 'null' },
            { origin: 'https://evil.example' },
            { origin: 'http://localhost.evil.example' },
            { origin: 'http://[::1' },
            { origin: '://' },
          ),
        )
        .map(([p, headers]) => build('csrf', p, { headers })),
    );
  }
  return fc.oneof(...defects);
}

/** Requests within the schemas as written, with odd contents, odd headers and ids that exist nowhere. */
function semantic(op: Operation, ids: Ids, fixtures: Record<string, string[]>): fc.Arbitrary<FuzzRequest> {
  const body = op.body
    ? fc.oneof(
        { weight: 6, arbitrary: valid(op.body, ids).map(jsonBody) },
        // Invalid UTF-8 in the first string field, a BOM, duplicate keys, charset and type lies.
        {
          weight: 1,
          arbitrary: valid(op.body, ids).map((v) => {
            const text = toJson(v);
            const s = Buffer.isBuffer(text) ? text.toString('latin1') : text;
            const at = s.indexOf(':"');
            if (at < 0) return { data: s, type: 'application/json' };
            const data = Buffer.concat([
              Buffer.from(s.slice(0, at + 1)),
              invalidUtf8.text as Buffer,
              Buffer.from(s.slice(s.indexOf('"', at + 2) + 1)),
            ]);
            return { data, type: 'application/json' };
          }),
        },
        {
          weight: 1,
          arbitrary: valid(op.body, ids).map((v) => ({ data: `\ufeff${toJson(v)}`, type: 'application/json' })),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(valid(op.body, ids), fc.constantFrom(...CONTENT_TYPE_LIES))
            .map(([v, type]) => ({ data: toJson(v), type })),
        },
      )
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('application/json', ...CONTENT_TYPE_LIES))
            .map(([v, type]) => ({ data: JSON.stringify(v) ?? 'null', type })),
        },
      );
  const headers = fc.oneof(
    { weight: 4, arbitrary: fc.constant<Record<string, string>>({}) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Record<string, string>>(
        { accept: 'application/xml' },
        { accept: '*/*;q=0' },
        { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.8,' + 'x;q=0.1,'.repeat(500) },
        { range: 'bytes=99999999-' },
        { 'x-forwarded-for': '1.1.1.1, ' + '2.2.2.2, '.repeat(300) },
        { 'if-none-match': '*' },
        { 'accept-encoding': 'gzip;q=1.0, identity; q=0.5, *;q=0' },
        { 'idempotency-key': 'khóa có dấu' },
        { 'idempotency-key': 'k'.repeat(100) },
      ),
    },
  );
  return fc
    .record({ params: validParams(op, ids, fixtures), query: validQuery(op, ids, true), body, headers })
    .map(({ params, query, body: b, headers: h }) => ({
      kind: 'within schema',
      invalid: false,
      params,
      query,
      ...(b ? { body: b } : {}),
      headers: h,
    }));
}

/** Odd cookies on a request otherwise as valid as the schema says. */
function cookies(
  op: Operation,
  ids: Ids,
  fixtures: Record<string, string[]>,
): fc.Arbitrary<FuzzRequest & { cookie: (own: string | undefined) => string }> {
  const jar = fc.constantFrom<(own: string | undefined) => string>(
    (own) => `congso_session=${own ?? ''}; ${'junk=1; '.repeat(1_000)}`,
    () => `congso_session=${'A'.repeat(20_000)}`,
    () => `congso_session=${'A'.repeat(200)}`,
    () => 'congso_session=%ZZ%00; congso_session=',
    (own) => `congso_session=${own ?? 'x'}; congso_session=forged`,
    () => `congso_session="${'\u00ff'.repeat(10)}"`,
    () => 'congso_session',
    () => ';;;==;',
  );
  return fc.tuple(semantic(op, ids, fixtures), jar).map(([r, cookie]) => ({ ...r, kind: 'odd cookie', cookie }));
}

// ---------------------------------------------------------------------------------------------------------
// Beyond the schemas: the domain's checks of action inputs, a procedure's edit, uploads.

interface DomainCase {
  kind: string;
  caller: Caller;
  url: string;
  body: unknown;
}

/** Text an action requires, certainly not given: missing, blank, another type. */
const badText = fc.oneof(
  fc.constantFrom(undefined, '', '   ', '\t\n', null, 0, 1.5, true, [], {}, ['lý do'], { vi: 'lý do' }),
  fc.constant(deepArray),
);
/** Not an agency in force: ids of nothing, odd text, other types. */
const badAgencyId = fc.oneof(
  fc.uuid({ version: 4 }),
  oddString,
  fc.constantFrom(undefined, null, 42, [], {}),
  fc.constant(deepObject),
);
/** Not a time after the current return date: past instants, dates that do not exist, other types. */
const CUTOFF = Date.UTC(2026, 10, 1);
const notLater = (x: string) => !(Date.parse(x) >= CUTOFF);
const badInstant = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date(CUTOFF - 1), noInvalidDate: true }).map((d) => d.toISOString()),
  // (JavaScript rolls 2026-11-31 over to 1 December: such dates are not certain to be refused.)
  fc.constantFrom('2026-02-30T25:00:00Z', '+275760-09-14T00:00:00.001Z', '', 'ngày mai', '1e309').filter(notLater),
  oddString.filter(notLater),
  fc.constantFrom(undefined, null, 1_900_000_000_000, true, {}, []),
  rawNumber,
);
/** A list of required documents with at least one entry that is not text. */
const badItems = fc.oneof(
  wrongType(['array']),
  fc.constant([]),
  fc
    .tuple(
      fc.array(fc.constantFrom('Giấy chứng sinh', 'Tờ khai'), { maxLength: 2 }),
      fc.constantFrom('', '   ', null, 7, {}, []),
    )
    .map(([ok, bad]) => [...ok, bad]),
);
/** Not a positive whole number of dong. */
const badAmount = fc.oneof(
  fc.constantFrom(0, -1, 1.5, '100000', null, undefined, true, [], {}, 2 ** 53),
  fc.constantFrom(...['-0', '1e309', '-1e309', '123456789012345678901234567890', '1e-400'].map((n) => new Raw(n, n))),
);
/** Text the database cannot keep in JSON: NUL, lone surrogates. */
const unstorableText = fc.constantFrom('x\u0000y', '\u0000', 'a\ud800b', '\udfff', `Lý do${'\u0000'.repeat(3)}`);
/** Extra fields the action route passes on (its schema lets them through). */
const junkFields = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.dictionary(oddString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { deep: deepObject },
      { at: '2099-01-01T00:00:00Z', actor: { id: 'x' } },
      { newDueAt: 'x', amount: -1 },
    ),
  },
);
const omitUndefined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

// ---------------------------------------------------------------------------------------------------------
// The run

const CALLERS = {
  citizenA: '072090001234',
  clerkTanNinh: 'motcua.tanninh',
  headTanNinh: 'truongphong.tanninh',
  admin: 'admin',
} as const;
type Caller = keyof typeof CALLERS;

/** Who may use an operation (so that the handler, not only the schema, is reached); the administrator otherwise. */
function authorizedCaller(op: Operation): Caller {
  if (
    op.key === 'POST /api/v1/dossiers' ||
    op.path.startsWith('/api/v1/files') ||
    op.path.startsWith('/api/v1/notifications')
  ) {
    return 'citizenA';
  }
  if (op.path.startsWith('/api/v1/dossiers') || op.path.startsWith('/api/v1/desk')) return 'clerkTanNinh';
  return 'admin';
}

/**
 * Operations whose valid requests write: sign-in records failures, sign-out ends the session; any past day's
 * reconciliation report is produced (and kept) on request; a year's DTI and service-quality ranks are entered for
 * any year; the log is anchored now. Only broken requests for them.
 */
const onlyMalformed = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/payment-reports/{day}',
  // Any statement the bank's columns can be found in is imported, and the import is audited.
  'POST /api/v1/payment-statements',
  'PUT /api/v1/reporting/ranks/{year}',
  // A valid rule or override of any period is taken (and moves that period's reports' deadlines).
  'PUT /api/v1/reporting/period-rules/{kind}/{fromPeriodKey}',
  'PUT /api/v1/reporting/period-overrides/{kind}/{periodKey}',
  // Registries whose entries need nothing but their own fields: a valid body makes one.
  'POST /api/v1/reporting/indicators',
  'POST /api/v1/gateway/consumers',
  'POST /api/v1/gateway/log/anchors',
  // A citizen named by the business registration is linked to the enterprise (its account made on first
  // meeting, the lookup logged); a legal representative's valid grant authorises the person named.
  'POST /api/v1/representations/confirm',
  'POST /api/v1/representations',
]);

/** RFC 6749's token endpoint answers its own error body (`error`, `error_description`), not Congso's. */
const oauthErrors = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
]);
function checkOAuthAnswer(req: FuzzRequest, res: LightMyRequestResponse) {
  const where = `${req.kind} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  const error = res.statusCode >= 400 ? (res.json() as { error?: unknown }).error : undefined;
  // Refused before the route (a malformed URL, another media type): Congso's shape, as everywhere.
  if (typeof error !== 'string') return checkAnswer(req, res);
  assert.ok(oauthErrors.has(error), `an RFC 6749 error: ${where}`);
  if (req.invalid) assert.ok(res.statusCode >= 400, `a refused request was answered: ${where}`);
}

interface Snapshot {
  counts: Record<string, number>;
  storedFiles: number;
}

function isVietnamese(s: unknown): boolean {
  return typeof s === 'string' && s.trim().length > 0 && /[À-ỹĐđ]/u.test(s);
}

/** Answers by kind of request, status and error code (printed with FUZZ_VERBOSE=1). */
const statuses = new Map<string, number>();

/** The checks every answer passes: no 5xx, a 4xx for a broken request, the one error shape. */
function checkAnswer(req: FuzzRequest, res: LightMyRequestResponse) {
  const where = `${req.kind} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  assert.ok(res.statusCode < 500, `a 5xx: ${where}`);
  if (req.invalid) assert.ok(res.statusCode >= 400, `a refused request was answered: ${where}`);
  if (res.statusCode >= 400) {
    let body: { error?: { code?: unknown; message?: { vi?: unknown; en?: unknown } } };
    try {
      body = res.json();
    } catch {
      assert.fail(`a 4xx without a JSON body: ${where}`);
    }
    assert.match(String(body.error?.code), /^[A-Z][A-Z_]+$/, `error.code: ${where}`);
    assert.ok(isVietnamese(body.error?.message?.vi), `a Vietnamese message: ${where}`);
    const en = body.error?.message?.en;
    assert.ok(
      typeof en === 'string' && en.trim().length > 0 && en !== body.error?.message?.vi,
      `an English message: ${where}`,
    );
  }
  const code = res.statusCode >= 400 ? (res.json() as { error: { code: string } }).error.code : '';
  const key = `${req.invalid ? 'broken' : 'valid'} ${req.kind.replace(/:.*/, '')} → ${res.statusCode} ${code}`;
  statuses.set(key, (statuses.get(key) ?? 0) + 1);
}

describe('fuzzing every operation from its OpenAPI schema', { timeout: 900_000 }, () => {
  let t: TestApp;
  let nationalDb: NationalDbStandIn | undefined;
  let operations: Operation[];
  const sessions = new Map<Caller, string>();
  const fixtures: Record<string, string[]> = {};
  const perOperation = new Map<string, number>();
  let batch = 0;
  const started = Date.now();

  const snapshot = async (): Promise<Snapshot> => {
    const [counts] = (await queryRows<Record<string, number>>(
      t.db.connection.db,
      sql`select (select count(*)::int from dossiers) as dossiers,
                 (select coalesce(sum(version), 0)::int from dossiers) as dossier_versions,
                 (select count(*)::int from dossier_events) as dossier_events,
                 (select count(*)::int from files) as files,
                 (select count(*)::int from files where dossier_id is not null) as attached_files,
                 (select count(*)::int from notifications) as notifications,
                 (select count(*)::int from audit_events) as audit_events,
                 (select count(*)::int from people) as people,
                 (select coalesce(sum(version), 0)::int from people) as people_versions,
                 (select count(*)::int from sessions) as sessions,
                 (select count(*)::int from login_throttle) as login_throttle,
                 (select count(*)::int from agencies) as agencies,
                 (select coalesce(sum(version), 0)::int from agencies) as agency_versions,
                 (select count(*)::int from procedure_versions) as procedure_versions,
                 (select count(*)::int from dossier_code_counters) as dossier_code_counters,
                 (select count(*)::int from exchange_peers) as exchange_peers,
                 (select coalesce(sum(version), 0)::int from exchange_peers) as exchange_peer_versions,
                 (select count(*)::int from exchange_messages) as exchange_messages,
                 (select count(*)::int from certificate_authorities) as certificate_authorities,
                 (select count(*)::int from certificates) as certificates,
                 (select coalesce(sum(version), 0)::int from certificates) as certificate_versions`,
    )) as [Record<string, number>];
    return { counts, storedFiles: await countStoredFiles(t.ctx.config.FILES_DIR as string) };
  };

  /** Sends one generated request as `caller`. */
  const send = (op: Operation, req: FuzzRequest, cookie: string | undefined, cookieHeader?: string) => {
    let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => req.params[name] ?? '') + (req.pathSuffix ?? '');
    if (req.query.length > 0) url += `?${req.query.map(([k, v]) => `${k}=${v}`).join('&')}`;
    const unsafe = op.method !== 'GET';
    return t.app.inject({
      method: op.method as 'GET',
      url,
      headers: {
        ...(unsafe ? { 'x-congso-request': '1' } : {}),
        ...(cookieHeader ? { cookie: cookieHeader } : cookie ? { cookie: `congso_session=${cookie}` } : {}),
        ...(req.body?.type ? { 'content-type': req.body.type } : {}),
        ...req.headers,
      },
      ...(req.body ? { payload: req.body.data } : {}),
    });
  };

  /** Runs one batch under fast-check and checks that it wrote nothing. */
  async function runBatch<T>(
    label: string,
    opKey: string,
    arb: fc.Arbitrary<T>,
    numRuns: number,
    check: (value: T) => Promise<void>,
  ) {
    const seed = (SEED + ++batch * 7919) % 2 ** 31;
    const before = await snapshot();
    const t0 = Date.now();
    let count = 0;
    try {
      await fc.assert(
        fc.asyncProperty(arb, async (value) => {
          count++;
          await check(value);
        }),
        { seed, numRuns, endOnFailure: process.env.FUZZ_SHRINK !== '1' },
      );
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      throw new Error(
        `${label}: FUZZ_SEED=${SEED} (batch seed ${seed})\n${cause?.message ?? ''}\n${(error as Error).message}`,
      );
    } finally {
      perOperation.set(opKey, (perOperation.get(opKey) ?? 0) + count);
    }
    if (process.env.FUZZ_VERBOSE) console.log(`${label}: ${count} cases, ${Date.now() - t0} ms`);
    const afterwards = await snapshot();
    assert.deepEqual(afterwards, before, `${label} wrote something (FUZZ_SEED=${SEED})`);
  }

  before(async () => {
    console.log(`fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED}; FUZZ_RUNS=${RUNS})`);
    // The national databases' stand-in, so that lookups reach their handler's checks (not a 503 for no answer).
    nationalDb = await startNationalDbStandIn();
    t = await createTestApp({
      MAX_UPLOAD_MB: '1',
      SEARCH_SIGNALS_PER_MINUTE: '0',
      POPULATION_DB_URL: nationalDb.url,
      BUSINESS_REGISTRY_URL: nationalDb.url,
    });
    await t.importDemoProcedures('1.001193');
    for (const [caller, username] of Object.entries(CALLERS)) sessions.set(caller as Caller, await t.login(username));
    // The first lookup registers the national services (as a server's start does) before anything is compared.
    const first = await t.call('POST', '/api/v1/national-db/enterprise-lookups', {
      cookie: sessions.get('admin'),
      body: { code: '3901234567' },
    });
    assert.equal(first.statusCode, 200, first.body);
    operations = operationsOf((await t.call('GET', '/docs/json')).json());
    const me = async (c: Caller) => (await t.call('GET', '/api/v1/auth/me', { cookie: sessions.get(c) })).json().user;
    const clerk = await me('clerkTanNinh');
    const citizenA = sessions.get('citizenA') as string;
    const filed = await t.call('POST', '/api/v1/dossiers', {
      cookie: citizenA,
      body: {
        procedureCode: '1.001193',
        receivingAgencyId: clerk.agency.id,
        applicant: { phone: '0912 345 678', address: 'Số 12 đường 30/4, phường Tân Ninh' },
        documents: await t.documentsFor(citizenA, '1.001193'),
      },
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const dossier = filed.json();
    const received = await t.call('POST', `/api/v1/dossiers/${dossier.id}/actions`, {
      cookie: sessions.get('clerkTanNinh'),
      body: { version: dossier.version, action: 'receive' },
    });
    assert.equal(received.statusCode, 200, received.body);
    // Reads reach real rows: the dossier, Tân Ninh, its clerk, a file, the procedure.
    fixtures.id = [dossier.id, clerk.agency.id, clerk.id, dossier.files[0].id];
    fixtures.code = ['1.001193'];
    // A report template with revisions, so that its history is read from real rows.
    fixtures['GET /api/v1/reporting/templates/{code}/revisions:code'] = [(await reportingSetup(t)).templateCode];
  });

  after(async () => {
    if (perOperation.size > 0) {
      const total = [...perOperation.values()].reduce((a, b) => a + b, 0);
      const lines = [...perOperation.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([op, n]) => `  ${String(n).padStart(5)}  ${op}`);
      console.log(
        `fuzz cases per operation:\n${lines.join('\n')}\n  ${String(total).padStart(5)}  in all, ${perOperation.size} operations, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    if (process.env.FUZZ_VERBOSE)
      console.log(
        [...statuses.entries()]
          .sort()
          .map(([k, n]) => `${n}\t${k}`)
          .join('\n'),
      );
    await t?.close();
    await nationalDb?.close();
  });

  test('the schemas, per operation: broken requests get a 4xx with the error shape, nothing 5xx, nothing written', async () => {
    const randomIds: Ids = { uuid: fc.uuid({ version: 4 }) };
    const readIds: Ids = { uuid: fc.oneof(fc.constantFrom(...(fixtures.id as string[])), fc.uuid({ version: 4 })) };
    for (const op of operations) {
      if (op.key === 'POST /api/v1/files') continue; // multipart: its own test below
      const ids = op.method === 'GET' ? readIds : randomIds;
      const own = sessions.get(authorizedCaller(op));
      // Public routes limited per address per minute (the lookup: 30, the signature check: 30).
      const lookup = op.key === 'GET /api/v1/lookup' || op.key === 'POST /api/v1/signing/verify';
      const run = (label: string, arb: fc.Arbitrary<FuzzRequest>, n: number, cookie: string | undefined) =>
        runBatch(`${op.key} ${label}`, op.key, arb, n, async (req) => {
          // The lookup's per-address limit (30 a minute) would answer first: a minute passes between guesses.
          if (lookup) t.clock.advance(61_000);
          const res = await send(op, req, cookie);
          if (op.key === 'POST /gateway/token') checkOAuthAnswer(req, res);
          else checkAnswer(req, res);
        });
      await run('malformed, authorized', malformed(op, ids, fixtures), runs(60), own);
      await run('malformed, anonymous', malformed(op, ids, fixtures), runs(15), undefined);
      if (!onlyMalformed.has(op.key)) {
        // Each wrong current password costs an argon2 verification.
        const n = op.key === 'POST /api/v1/auth/password' ? 8 : 36;
        await run('within schema, authorized', semantic(op, ids, fixtures), runs(n), own);
        await run('within schema, anonymous', semantic(op, ids, fixtures), runs(8), undefined);
        await runBatch(`${op.key} odd cookies`, op.key, cookies(op, ids, fixtures), runs(8), async (req) => {
          const res = await send(op, req, own, req.cookie(own));
          if (op.key === 'POST /gateway/token') checkOAuthAnswer(req, res);
          else checkAnswer(req, res);
        });
      }
    }
  });

  test('the domain: action inputs the schema lets through, and a procedure’s edit, are refused with a 4xx', async () => {
    const clerk = sessions.get('clerkTanNinh');
    const desk = (body: object) => t.call('POST', '/api/v1/desk/dossiers', { cookie: clerk, body });
    const me = async (c: Caller) => (await t.call('GET', '/api/v1/auth/me', { cookie: sessions.get(c) })).json().user;
    const tanNinh = (await me('clerkTanNinh')).agency.id as string;
    const applicant = {
      fullName: 'Phạm Văn Lộc',
      nationalId: '072085009876',
      phone: '0988 111 222',
      address: 'Ấp Bàu Nâu',
    };
    // One dossier just received at the counter, one forwarded to the ward's specialists.
    const received = (await desk({ procedureCode: '1.001193', receivingAgencyId: tanNinh, applicant })).json();
    let processing = (await desk({ procedureCode: '1.001193', receivingAgencyId: tanNinh, applicant })).json();
    processing = (
      await t.call('POST', `/api/v1/dossiers/${processing.id}/actions`, {
        cookie: clerk,
        body: { version: processing.version, action: 'forward', agencyId: tanNinh },
      })
    ).json();
    assert.equal(processing.status, 'processing');
    const citizenA = (await me('citizenA')).id as string;
    const stpSpecialist = (
      await t.call('GET', '/api/v1/officers?q=chuyenvien.stp', { cookie: sessions.get('admin') })
    ).json().items[0].id;
    const actionUrl = (d: { id: string }) => `/api/v1/dossiers/${d.id}/actions`;
    const onReceived = (caller: Caller, input: fc.Arbitrary<Record<string, unknown>>, kind: string) =>
      fc.tuple(input, junkFields).map(
        ([i, junk]): DomainCase => ({
          kind,
          caller,
          url: actionUrl(received),
          body: { ...junk, ...omitUndefined(i), version: received.version },
        }),
      );
    const onProcessing = (caller: Caller, input: fc.Arbitrary<Record<string, unknown>>, kind: string) =>
      fc.tuple(input, junkFields).map(
        ([i, junk]): DomainCase => ({
          kind,
          caller,
          url: actionUrl(processing),
          body: { ...junk, ...omitUndefined(i), version: processing.version },
        }),
      );
    const cases: fc.Arbitrary<DomainCase> = fc.oneof(
      onReceived(
        'clerkTanNinh',
        fc.record({ action: fc.constant('forward'), agencyId: badAgencyId, note: oddString }),
        'forward: agency',
      ),
      onReceived(
        'clerkTanNinh',
        fc.record({ action: fc.constant('request_supplement'), items: badItems, reason: oddString }),
        'supplement: items',
      ),
      onReceived(
        'clerkTanNinh',
        fc.record({
          action: fc.constant('request_supplement'),
          items: fc.constant(['Tờ khai']),
          reason: fc.oneof(badText, unstorableText),
        }),
        'supplement: reason',
      ),
      onReceived(
        'clerkTanNinh',
        fc.record({ action: fc.constant('request_payment'), amount: badAmount, description: oddString }),
        'payment: amount',
      ),
      // Not in this status, or not this officer's: refused before the input is read.
      onReceived(
        'clerkTanNinh',
        fc.record({
          action: fc.constantFrom(
            'receive',
            'refuse_receipt',
            'assign',
            'approve',
            'refuse',
            'stop',
            'apologize',
            'issue_result',
            'return_result',
            'rate',
            'submit_supplement',
            'confirm_payment',
            'return_from_agency',
            'propose_approval',
            'submit_online',
          ),
          reason: oddString,
          note: oddString,
        }),
        'action: not now',
      ),
      onReceived(
        'headTanNinh',
        fc.record({ action: fc.constant('apologize'), reason: oddString, newDueAt: badInstant }),
        'apologize: date',
      ),
      onProcessing(
        'headTanNinh',
        fc.record({
          action: fc.constant('assign'),
          assigneeId: fc.oneof(badAgencyId, fc.constantFrom(citizenA, stpSpecialist)),
        }),
        'assign: assignee',
      ),
      onProcessing(
        'headTanNinh',
        fc.record({ action: fc.constant('send_to_agency'), agencyId: fc.oneof(badAgencyId, fc.constant(tanNinh)) }),
        'send: agency',
      ),
      onProcessing(
        'headTanNinh',
        fc.record({ action: fc.constant('propose_refusal'), reason: badText }),
        'propose refusal: reason',
      ),
      onProcessing(
        'headTanNinh',
        fc.record({
          action: fc.constantFrom('approve', 'refuse', 'stop', 'issue_result', 'return_result', 'receive'),
          reason: oddString,
        }),
        'action: not theirs',
      ),
      // A stale or broken version, whatever the action.
      fc
        .tuple(
          fc.constantFrom(received, processing),
          fc.oneof(
            fc.integer({ min: 3, max: 2 ** 31 }),
            fc.constantFrom(0, -1, 1.5, '1', '2', null, true, [2]),
            // (0.1e1 is 1: a version that may be right.)
            fc.constantFrom(...rawNumbers.filter((n) => n !== '0.1e1').map((n) => new Raw(n, n))),
          ),
          fc.constantFrom('receive', 'forward', 'withdraw', 'propose_approval'),
        )
        .map(
          ([d, version, action]): DomainCase => ({
            kind: 'version',
            caller: 'clerkTanNinh',
            url: actionUrl(d),
            body: { version, action, agencyId: tanNinh },
          }),
        ),
      // A procedure's edit whose changes break the procedure, or whose expected version is not the current one.
      fc
        .record({
          expectedVersion: fc.integer({ min: 2, max: 2 ** 31 }),
          validFrom: fc
            .date({ min: new Date('2027-01-01'), max: new Date('2199-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10)),
          reason: oddString.filter((x) => x.trim() !== '').map((x) => x.slice(0, 500)),
          changes: fc.record(
            {
              name: oddString.map((x) => x.slice(0, 500)),
              deadlines: wrongType(['object']),
              fees: fc.oneof(wrongType([]), fc.constant(deepObject)),
              channels: fc.oneof(wrongType([]), fc.constant(['fax', 'pigeon'])),
              requiredDocuments: fc.oneof(wrongType([]), fc.constant([{ name: 7 }])),
              steps: fc.oneof(wrongType([]), fc.constant(deepArray)),
            },
            { requiredKeys: [] },
          ),
        })
        .map(
          (body): DomainCase => ({
            kind: 'procedure edit',
            caller: 'admin',
            url: '/api/v1/procedures/1.001193/versions',
            body,
          }),
        ),
    );
    const kinds = new Map<string, Map<number, number>>();
    const send = async (c: DomainCase) => {
      const res = await t.app.inject({
        method: 'POST',
        url: c.url,
        headers: {
          'x-congso-request': '1',
          cookie: `congso_session=${sessions.get(c.caller)}`,
          'content-type': 'application/json',
        },
        payload: toJson(c.body),
      });
      const byStatus = kinds.get(c.kind) ?? new Map<number, number>();
      byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
      kinds.set(c.kind, byStatus);
      checkAnswer({ kind: c.kind, invalid: true, params: {}, query: [], headers: {} }, res);
    };
    // A stale version on each action of each dossier, whatever the seed: the random ones may all stop earlier.
    for (const d of [received, processing])
      for (const action of ['receive', 'forward', 'withdraw', 'propose_approval'])
        await send({
          kind: 'version',
          caller: 'clerkTanNinh',
          url: actionUrl(d),
          body: { version: 2 ** 31 - 1, action, agencyId: tanNinh },
        });
    await runBatch('domain checks', 'POST /api/v1/dossiers/{id}/actions (domain)', cases, runs(400), send);
    if (process.env.FUZZ_VERBOSE)
      for (const [k, m] of kinds) console.log(`  ${k}: ${[...m].map(([st, n]) => `${st}×${n}`).join(' ')}`);
    // The inputs reached the domain's checks (not only the version's).
    assert.ok([...kinds.values()].some((m) => m.has(400)) && [...kinds.values()].some((m) => m.has(409)));
  });

  test('uploads: broken multipart bodies and files that are not what they claim are refused, nothing stored', async () => {
    const pdf = Buffer.from(sampleFile('sample.pdf'));
    const png = Buffer.from(sampleFile('sample.png'));
    const jpg = Buffer.from(sampleFile('sample.jpg'));
    const names = fc.oneof(
      fc.constantFrom('giay-to.pdf', 'anh.png', 'anh.jpg'),
      fc.constantFrom(
        'Giấy khai sinh.pdf'.normalize('NFD'),
        '../../etc/passwd.pdf',
        'a\u0000.pdf',
        'x.pdf\r\nContent-Type: text/html',
        'con\ud800.pdf',
        `${'dài'.repeat(3000)}.pdf`,
        '.pdf',
        'x.pdf.exe',
        'x.PDF ',
        'x.svg',
        'x.html',
      ),
    );
    /** Bytes no allowed type can be: random (not starting like one), other formats, the samples cut short. */
    const badBytes = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 4096 }).map((b) => Buffer.concat([Buffer.from([0x00]), Buffer.from(b)])),
      fc.constantFrom(
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        Buffer.from('<!doctype html><script>alert(1)</script>'),
        Buffer.from('PK\u0003\u0004 not a zip'),
        Buffer.from('GIF89a'),
        Buffer.from('%PDF-1.7\n%%EOF'),
        Buffer.from([0xff, 0xd8, 0xff]),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.alloc(0),
      ),
      fc.tuple(fc.constantFrom(pdf, png, jpg), fc.nat()).map(([b, n]) => b.subarray(0, 1 + (n % (b.length - 64)))),
      // Past MAX_UPLOAD_MB (1 MB here).
      fc.constant(Buffer.concat([pdf, Buffer.alloc(1_100_000, 0x20)])),
    );
    /** A real sample under a name whose extension says another type. */
    const mislabelled = fc.constantFrom<[Buffer, string]>(
      [pdf, 'anh.png'],
      [png, 'giay-to.pdf'],
      [jpg, 'anh.png'],
      [pdf, 'giay-to.pdf.exe'],
      [png, 'anh.jpg.html'],
    );
    const upload = fc.oneof(
      fc.tuple(badBytes, names).map(([bytes, name]) => ({ kind: 'content', ...multipartBody('file', name, bytes) })),
      mislabelled.map(([bytes, name]) => ({ kind: 'extension', ...multipartBody('file', name, bytes) })),
      fc
        .constantFrom('files', 'File', 'file[]', '')
        .map((field) => ({ kind: 'field', ...multipartBody(field, 'giay-to.pdf', pdf) })),
      // Broken multipart: the boundary does not match, the body stops early, two files, no parts, not multipart.
      fc.constant(pdf).map((bytes) => {
        const m = multipartBody('file', 'giay-to.pdf', bytes);
        return { kind: 'boundary', payload: m.payload, contentType: 'multipart/form-data; boundary=----other' };
      }),
      fc.nat().map((n) => {
        const m = multipartBody('file', 'giay-to.pdf', pdf);
        return {
          kind: 'truncated',
          payload: m.payload.subarray(0, 1 + (n % (m.payload.length - 10))),
          contentType: m.contentType,
        };
      }),
      fc.constant(null).map(() => {
        const a = multipartBody('file', 'a.pdf', pdf);
        const boundary = a.contentType.split('boundary=')[1] as string;
        const second = Buffer.from(
          `\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        );
        const head = a.payload.subarray(0, a.payload.length - `\r\n--${boundary}--\r\n`.length);
        return {
          kind: 'two files',
          payload: Buffer.concat([head, second, pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]),
          contentType: a.contentType,
        };
      }),
      fc.constantFrom(
        { kind: 'no parts', payload: Buffer.from('--x--\r\n'), contentType: 'multipart/form-data; boundary=x' },
        { kind: 'no boundary', payload: pdf, contentType: 'multipart/form-data' },
        { kind: 'not multipart', payload: pdf, contentType: 'application/pdf' },
        { kind: 'not multipart', payload: Buffer.from('{}'), contentType: 'application/json' },
        { kind: 'not multipart', payload: Buffer.from('file=x'), contentType: 'application/x-www-form-urlencoded' },
      ),
    );
    for (const [caller, n] of [
      ['citizenA', runs(150)],
      [undefined, runs(30)],
    ] as const) {
      await runBatch(`POST /api/v1/files as ${caller ?? 'anonymous'}`, 'POST /api/v1/files', upload, n, async (u) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/files',
          headers: {
            'x-congso-request': '1',
            'content-type': u.contentType,
            ...(caller ? { cookie: `congso_session=${sessions.get(caller)}` } : {}),
          },
          payload: u.payload,
        });
        checkAnswer({ kind: `upload: ${u.kind}`, invalid: true, params: {}, query: [], headers: {} }, res);
      });
    }
  });
});

async function countStoredFiles(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) n += await countStoredFiles(`${dir}/${entry.name}`);
    else n++;
  }
  return n;
}
