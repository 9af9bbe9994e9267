// The crash campaign's writers and readers (tests/reliability/crash-campaign.mjs): the four kinds
// of writes, each resolving to what identifies it once the server answered 2xx, and the read-back
// of one acknowledged write.

import { createHash, randomBytes } from 'node:crypto';

import { CEILING_MS, PROVINCE_CODE, loggedIn } from '../support/cqdt-server.mjs';
import { VendorSystem, documentPackage } from '../support/edxml-vendor.mjs';
import { minimalPdf } from '../support/pki.mjs';

export const KINDS = ['document', 'dossier', 'package', 'user'];
export const VENDOR_AGENCY = '000.00.90.H01';
const CLERK = 'vanthu.ubnd'; // the demo clerk of UBND tỉnh An Giang
const COUNTER = 'motcua.rachgia'; // the demo counter officer of phường Rạch Giá
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

async function bytesOf(client, p) {
  const res = await fetch(client.baseUrl + '/api/v1' + p, {
    headers: { Cookie: client.cookieHeader() },
    signal: AbortSignal.timeout(CEILING_MS),
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

// A scan that no other write has: a PNG signature and random bytes.
function uniquePng() {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    randomBytes(2048),
  ]);
}

export class Refused extends Error {
  constructor(what, res) {
    super(`${what}: ${res.status} ${(res.text ?? '').slice(0, 300)}`);
    this.status = res.status;
  }
}

export const expect = (what, res, ...ok) => {
  if (!ok.includes(res.status)) throw new Refused(what, res);
  return res.body ?? res.json;
};

// One write of `kind`; resolves to the acknowledgement to record (after the 2xx answer).
export async function write(kind, s, serial) {
  if (kind === 'document') {
    const pdf = minimalPdf(
      `Crash campaign ${s.run} document ${serial} ${randomBytes(8).toString('hex')}`,
    );
    const file = expect(
      'upload',
      await s.clerk.post(`/documents/files?fileName=cr-${serial}.pdf`, pdf, {
        raw: true,
        headers: { 'Content-Type': 'application/pdf' },
      }),
      201,
    );
    const doc = expect(
      'register',
      await s.clerk.post('/documents/incoming', {
        numberText: `${serial}/CV-CR${s.run}`,
        issuedDate: '2026-11-20',
        senderName: 'Sở Tài chính tỉnh An Giang',
        subject: `Về việc thử nghiệm mất điện số ${serial}`,
        channel: 'paper',
        fileIds: [file.id],
      }),
      201,
    );
    return { kind, id: doc.id, number: doc.arrivalNumber, fileId: file.id, sha256: sha256(pdf) };
  }
  if (kind === 'dossier') {
    const png = uniquePng();
    const file = expect(
      'upload',
      await s.counter.post(`/dossiers/files?fileName=cr-${serial}.png`, png, {
        raw: true,
        headers: { 'Content-Type': 'application/octet-stream' },
      }),
      201,
    );
    const d = expect(
      'receive',
      await s.counter.post('/dossiers', {
        procedureCode: '1.001193',
        channel: 'direct',
        applicant: { name: `Người thử ${serial}`, idNumber: '091234567890', phone: '0912345678' },
        documents: [
          { ordinal: 1, provided: true, fileIds: [file.id] },
          { ordinal: 2, provided: true },
          { ordinal: 5, byData: true },
        ],
        delivery: 'counter',
      }),
      201,
    );
    return { kind, code: d.code, fileId: file.id, sha256: sha256(png) };
  }
  if (kind === 'package') {
    const { xml, documentId } = documentPackage({
      from: VENDOR_AGENCY,
      to: PROVINCE_CODE,
      number: String(serial),
      notation: `CR${s.run}`,
      subject: `V/v thử nghiệm mất điện số ${serial}`,
      pdf: `%PDF-1.4\n% crash ${s.run} ${serial} ${randomBytes(8).toString('hex')}\n`,
    });
    const res = await s.vendor.send(xml);
    const body = expect('package', res, 202);
    return { kind, id: body.message.id, documentId, sha256: sha256(Buffer.from(xml)) };
  }
  const username = `cr${s.run}.${serial}`.toLowerCase();
  const u = expect(
    'user',
    await s.admin.post('/users', {
      username,
      fullName: `Người dùng thử ${serial}`,
      email: `${username}@angiang.gov.vn`,
      agencyId: s.agencyId,
      roles: ['officer'],
      password: 'Tam-thoi@2026',
    }),
    201,
  );
  return { kind, id: u.id, username };
}

// Reads one acknowledged write back; resolves to null when it is there intact, else a reason.
export async function missing(ack, s) {
  if (ack.kind === 'document') {
    const r = await s.clerk.get(`/documents/incoming/${ack.id}`);
    if (r.status !== 200) return `GET document ${ack.id}: ${r.status}`;
    if (r.body.arrivalNumber !== ack.number) {
      return `document ${ack.id}: arrival number ${r.body.arrivalNumber}, acknowledged ${ack.number}`;
    }
    const f = await bytesOf(s.clerk, `/documents/incoming/${ack.id}/files/${ack.fileId}`);
    if (f.status !== 200) return `document ${ack.id} file ${ack.fileId}: ${f.status}`;
    if (sha256(f.bytes) !== ack.sha256)
      return `document ${ack.id} file ${ack.fileId}: digest differs`;
    return null;
  }
  if (ack.kind === 'dossier') {
    const r = await s.counter.get(`/dossiers/${ack.code}`);
    if (r.status !== 200) return `GET dossier ${ack.code}: ${r.status}`;
    const f = await bytesOf(s.counter, `/dossiers/${ack.code}/files/${ack.fileId}`);
    if (f.status !== 200) return `dossier ${ack.code} file ${ack.fileId}: ${f.status}`;
    if (sha256(f.bytes) !== ack.sha256) return `dossier ${ack.code} file: digest differs`;
    return null;
  }
  if (ack.kind === 'package') {
    const r = await s.admin.get(`/exchange/messages/${ack.id}`);
    if (r.status !== 200) return `GET message ${ack.id}: ${r.status}`;
    const f = await bytesOf(s.admin, `/exchange/messages/${ack.id}/package`);
    if (f.status !== 200) return `message ${ack.id} package: ${f.status}`;
    if (sha256(f.bytes) !== ack.sha256) return `message ${ack.id} package: digest differs`;
    return null;
  }
  const r = await s.admin.get(`/users/${ack.id}`);
  if (r.status !== 200) return `GET user ${ack.id}: ${r.status}`;
  if (r.body.username !== ack.username) return `user ${ack.id}: ${r.body.username}`;
  return null;
}

// Runs `fn` over `items` with `n` at a time.

// The logged-in clients of a round (`run` tags what they write).
export async function sessions(server, store, run) {
  const admin = await loggedIn(server.baseUrl, 'admin');
  const clerk = await loggedIn(server.baseUrl, CLERK);
  const counter = await loggedIn(server.baseUrl, COUNTER);
  return {
    run,
    admin,
    clerk,
    counter,
    vendor: new VendorSystem(server.baseUrl, store.secret),
    agencyId: clerk.user.agencyId,
  };
}
