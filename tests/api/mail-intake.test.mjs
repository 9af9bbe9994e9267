// Documents received by e-mail (issue 15 item 3): a real cqdt reads Sở Nội vụ's official mailbox
// on a real Dovecot (tests/support/imap-server.mjs, IMAPS on loopback) and puts each message in
// the clerks' "received by e-mail" queue; a clerk registers one as an incoming document (the
// form pre-filled, the PDF attached) and discards another. Each message is moved to the done
// folder on the server once stored, so nothing is read twice; another agency's clerk sees none.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { agencyByCode, assertStatus } from '../support/api-assert.mjs';
import { eventually, loggedIn, startServer } from '../support/cqdt-server.mjs';
import { missingDovecot, startImap } from '../support/imap-server.mjs';
import { minimalPdf } from '../support/pki.mjs';

const skip = missingDovecot() ?? false;
const MAILBOX_USER = 'vanthu.snv';
const MAILBOX_PASSWORD = 'Imap#Hop-thu-2026';
const DONE = 'Da-xu-ly';

const until = (probe) =>
  eventually(async () => {
    const v = await probe();
    if (!v) throw new Error('not yet');
    return v;
  });

function message({ subject, from, attachments = [], messageId }) {
  const boundary = 'b-cqdt-test';
  const lines = [
    `From: ${from}`,
    'To: vanthu.snv@demo.angiang.gov.vn',
    `Subject: ${subject}`,
    'Date: Mon, 07 Dec 2026 08:30:00 +0700',
    `Message-ID: <${messageId}>`,
    'Authentication-Results: mx.angiang.gov.vn; spf=pass smtp.mailfrom=stp.angiang.gov.vn',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Kính gửi Sở Nội vụ, Sở Tư pháp gửi văn bản đính kèm.',
  ];
  for (const a of attachments) {
    lines.push(
      `--${boundary}`,
      `Content-Type: ${a.type}; name="${a.name}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${a.name}"`,
      '',
      a.bytes.toString('base64').replace(/(.{76})/g, '$1\r\n'),
    );
  }
  lines.push(`--${boundary}--`, '');
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

describe('e-mail: documents received in the official mailbox', { skip }, () => {
  let imap;
  let server;
  let admin;
  let clerk;

  before(async () => {
    imap = await startImap({
      users: { [MAILBOX_USER]: MAILBOX_PASSWORD },
      folders: ['INBOX', DONE],
    });
    server = await startServer({
      env: {
        CQDT_MAIL_ENABLED: '1',
        CQDT_MAIL_CA_FILE: imap.caPath,
        CQDT_MAIL_POLL_SECONDS: '1',
        CQDT_MAIL_DKIM_DNS: '0',
      },
    });
    admin = await loggedIn(server.baseUrl, 'admin');
    clerk = await loggedIn(server.baseUrl, 'vanthu.snv');
  });

  after(async () => {
    await server?.stop();
    await imap?.stop();
  });

  test('messages become queue items, moved on the server; a clerk registers and discards', async () => {
    await imap.deliver(
      MAILBOX_USER,
      message({
        subject: 'Công văn số 125/STP-VP về việc rà soát thủ tục hành chính',
        from: 'Sở Tư pháp <vanthu@stp.angiang.gov.vn>',
        messageId: 'cv125.stp@angiang.gov.vn',
        attachments: [
          { name: 'CV-125-STP.pdf', type: 'application/pdf', bytes: minimalPdf('Cong van 125') },
          { name: '../../etc/passwd', type: 'text/plain', bytes: Buffer.from('root:x:0:0') },
        ],
      }),
    );
    await imap.deliver(
      MAILBOX_USER,
      message({
        subject: 'Quảng cáo khóa học',
        from: 'quangcao@example.com',
        messageId: 'spam.1@example.com',
      }),
    );
    const snv = await agencyByCode(admin, '000.00.01.H01');
    assertStatus(
      await admin.put(`/mail/accounts/${snv.id}`, {
        fromAddress: 'vanthu.snv@demo.angiang.gov.vn',
        fromName: 'Sở Nội vụ',
        smtpHost: 'mail.angiang.gov.vn',
        smtpTls: 'starttls',
        imapHost: '127.0.0.1',
        imapPort: imap.tlsPort,
        imapTls: 'tls',
        imapUsername: MAILBOX_USER,
        imapPassword: MAILBOX_PASSWORD,
        imapFolder: 'INBOX',
        imapDoneFolder: DONE,
      }),
      200,
    );
    const page = await until(async () => {
      const p = assertStatus(await clerk.get('/mail/intake'), 200);
      return p.items.length === 2 ? p : null;
    });
    assert.equal(page.waiting, 2);
    await until(() => imap.list(MAILBOX_USER, 'INBOX').length === 0);
    assert.equal(imap.list(MAILBOX_USER, DONE).length, 2, 'both moved to the done folder');

    const item = page.items.find((i) => i.subject.startsWith('Công văn số 125'));
    assert.equal(item.fromAddress, 'vanthu@stp.angiang.gov.vn');
    assert.equal(item.fromName, 'Sở Tư pháp');
    assert.equal(item.spf.result, 'pass');
    const res = await clerk.get(`/mail/intake/${item.id}`);
    const detail = assertStatus(res, 200);
    assert.match(detail.bodyText, /Sở Tư pháp gửi văn bản/);
    assert.equal(detail.files.length, 2);
    const pdf = detail.files.find((f) => f.detectedType === 'application/pdf');
    assert.ok(pdf.registrable);
    const unsafe = detail.files.find((f) => f.detectedType !== 'application/pdf');
    assert.doesNotMatch(unsafe.name, /[/\\]/, 'no path separator survives');
    assert.equal(detail.draft.numberText, '125/STP-VP');
    assert.deepEqual(detail.draft.files, [pdf.position]);
    const download = await clerk.get(`/mail/intake/${item.id}/files/${unsafe.position}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    assert.match(download.headers.get('content-disposition'), /^attachment/);

    // Another agency's clerk sees nothing of it.
    const other = await loggedIn(server.baseUrl, 'vanthu.ubnd');
    assert.equal(assertStatus(await other.get('/mail/intake'), 200).items.length, 0);
    assert.equal((await other.get(`/mail/intake/${item.id}`)).status, 404);

    // Register: If-Match on the item's ETag; the incoming document carries the PDF.
    const noMatch = await clerk.post(`/mail/intake/${item.id}/register`, {});
    assert.equal(noMatch.status, 428);
    const registered = await clerk.post(
      `/mail/intake/${item.id}/register`,
      { dueDate: '2026-12-15' },
      { headers: { 'If-Match': res.headers.get('etag') } },
    );
    assert.equal(registered.status, 201, registered.text);
    assert.equal(registered.body.state, 'registered');
    const incoming = assertStatus(
      await clerk.get(registered.headers.get('location').replace('/api/v1', '')),
      200,
    );
    assert.match(incoming.subject ?? incoming.document?.subject, /rà soát thủ tục hành chính/);

    // Discard the other with a reason.
    const spam = page.items.find((i) => i.subject === 'Quảng cáo khóa học');
    const spamRes = await clerk.get(`/mail/intake/${spam.id}`);
    const noReason = await clerk.post(
      `/mail/intake/${spam.id}/discard`,
      {},
      { headers: { 'If-Match': spamRes.headers.get('etag') } },
    );
    assert.equal(noReason.status, 422);
    const discarded = assertStatus(
      await clerk.post(
        `/mail/intake/${spam.id}/discard`,
        { reason: 'Thư quảng cáo, không phải văn bản' },
        { headers: { 'If-Match': spamRes.headers.get('etag') } },
      ),
      200,
    );
    assert.equal(discarded.state, 'discarded');
    assert.equal(assertStatus(await clerk.get('/mail/intake'), 200).waiting, 0);

    // The same message delivered again is recognised and only moved.
    await imap.deliver(
      MAILBOX_USER,
      message({
        subject: 'Quảng cáo khóa học',
        from: 'quangcao@example.com',
        messageId: 'spam.1@example.com',
      }),
    );
    await until(() => imap.list(MAILBOX_USER, 'INBOX').length === 0);
    const all = assertStatus(await clerk.get('/mail/intake?state=all'), 200);
    assert.equal(all.total, 2, 'no second item for the same message');
  });
});
