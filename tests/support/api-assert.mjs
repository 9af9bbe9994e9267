// Assertions and small helpers shared by tests/api: problem+json checks, Vietnamese text,
// agency look-ups, fresh agency codes, CSV parsing.

import assert from 'node:assert/strict';

// A Vietnamese sentence almost always carries one of these letters.
const VI_LETTERS = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

export function isVietnamese(s) {
  return typeof s === 'string' && VI_LETTERS.test(s);
}

export function assertVietnamese(s, what = 'message') {
  assert.ok(isVietnamese(s), `${what} should be Vietnamese, got ${JSON.stringify(s)}`);
}

function describe(res) {
  return `${res.method} ${res.path} -> ${res.status} ${res.contentType}\n${res.text?.slice(0, 2000)}`;
}

// Asserts `res` is an RFC 9457 problem of the contract: status, Content-Type
// application/problem+json, type urn:cqdt:problem:<name>, status mirrored in the body, Vietnamese
// title and detail, instance = request path, requestId = X-Request-Id. `fields` lists field names
// that must appear in errors[] (or [name, code] pairs). Returns the body.
export function assertProblem(res, status, name, { fields = [], instance = true } = {}) {
  assert.equal(res.status, status, `expected ${status} ${name}; got ${describe(res)}`);
  assert.match(
    res.contentType,
    /^application\/problem\+json\b/,
    `problem responses are application/problem+json; got ${describe(res)}`,
  );
  const b = res.body;
  assert.ok(b && typeof b === 'object', `problem body must be JSON: ${describe(res)}`);
  assert.equal(b.type, `urn:cqdt:problem:${name}`, describe(res));
  assert.equal(b.status, status, 'body.status mirrors the HTTP status');
  assertVietnamese(b.title, 'problem title');
  assertVietnamese(b.detail, 'problem detail');
  if (instance) assert.equal(b.instance, res.path, 'problem instance is the request path');
  assert.ok(b.requestId, 'problem has requestId');
  assert.equal(b.requestId, res.requestId, 'problem requestId equals the X-Request-Id header');
  for (const f of fields) {
    const [field, code] = Array.isArray(f) ? f : [f, undefined];
    const errors = Array.isArray(b.errors) ? b.errors : [];
    const hit = errors.find((e) => e.field === field && (code === undefined || e.code === code));
    assert.ok(
      hit,
      `errors[] should name field ${JSON.stringify(field)}` +
        (code ? ` with code ${JSON.stringify(code)}` : '') +
        `; got ${JSON.stringify(b.errors)}`,
    );
    assertVietnamese(hit.message, `errors[${field}].message`);
  }
  return b;
}

export function assertStatus(res, status) {
  assert.equal(res.status, status, `expected ${status}; got ${describe(res)}`);
  return res.body;
}

// ---------------------------------------------------------------------------------------------
// Agencies

// Every agency (including inactive ones), sorted by id, as returned by GET /agencies.
export async function allAgencies(client) {
  const res = await client.get('/agencies?includeInactive=true');
  assertStatus(res, 200);
  assert.ok(Array.isArray(res.body?.items), 'GET /agencies answers {items: Agency[]}');
  return [...res.body.items].sort((a, b) => String(a.id).localeCompare(String(b.id), 'en', { numeric: true }));
}

export async function agencyByCode(client, code) {
  return (await allAgencies(client)).find((a) => a.code === code);
}

// `n` department codes 000.00.NN.H01 not used yet on this server.
export async function freshDepartmentCodes(client, n = 1, { avoid = [] } = {}) {
  const used = new Set([...(await allAgencies(client)).map((a) => a.code), ...avoid]);
  const out = [];
  for (let nn = 99; nn >= 2 && out.length < n; nn--) {
    const code = `000.00.${String(nn).padStart(2, '0')}.H01`;
    if (!used.has(code)) out.push(code);
  }
  assert.equal(out.length, n, 'ran out of free department codes');
  return out;
}

// All users visible to `client` (GET /users), sorted by id.
export async function allUsers(client, query = '') {
  const res = await client.get(`/users${query}`);
  assertStatus(res, 200);
  assert.ok(Array.isArray(res.body?.items), 'GET /users answers {items: User[]}');
  return [...res.body.items].sort((a, b) => String(a.id).localeCompare(String(b.id), 'en', { numeric: true }));
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)

export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function csvField(v) {
  const s = v ?? '';
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'code',
  'name',
  'shortName',
  'kind',
  'parentCode',
  'address',
  'phone',
  'email',
  'website',
  'validFrom',
  'validTo',
  'mergedIntoCode',
  'splitFromCode',
];

// CSV text (CRLF line ends) for rows given as objects keyed by the contract's columns.
export function toCsv(rows, columns = CSV_COLUMNS) {
  const lines = [columns.join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------
// API tokens

// A scope that allows reading agencies: taken from the OpenAPI document when it enumerates the
// scopes (an `enum` on a `scopes` array), else "agencies:read".
export async function agencyReadScope(client) {
  const res = await client.get('/api/openapi.json');
  const enums = [];
  const walk = (o) => {
    if (!o || typeof o !== 'object') return;
    if (o.properties?.scopes?.items?.enum) enums.push(...o.properties.scopes.items.enum);
    for (const v of Object.values(o)) walk(v);
  };
  if (res.status === 200) walk(res.body?.components);
  return (
    enums.find((s) => /agenc/i.test(s) && /read/i.test(s)) ??
    enums.find((s) => /agenc/i.test(s)) ??
    enums.find((s) => /read/i.test(s)) ??
    'agencies:read'
  );
}
