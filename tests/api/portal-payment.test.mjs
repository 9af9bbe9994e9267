// Fee payment on the portal (issue 13, item 4) against the real binary: a fee-bearing dossier's
// tracking view offers the receiving agency's VietQR transfer for the amount, with the dossier
// code as the purpose; the payload's CRC and layout are checked here by an implementation of our
// own, and the PNG is decoded back by zbarimg; a paid dossier offers nothing; an administrator
// sets an agency's account, each field checked, and nobody else may.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, startServer } from '../support/cqdt-server.mjs';

let server, admin, counter, anyone, work;

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  anyone = new Client(server.baseUrl);
  work = mkdtempSync(path.join(tmpdir(), 'cqdt-payment-'));
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function receive(extra = {}) {
  return assertStatus(
    await counter.post('/dossiers', {
      procedureCode: '1.001193',
      channel: 'direct',
      applicant: { name: 'Lê Thị Nộp Phí', phone: '0903 111 222' },
      documents: [
        { ordinal: 1, provided: true },
        { ordinal: 2, provided: true },
        { ordinal: 5, byData: true },
      ],
      delivery: 'counter',
      ...extra,
    }),
    201,
  );
}

const track = async (code) =>
  assertStatus(
    await anyone.get(`/portal/tracking?code=${encodeURIComponent(code)}&check=1222`),
    200,
  );

// CRC-16/CCITT-FALSE, written again here so that the server's is checked by another one.
function crc16(text) {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i += 1)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

// The EMVCo objects of `text`: [{id, value}] in order.
function tlv(text) {
  const out = [];
  for (let i = 0; i < text.length;) {
    const id = text.slice(i, i + 2);
    const length = Number(text.slice(i + 2, i + 4));
    out.push({ id, value: text.slice(i + 4, i + 4 + length) });
    i += 4 + length;
  }
  return out;
}

test('a fee-bearing dossier offers the agency’s VietQR transfer, which decodes back', async () => {
  const dossier = await receive();
  assert.equal(dossier.fee, 8000, 'the channel’s published fee');
  const t = await track(dossier.code);
  assert.deepEqual(t.fee, { amount: 8000, paid: false });
  const p = t.payment;
  assert.equal(p.amount, 8000);
  assert.equal(p.amountInWords, 'Tám nghìn đồng');
  const transfer = p.transfer;
  assert.equal(transfer.bin, '970405');
  assert.match(transfer.account, /^7700201\d{6}$/);
  assert.equal(transfer.purpose, dossier.code);

  const payload = transfer.payload;
  assert.equal(
    payload.slice(-4),
    crc16(payload.slice(0, -4)),
    'the CRC over everything up to 6304',
  );
  const fields = tlv(payload);
  assert.deepEqual(
    fields.map((f) => f.id),
    ['00', '01', '38', '53', '54', '58', '62', '63'],
  );
  const byId = Object.fromEntries(fields.map((f) => [f.id, f.value]));
  assert.equal(byId['01'], '12');
  assert.equal(byId['53'], '704');
  assert.equal(byId['54'], '8000');
  assert.equal(byId['58'], 'VN');
  const merchant = Object.fromEntries(tlv(byId['38']).map((f) => [f.id, f.value]));
  assert.equal(merchant['00'], 'A000000727');
  assert.equal(merchant['02'], 'QRIBFTTA');
  assert.deepEqual(
    tlv(merchant['01']).map((f) => f.value),
    ['970405', transfer.account],
  );
  assert.deepEqual(tlv(byId['62']), [{ id: '08', value: dossier.code }]);

  assert.match(transfer.qrPng, /^data:image\/png;base64,/);
  const zbar = spawnSync('zbarimg', ['--version']);
  if (zbar.error) return; // zbar-tools is installed by scripts/install-deps.sh
  const file = path.join(work, 'qr.png');
  writeFileSync(file, Buffer.from(transfer.qrPng.split(',')[1], 'base64'));
  const decoded = spawnSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' });
  assert.equal(decoded.status, 0, decoded.stderr);
  assert.equal(decoded.stdout.trim(), payload);
});

// The text of a dossier's PDF form (pdftotext), read as `client`.
async function formText(client, url) {
  const res = await fetch(`${server.baseUrl}/api/v1${url}`, {
    headers: { Cookie: client.cookieHeader() },
  });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const file = path.join(work, 'form.pdf');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
}

test('a dossier paid at the counter offers nothing to pay, and has its fee receipt', async () => {
  const dossier = await receive({ feePaid: true });
  const t = await track(dossier.code);
  assert.deepEqual(t.fee, { amount: 8000, paid: true });
  assert.equal(t.payment, null);
  const text = await formText(
    counter,
    `/dossiers/${encodeURIComponent(dossier.code)}/forms/fee-receipt`,
  );
  assert.match(text, /BIÊN LAI THU PHÍ, LỆ PHÍ/);
  assert.ok(text.includes(dossier.code));
  assert.match(text, /Tổng số tiền: 8\.000 đồng/);
  assert.match(text, /Viết bằng chữ: Tám nghìn đồng\./);
  assert.match(text, /Hình thức nộp: Nộp trực tiếp/);
  // Not paid yet: no receipt.
  const unpaid = await receive();
  assertProblem(
    await counter.get(`/dossiers/${encodeURIComponent(unpaid.code)}/forms/fee-receipt`),
    409,
    'failed-precondition',
  );
});

test('an administrator sets an agency’s fee account; each field is checked; nobody else may', async () => {
  const wardId = counter.user.agencyId;
  assert.ok(wardId);
  const demo = assertStatus(await counter.get(`/agencies/${wardId}/payment-account`), 200);
  assert.equal(demo.bin, '970405');
  assertProblem(await anyone.get(`/agencies/${wardId}/payment-account`), 401, 'unauthenticated');
  const mine = {
    bin: '970436',
    bankName: 'Ngân hàng TMCP Ngoại thương Việt Nam',
    account: '0071000888888',
    accountName: 'UBND PHUONG RACH GIA',
  };
  assertProblem(await counter.put(`/agencies/${wardId}/payment-account`, mine), 403, 'forbidden');
  assertProblem(
    await admin.put(`/agencies/${wardId}/payment-account`, {
      bin: '97043',
      bankName: '',
      account: '0071-000',
      accountName: 'A'.repeat(101),
    }),
    422,
    'validation',
    { fields: ['bin', 'bankName', 'account', 'accountName'] },
  );
  assertProblem(
    await admin.put(`/agencies/${wardId}/payment-account`, { ...mine, iban: 'x' }),
    422,
    'validation',
    { fields: ['iban'] },
  );
  assertProblem(await admin.put('/agencies/999999/payment-account', mine), 404, 'not-found');
  assert.equal(
    assertStatus(await counter.get(`/agencies/${wardId}/payment-account`), 200).account,
    demo.account,
    'nothing changed',
  );
  const saved = assertStatus(await admin.put(`/agencies/${wardId}/payment-account`, mine), 200);
  assert.equal(saved.account, mine.account);
  assert.equal(saved.updatedBy, 'admin');

  const dossier = await receive();
  const t = await track(dossier.code);
  assert.equal(t.payment.transfer.bin, '970436');
  assert.equal(t.payment.transfer.account, '0071000888888');
});

test('a bank statement settles the fees it names; the rest is reported and changes nothing', async () => {
  const wardId = counter.user.agencyId;
  const first = await receive();
  const second = await receive();
  const third = await receive();
  // The bank dropped the dots of one code; one line has another amount; one names no dossier.
  const compact = second.code.replace(/[^0-9A-Za-z]/g, '');
  const csv = [
    'Sao kê tài khoản',
    'STT,Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Nội dung',
    `1,05/12/2026,FT001,,"8.000",${first.code} nop phi`,
    `2,05/12/2026,FT002,,8000,MBVCB.${compact}.CT`,
    `3,05/12/2026,FT003,,5000,${third.code}`,
    '4,05/12/2026,FT004,,120000,chuyen tien nha',
    '5,05/12/2026,FT005,30000,,phi dich vu',
  ].join('\n');
  const post = (client, dryRun) =>
    client.request(
      'POST',
      `/agencies/${wardId}/payment-statements${dryRun ? '?dryRun=true' : ''}`,
      csv,
      {
        raw: true,
        headers: { 'Content-Type': 'text/csv; charset=utf-8' },
      },
    );

  const dry = assertStatus(await post(counter, true), 200);
  assert.equal(dry.dryRun, true);
  assert.equal(dry.applied, false);
  assert.deepEqual(
    dry.rows.map((r) => [r.row, r.outcome, r.dossierCode]),
    [
      [3, 'matched', first.code],
      [4, 'matched', second.code],
      [5, 'amount_differs', third.code],
      [6, 'unmatched', ''],
    ],
  );
  assert.equal(dry.rows[2].expected, 8000);
  assert.equal((await track(first.code)).fee.paid, false, 'a dry run writes nothing');

  assertProblem(
    await admin.request('POST', `/agencies/${wardId}/payment-statements`, 'x', {
      raw: true,
      headers: { 'Content-Type': 'application/pdf' },
    }),
    415,
    'unsupported',
  );
  const officer = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
  assertProblem(await post(officer, false), 403, 'forbidden');

  const done = assertStatus(await post(counter, false), 200);
  assert.equal(done.applied, true);
  assert.equal(done.matched, 2);
  assert.equal(done.amountDiffers, 1);
  assert.equal(done.unmatched, 1);
  for (const d of [first, second]) {
    const t = await track(d.code);
    assert.deepEqual(t.fee, { amount: 8000, paid: true });
    assert.equal(t.payment, null);
    const dossier = assertStatus(await counter.get(`/dossiers/${encodeURIComponent(d.code)}`), 200);
    assert.equal(dossier.feePaid, true);
    assert.equal(
      dossier.state.name,
      'received',
      'a dossier not waiting for its fee keeps its state',
    );
    const timeline = assertStatus(
      await counter.get(`/dossiers/${encodeURIComponent(d.code)}/timeline`),
      200,
    );
    const last = timeline.items.at(-1);
    assert.equal(last.action, 'fee_paid');
    assert.equal(last.actionLabel, 'ghi nhận đã nộp phí');
    assert.match(last.note, /FT00[12]/);
  }
  assert.equal((await track(third.code)).fee.paid, false, 'another amount changes nothing');
  // The fee receipt names the transfer and the bank's reference.
  const receipt = await formText(
    counter,
    `/dossiers/${encodeURIComponent(first.code)}/forms/fee-receipt`,
  );
  assert.match(receipt, /Hình thức nộp: Chuyển khoản ngân hàng \(mã giao dịch: [^)]*FT001/);

  // The same statement again: the references recorded are known; the rest is as it was.
  const again = assertStatus(await post(counter, false), 200);
  assert.deepEqual(
    again.rows.map((r) => r.outcome),
    ['duplicate_reference', 'duplicate_reference', 'amount_differs', 'unmatched'],
  );
  assert.equal(again.matched, 0);
  assert.equal(again.applied, false);
});
