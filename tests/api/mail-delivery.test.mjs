// Official e-mail (issue 15, items 1, 2 and 4): the notices outbox delivered by a real cqdt to a
// real SMTP server on loopback (tests/support/smtp-sink.mjs: STARTTLS, AUTH, DKIM checked by npm
// mailauth against keys the test publishes). Notices are written with `cqdt notify send` (the
// same outbox every module writes to) while the server runs.
//
// Covered: headers, both MIME parts and the DKIM signature of a delivered notice; the one-click
// opt-out link; a 5xx refusal recorded on the notice and retried by an administrator; a 4xx
// and a connection dropped mid-message retried until delivered once; the server stopped while
// notices wait, then back: all delivered, in order, none twice; the accounts API never shows a
// password; the test e-mail; a person's choices; the daily digest (`cqdt mail digest`).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertStatus } from '../support/api-assert.mjs';
import { eventually, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';
import { generateDkimKey, missingSmtpSink, startSmtpSink } from '../support/smtp-sink.mjs';

const skip = missingSmtpSink() ?? false;

// Waits (generous ceiling) until `probe` returns something truthy, and returns it.
const until = (probe) =>
  eventually(async () => {
    const v = await probe();
    if (!v) throw new Error('not yet');
    return v;
  });
const PASSWORD = 'Mail#Sink2026';
const FROM = 'thongbao@angiang.gov.vn';
const VANTHU = 'vanthu.snv@demo.angiang.gov.vn';
const CHUYENVIEN = 'chuyenvien.snv@demo.angiang.gov.vn';
const LANHDAO = 'lanhdao.snv@demo.angiang.gov.vn';

describe('e-mail: the notices outbox through a real SMTP server', { skip }, () => {
  let sink;
  let server;
  let admin;
  let keyDir;
  let seq = 0;

  before(async () => {
    sink = await startSmtpSink({ tls: 'starttls', auth: { user: 'cqdt', pass: PASSWORD } });
    const key = generateDkimKey();
    sink.publishDkimKey('cqdt2026', 'angiang.gov.vn', key.txt);
    keyDir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-dkim-'));
    const keyFile = path.join(keyDir, 'dkim.pem');
    writeFileSync(keyFile, key.privateKey, { mode: 0o600 });
    server = await startServer({
      documents: true, // the demo's documents: open work for the daily digest
      env: {
        CQDT_MAIL_ENABLED: '1',
        CQDT_MAIL_SMTP_HOST: '127.0.0.1',
        CQDT_MAIL_SMTP_PORT: String(sink.port),
        CQDT_MAIL_SMTP_TLS: 'starttls',
        CQDT_MAIL_SMTP_USERNAME: 'cqdt',
        CQDT_MAIL_SMTP_PASSWORD: PASSWORD,
        CQDT_MAIL_CA_FILE: sink.caPath,
        CQDT_MAIL_FROM_ADDRESS: FROM,
        CQDT_MAIL_FROM_NAME: 'UBND tỉnh An Giang',
        CQDT_MAIL_DKIM_DOMAIN: 'angiang.gov.vn',
        CQDT_MAIL_DKIM_SELECTOR: 'cqdt2026',
        CQDT_MAIL_DKIM_KEY_FILE: keyFile,
        CQDT_MAIL_RETRY_SECONDS: '1',
        // No daily timer (it would catch up at start): the test writes the digest itself.
        CQDT_MAIL_DIGEST_HOUR: '-1',
      },
    });
    admin = await loggedIn(server.baseUrl, 'admin');
  });

  after(async () => {
    await server?.stop();
    await sink?.close();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  });

  // Writes a notice through the CLI; returns its unique marker.
  function notice(user, { kind = 'documents.assigned', text = 'Văn bản được giao cho bạn' } = {}) {
    const marker = `M${process.pid}x${++seq}`;
    const r = runCli([
      'notify',
      'send',
      '--db',
      server.dbUrl,
      '--data-dir',
      server.dataDir,
      '--user',
      user,
      '--kind',
      kind,
      '--text-vi',
      `${text} — mã ${marker}`,
      '--text-en',
      `Notice ${marker}`,
      '--link',
      '/van-ban/den',
      '--dedup-key',
      marker,
    ]);
    assert.equal(r.code, 0, r.stderr);
    return marker;
  }

  const withMarker = (marker) => sink.messages.filter((m) => m.parsed.text?.includes(marker));
  const arrived = (marker) =>
    until(() => (withMarker(marker).length > 0 ? withMarker(marker)[0] : null));
  const outboxItem = async (marker, state) => {
    const page = assertStatus(
      await admin.get(`/admin/notifications?limit=100${state ? `&state=${state}` : ''}`),
      200,
    );
    return page.items.find((i) => i.text.includes(marker)) ?? null;
  };

  test('a notice arrives signed, in Vietnamese and English, as text and HTML', async () => {
    const marker = notice('vanthu.snv');
    const m = await arrived(marker);
    assert.deepEqual(m.envelope.rcptTo, [VANTHU]);
    assert.equal(m.envelope.mailFrom, FROM);
    assert.equal(m.secure, true, 'STARTTLS was used');
    assert.equal(m.user, 'cqdt', 'AUTH was used');
    assert.equal(m.dkim.result, 'pass', JSON.stringify(m.dkim));
    assert.equal(m.dkim.signingDomain, 'angiang.gov.vn');
    assert.match(m.parsed.text, /Văn bản được giao cho bạn/);
    assert.match(m.parsed.text, new RegExp(`Notice ${marker}`));
    assert.match(m.parsed.html, new RegExp(marker));
    assert.doesNotMatch(m.parsed.html, /<script/i);
    assert.equal(m.parsed.from.value[0].address, FROM);
    assert.equal(m.parsed.from.value[0].name, 'UBND tỉnh An Giang');
    assert.match(m.parsed.headers.get('auto-submitted'), /auto-generated/);
    assert.ok(m.parsed.messageId, 'a Message-ID');
    // mailparser folds List-* fields into `list`: read the raw header instead.
    const raw = m.raw.toString('utf8');
    const unsubscribe = /^List-Unsubscribe: <([^>]+)>/m.exec(raw)?.[1];
    assert.ok(unsubscribe, 'documents.assigned may be turned off: List-Unsubscribe');
    assert.match(raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    // The outbox row says sent, with the same Message-ID.
    const item = await until(() => outboxItem(marker, 'sent'));
    assert.equal(item.emailAttempts, 1);

    // The one-click opt-out (RFC 8058): a mail client's POST turns the kind off for this person.
    const url = new URL(unsubscribe);
    const page = await fetch(`${server.baseUrl}${url.pathname}${url.search}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Ngừng nhận/);
    const done = await fetch(`${server.baseUrl}${url.pathname}${url.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(done.status, 200);
    const forged = await fetch(`${server.baseUrl}${url.pathname}?t=${'A'.repeat(40)}`, {
      method: 'POST',
    });
    assert.equal(forged.status, 400);
    const vanthu = await loggedIn(server.baseUrl, 'vanthu.snv');
    const prefs = assertStatus(await vanthu.get('/me/mail-preferences'), 200);
    const assigned = prefs.items.find((p) => p.kind === 'documents.assigned');
    assert.equal(assigned.enabled, false);
    // The next such notice is skipped, not sent.
    const skipped = notice('vanthu.snv');
    const row = await until(() => outboxItem(skipped, 'skipped'));
    assert.match(row.emailLastError, /tắt/);
    assert.equal(withMarker(skipped).length, 0);
    // Turned back on by the person.
    assertStatus(
      await vanthu.put('/me/mail-preferences', {
        items: [{ kind: 'documents.assigned', enabled: true }],
      }),
      200,
    );
  });

  test('a permanent refusal (5xx) is recorded on the notice; an administrator retries it', async () => {
    sink.failRecipient(CHUYENVIEN, { at: 'rcpt', code: 550, times: 1 });
    const marker = notice('chuyenvien.snv');
    const failed = await until(() => outboxItem(marker, 'failed'));
    assert.match(failed.emailLastError, /550/);
    assert.doesNotMatch(failed.emailLastError, /221/, 'the refusal, not the reply to QUIT');
    assert.equal(withMarker(marker).length, 0);
    const retried = assertStatus(await admin.post(`/admin/notifications/${failed.id}/retry`), 200);
    assert.equal(retried.emailState, 'pending');
    const m = await arrived(marker);
    assert.deepEqual(m.envelope.rcptTo, [CHUYENVIEN]);
    // A sent notice cannot be retried.
    const again = await admin.post(`/admin/notifications/${failed.id}/retry`);
    assert.equal(again.status, 409);
  });

  test('a temporary refusal (4xx) and a dropped connection are retried until delivered once', async () => {
    sink.failNext({ at: 'data', code: 451, times: 1 });
    const a = notice('lanhdao.snv');
    await arrived(a);
    sink.failNext({ at: 'data', drop: true, afterBytes: 10, times: 1 });
    const b = notice('lanhdao.snv');
    await arrived(b);
    const rowA = await until(() => outboxItem(a, 'sent'));
    const rowB = await until(() => outboxItem(b, 'sent'));
    assert.ok(rowA.emailAttempts >= 2, `attempts ${rowA.emailAttempts}`);
    assert.ok(rowB.emailAttempts >= 2, `attempts ${rowB.emailAttempts}`);
    assert.equal(withMarker(a).length, 1);
    assert.equal(withMarker(b).length, 1);
  });

  test('the server down while notices wait: all go when it returns, in order, none twice', async () => {
    await sink.stop();
    const markers = [1, 2, 3, 4, 5].map(() => notice('lanhdao.snv'));
    // The worker tried and is waiting (the first notice carries the reason).
    const waiting = await until(async () => {
      const row = await outboxItem(markers[0], 'pending');
      return row && row.emailAttempts >= 1 ? row : null;
    });
    assert.ok(waiting.emailLastError.length > 0);
    assert.equal(markers.filter((mk) => withMarker(mk).length > 0).length, 0);
    await sink.start();
    await until(() => markers.every((mk) => withMarker(mk).length > 0));
    const order = sink.messages
      .filter((m) => markers.some((mk) => m.parsed.text?.includes(mk)))
      .map((m) => markers.findIndex((mk) => m.parsed.text.includes(mk)));
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
  });

  test('accounts: passwords are write-only; the test e-mail goes through the account', async () => {
    const saved = assertStatus(
      await admin.put('/mail/accounts/default', {
        fromAddress: 'vanphong@angiang.gov.vn',
        fromName: 'Văn phòng UBND tỉnh',
        smtpHost: '127.0.0.1',
        smtpPort: sink.port,
        smtpTls: 'starttls',
        smtpUsername: 'cqdt',
        smtpPassword: PASSWORD,
      }),
      200,
    );
    assert.equal(saved.smtpHasPassword, true);
    assert.equal(JSON.stringify(saved).includes(PASSWORD), false);
    const list = assertStatus(await admin.get('/mail/accounts'), 200);
    assert.equal(JSON.stringify(list).includes(PASSWORD), false);
    const bad = await admin.put('/mail/accounts/default', {
      fromAddress: 'x',
      fromName: 'Tên\r\nBcc: a@b.c',
      smtpHost: 'mail.example.vn',
      smtpTls: 'none',
    });
    assert.equal(bad.status, 422);
    const fields = bad.body.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['fromAddress', 'fromName', 'smtpTls']);
    const sent = assertStatus(
      await admin.post('/mail/test', { agencyId: 0, address: 'kiemtra@example.vn' }),
      200,
    );
    assert.equal(sent.outcome, 'sent', sent.detail);
    const m = await until(() =>
      sink.messages.find((x) => x.envelope.rcptTo.includes('kiemtra@example.vn')),
    );
    assert.equal(m.envelope.mailFrom, 'vanphong@angiang.gov.vn');
    assert.equal(m.dkim.result, 'pass');
    // Only administrators.
    const vanthu = await loggedIn(server.baseUrl, 'vanthu.snv');
    assert.equal((await vanthu.get('/mail/accounts')).status, 403);
    assert.equal((await vanthu.post('/mail/test', { address: 'x@example.vn' })).status, 403);
    assertStatus(await admin.delete('/mail/accounts/default'), 204);
  });

  test('templates: an administrator changes one, previews it, and resets it', async () => {
    const list = assertStatus(await admin.get('/mail/templates'), 200);
    const received = list.items.find((t) => t.kind === 'onestop.received');
    assert.ok(received, 'the dossier-received template is shipped');
    assert.equal(received.required, true);
    const input = {
      subjectVi: 'Hồ sơ {{code}} đã được tiếp nhận',
      subjectEn: 'Dossier {{code}} received',
      bodyVi: 'Kính gửi {{recipientName}},\n{{text}}',
      bodyEn: 'Dear {{recipientName}},\n{{textEn}}',
    };
    const preview = assertStatus(
      await admin.post('/mail/templates/onestop.received/preview', input),
      200,
    );
    assert.match(preview.subject, /đã được tiếp nhận/);
    assert.match(preview.html, /Nguyễn Văn An/);
    const unknown = await admin.post('/mail/templates/onestop.received/preview', {
      ...input,
      bodyVi: '{{khongCo}}',
    });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.errors[0].field, 'bodyVi');
    const saved = assertStatus(await admin.put('/mail/templates/onestop.received', input), 200);
    assert.equal(saved.customised, true);
    const reset = assertStatus(await admin.delete('/mail/templates/onestop.received'), 200);
    assert.equal(reset.customised, false);
    // A required kind cannot be turned off by a person.
    const citizenPrefs = await loggedIn(server.baseUrl, 'vanthu.snv');
    const refused = await citizenPrefs.put('/me/mail-preferences', {
      items: [{ kind: 'onestop.received', enabled: false }],
    });
    assert.equal(refused.status, 422);
  });

  test('the daily digest: one e-mail per official with open work, listing it; once a day', async () => {
    const digest = () =>
      runCli(['mail', 'digest', '--db', server.dbUrl, '--data-dir', server.dataDir]);
    const first = digest();
    assert.equal(first.code, 0, first.stderr);
    const written = Number(/Đã ghi (\d+) thư tổng hợp/.exec(first.stdout)?.[1]);
    assert.ok(written >= 1, `the demo's officials have open work: ${first.stdout}`);
    const digests = () =>
      sink.messages.filter((m) => /Tổng hợp công việc ngày/.test(m.parsed.subject ?? ''));
    const mails = await until(() => (digests().length >= written ? digests() : null));
    assert.equal(mails.length, written, 'one e-mail per notice, none twice');
    const recipients = new Set(mails.map((m) => m.envelope.rcptTo.join(',')));
    assert.equal(recipients.size, written, 'one per official');
    for (const m of mails) {
      assert.equal(m.dkim.result, 'pass', JSON.stringify(m.dkim));
      assert.match(m.parsed.text, /việc đang chờ xử lý/);
      assert.match(
        m.parsed.text,
        /Các việc đang chờ đồng chí xử lý:/,
        'the items, read when built',
      );
      assert.match(m.parsed.text, /Waiting for you:/);
      // An official may turn the digest off: it carries the one-click opt-out.
      assert.match(m.raw.toString('utf8'), /^List-Unsubscribe: </m);
    }
    assert.ok(
      mails.some((m) => /\[Quá hạn\] /.test(m.parsed.text)),
      'overdue items are marked and listed first',
    );
    // A second run the same day writes nothing.
    const again = digest();
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Đã ghi 0 thư tổng hợp/);
  });

  test('the session says e-mail is on', async () => {
    assert.equal(assertStatus(await admin.get('/auth/session'), 200).mail, true);
  });

  test('metrics count what was sent', async () => {
    const res = await fetch(`${server.baseUrl}/metrics`);
    const text = await res.text();
    const sent = Number(/cqdt_mail_total\{outcome="sent"\} (\d+)/.exec(text)?.[1] ?? 0);
    assert.ok(sent >= 5, text.slice(0, 500));
  });
});
