// Several real cqdt exchange hubs on loopback, federated the way tests/api/exchange-federation.test.mjs
// sets up two of them (issue 14; docs/api.md "Document exchange hub"; decision 0019): each hub has
// its own demo data and demo PKI, trusts the others' CAs, and registers the peers it routes to
// with their pinned hub certificates; a member system of another vendor sends through one of them.
//
//   const a = await startHub({ name: 'A' });                                  // An Giang, H01
//   const b = await startHub({ name: 'B', organId: '000.00.00.H12', served: ['H12'] });
//   await trustEachOther([a, b]);
//   await addPeer(a, b, ['H12']); await addPeer(b, a, ['H01']);
//   const vendor = await addMember(a, { agencies: ['000.00.90.H01'] });
//   ...
//   await b.restart({ kill: true });   // SIGKILL, same data directory, new port
//   await stopHubs([a, b]);
//
// A hub's exchange settings are written to a config file of its own ([exchange] served,
// retry_seconds, max_retry_seconds, max_attempts): the tests here make peers fail for a while on
// purpose, and the defaults (backoff up to an hour, dead after 12 attempts) would turn that into
// minutes of waiting or dead letters.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { assertStatus } from './api-assert.mjs';
import { Client, DEMO_PASSWORD, loggedIn, startServer } from './cqdt-server.mjs';
import { VendorSystem } from './edxml-vendor.mjs';

// The demo's seal of its provincial committee: the key every demo data directory has, used as
// the hub key of hubs that do not serve An Giang (their own PKI issued it).
export const DEMO_HUB_KEY = 'seal-000.00.00.h01';

// The first certificate of a PEM file (a hub certificate to pin), with a final newline.
export function firstPem(file) {
  const text = readFileSync(file, 'utf8');
  const end = '-----END CERTIFICATE-----';
  return text.slice(0, text.indexOf(end) + end.length) + '\n';
}

// A file of a server's demo PKI (`cqdt demo` writes it under <dataDir>/pki).
export function pkiFile(server, file) {
  return path.join(server.dataDir, 'pki', file);
}

const tomlString = (s) => JSON.stringify(String(s));

// Starts a hub: `cqdt serve` with demo data and the demo PKI, and an [exchange] section of its
// own. organId: [exchange] hub_organ_id (default: the directory's provincial committee, H01);
// served: route patterns of the agencies delivered here ([] = none: a hub of hubs), default all;
// retrySeconds / maxRetrySeconds / maxAttempts: the forwarding backoff (default 1 s, at most 2 s,
// 1,000 attempts); env: more environment. Returns the hub: {name, server, admin, baseUrl,
// restart({kill}), stop()} (server and admin change on restart).
export async function startHub({
  name,
  organId,
  served,
  hubKey = organId ? DEMO_HUB_KEY : undefined,
  retrySeconds = 1,
  maxRetrySeconds = 2,
  maxAttempts = 1000,
  env = {},
} = {}) {
  const configDir = mkdtempSync(path.join(tmpdir(), 'cqdt-hub-config-'));
  const configFile = path.join(configDir, 'cqdt.toml');
  const lines = [
    '[exchange]',
    `retry_seconds = ${retrySeconds}`,
    `max_retry_seconds = ${maxRetrySeconds}`,
    `max_attempts = ${maxAttempts}`,
  ];
  if (organId) lines.push(`hub_organ_id = ${tomlString(organId)}`);
  if (hubKey) lines.push(`hub_key = ${tomlString(hubKey)}`);
  if (served) lines.push(`served = [${served.map(tomlString).join(', ')}]`);
  writeFileSync(configFile, lines.join('\n') + '\n');
  const serverEnv = { CQDT_CONFIG: configFile, ...env };

  const hub = { name, organId, configDir };
  hub.server = await startServer({ pki: true, env: serverEnv });
  hub.admin = await loggedIn(hub.server.baseUrl, 'admin');
  Object.defineProperty(hub, 'baseUrl', { get: () => hub.server.baseUrl });
  // Stops the process (SIGKILL when `kill`, else SIGTERM) and starts it again on the same data
  // directory (on another free port: point the peers at hub.baseUrl again, see repointPeer).
  hub.restart = async ({ kill = false } = {}) => {
    const dataDir = hub.server.dataDir;
    await hub.server.stop(kill ? 'SIGKILL' : 'SIGTERM', { keepData: true });
    hub.server = await startServer({ dataDir, ownDataDir: true, env: serverEnv });
    hub.admin = await loggedIn(hub.server.baseUrl, 'admin');
    return hub;
  };
  hub.stop = async () => {
    await hub.server?.stop();
    rmSync(configDir, { recursive: true, force: true });
  };
  return hub;
}

export async function stopHubs(hubs) {
  if (process.env.CQDT_TEST_DEBUG) {
    for (const h of hubs) if (h?.server) console.log(`--- hub ${h.name}\n${h.server.logs()}`);
  }
  await Promise.all(hubs.filter(Boolean).map((h) => h.stop()));
}

// `hub` trusts `other`'s demo CA for documents (its root, and the CRLs of its root and issuing
// CA): packages signed by `other`'s seals, and `other`'s hub certificate, then verify.
export async function trust(hub, other) {
  const res = await hub.admin.post(
    `/trust/anchors?purpose=document&name=${encodeURIComponent(`CA ${other.name} ${other.baseUrl}`)}`,
    readFileSync(pkiFile(other.server, 'root.pem'), 'utf8'),
    { raw: true, headers: { 'Content-Type': 'application/x-pem-file' } },
  );
  assertStatus(res, 201);
  for (const crl of ['root.crl', 'intermediate.crl']) {
    const r = await hub.admin.post('/trust/crls', readFileSync(pkiFile(other.server, crl)), {
      raw: true,
      headers: { 'Content-Type': 'application/pkix-crl' },
    });
    assertStatus(r, 201);
  }
}

// Every hub trusts every other one.
export async function trustEachOther(hubs) {
  for (const h of hubs) for (const o of hubs) if (o !== h) await trust(h, o);
}

export const peerCode = (hub) => `truc-${hub.name.toLowerCase()}`;

// `hub` registers `peer` as a peer hub reached at `baseUrl` (default peer.baseUrl) for the route
// patterns `agencies`, pinning the peer's hub certificate. Returns the Partner.
export async function addPeer(
  hub,
  peer,
  agencies,
  { baseUrl = peer.baseUrl, signaturePolicy = 'require', code = peerCode(peer) } = {},
) {
  return assertStatus(
    await hub.admin.post('/exchange/partners', {
      kind: 'peer',
      code,
      name: `Trục liên thông ${peer.name}`,
      baseUrl,
      certificate: firstPem(pkiFile(peer.server, `${DEMO_HUB_KEY}.p12.pem`)),
      signaturePolicy,
      agencies,
    }),
    201,
  );
}

// Points `hub`'s registration of `peer` at `baseUrl` (default: where the peer listens now).
export async function repointPeer(hub, peer, baseUrl = peer.baseUrl, code = peerCode(peer)) {
  const list = assertStatus(await hub.admin.get('/exchange/partners'), 200);
  const p = list.items.find((x) => x.code === code);
  assert.ok(p, `no partner ${code} at ${hub.name}`);
  return assertStatus(
    await hub.admin.put(`/exchange/partners/${p.id}`, {
      name: p.name,
      baseUrl,
      certificate: p.certificate,
      signaturePolicy: p.signaturePolicy,
      agencies: p.agencies,
      enabled: p.enabled,
    }),
    200,
  );
}

// A member system of another vendor on `hub`, serving `agencies`; returns its VendorSystem.
export async function addMember(
  hub,
  { code = 'vendor-c', name = 'Phần mềm QLVB nhà cung cấp C', agencies, signaturePolicy } = {},
) {
  const member = assertStatus(
    await hub.admin.post('/exchange/partners', {
      kind: 'member',
      code,
      name,
      agencies,
      ...(signaturePolicy ? { signaturePolicy } : {}),
    }),
    201,
  );
  return new VendorSystem(hub.baseUrl, member.secret);
}

// Adds an agency to `hub`'s directory (a province's committee a hub serves besides the demo's).
export async function addAgency(hub, { code, name, shortName, kind = 'provincial_committee' }) {
  return assertStatus(await hub.admin.post('/agencies', { code, name, shortName, kind }), 201);
}

// A clerk of `agencyCode` on `hub`, created by its admin and logged in with a password of their
// own (a temporary password must be changed first). Returns a Client; clerk.login again after a
// restart: `relogin(hub, clerk)`.
export async function addClerk(hub, agencyCode, username, fullName = 'Lê Văn Thư') {
  const agency = assertStatus(await hub.admin.get('/agencies'), 200).items.find(
    (x) => x.code === agencyCode,
  );
  assert.ok(agency, `no agency ${agencyCode} at ${hub.name}`);
  assertStatus(
    await hub.admin.post('/users', {
      username,
      fullName,
      email: `${username}@example.gov.vn`,
      agencyId: agency.id,
      roles: ['clerk'],
      password: 'Tam-thoi@2026',
    }),
    201,
  );
  const clerk = new Client(hub.baseUrl);
  assertStatus(await clerk.login(username, 'Tam-thoi@2026'), 200);
  const password = 'Mat-khau-rieng@2026';
  assertStatus(
    await clerk.post('/auth/change-password', {
      currentPassword: 'Tam-thoi@2026',
      newPassword: password,
    }),
    204,
  );
  clerk.password = password;
  return clerk;
}

// The same person logged in again at the hub's current address (after hub.restart()).
export async function relogin(hub, client) {
  const again = await loggedIn(hub.baseUrl, client.user.username, client.password);
  again.password = client.password;
  return again;
}

// Every item of a list that pages with limit/offset (`path` without them), in pages of `page`.
export async function allPages(client, listPath, page = 200) {
  const out = [];
  const sep = listPath.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += page) {
    const res = assertStatus(
      await client.get(`${listPath}${sep}limit=${page}&offset=${offset}`),
      200,
    );
    out.push(...res.items);
    if (res.items.length < page) return out;
  }
}

// The admin's view of the newest message for `documentId` (`kind`: document | status).
export async function messageOf(hub, documentId, kind = 'document') {
  const list = assertStatus(
    await hub.admin.get(`/exchange/messages?filter=${kind}&limit=200`),
    200,
  );
  return list.items.find((m) => m.documentId === documentId);
}

// A message with its deliveries and trace (admin view).
export async function messageDetail(hub, id) {
  return assertStatus(await hub.admin.get(`/exchange/messages/${id}`), 200);
}

// Sở Nội vụ of `hub` (the demo's 000.00.01.H01) drafts, has signed, numbers, seals and releases
// a letter to `recipients` ([{name, code}]; a code is an agency outside, reached through the
// exchange) — or a replacement of the released document `replacesOf` (same recipients). Returns
// {id, numberText}.
export async function releaseLetter(hub, { subject, recipients, replacesOf }) {
  const OUT = '/documents/outgoing';
  const match = (res) => ({ headers: { 'If-Match': res.headers.get('etag') } });
  const [drafter, signer, clerk] = await Promise.all([
    loggedIn(hub.baseUrl, 'chuyenvien.snv'),
    loggedIn(hub.baseUrl, 'lanhdao.snv'),
    loggedIn(hub.baseUrl, 'vanthu.snv'),
  ]);
  let res = replacesOf
    ? await drafter.post(`${OUT}/${replacesOf}/replacement`, { subject })
    : await drafter.post(OUT, { typeOrdinal: 18, subject, signerId: signer.user.id, recipients });
  assertStatus(res, 201);
  const id = res.body.id;
  const draft = readFileSync(new URL('../api/testdata/outgoing-draft.pdf', import.meta.url));
  res = await drafter.request('POST', `${OUT}/${id}/files?name=cong-van.pdf`, draft, {
    raw: true,
    headers: { 'Content-Type': 'application/pdf', 'If-Match': res.headers.get('etag') },
  });
  assertStatus(res, 200);
  assertStatus(await drafter.post(`${OUT}/${id}/submit`, {}, match(res)), 200);
  res = await drafter.get(`${OUT}/${id}`);
  res = await signer.post(`${OUT}/${id}/approve`, {}, match(res));
  assertStatus(res, 200);
  res = await signer.post(
    `${OUT}/${id}/sign`,
    { keyId: 'personal-lanhdao.snv', secret: DEMO_PASSWORD },
    match(res),
  );
  assertStatus(res, 200);
  res = await clerk.post(`${OUT}/${id}/issue`, { sealKeyId: 'seal-000.00.01.h01' }, match(res));
  assertStatus(res, 200);
  res = await clerk.post(`${OUT}/${id}/release`, {}, match(res));
  assertStatus(res, 200);
  return { id, numberText: res.body.numberText };
}
