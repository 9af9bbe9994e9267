// The mail servers the official e-mail tests (issue 15) run against, checked on their own with
// independent clients, before any cqdt code relies on them: the SMTP sink
// (tests/support/smtp-sink.mjs) driven by curl (libcurl, which cqdt uses too) and swaks —
// STARTTLS and implicit TLS, AUTH PLAIN and LOGIN, a DKIM signature verified as pass (a changed
// header as fail, a changed body or an unpublished key as neutral), and every programmed
// misbehaviour seen by curl as the failure it is;
// the Dovecot IMAP server (tests/support/imap-server.mjs): a delivered message fetched with curl
// over IMAPS and over STARTTLS, then moved with UID MOVE. No cqdt binary is needed.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { missingDovecot, startImap } from '../support/imap-server.mjs';
import {
  dkimSign,
  generateDkimKey,
  missingSmtpSink,
  startSmtpSink,
} from '../support/smtp-sink.mjs';

const CEILING_MS = 180_000;
const have = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const skipSmtp = missingSmtpSink() ?? (have('curl') ? null : 'curl missing');
const skipImap = missingDovecot() ?? (have('curl') ? null : 'curl missing');

let work;
before(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'cqdt-mail-harness-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

let fileCount = 0;
function messageFile(bytes) {
  const file = path.join(work, `m${++fileCount}.eml`);
  writeFileSync(file, bytes);
  return file;
}

// Runs curl -v (never blocking this process: the sink answers from it); resolves to
// { code, stdout: Buffer, stderr, replies: [SMTP reply codes the server sent] }.
function curl(args) {
  return new Promise((resolve) => {
    execFile(
      'curl',
      ['-v', '-sS', ...args],
      { encoding: 'buffer', timeout: CEILING_MS, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderrBuf) => {
        const stderr = stderrBuf.toString('utf8');
        const replies = [...stderr.matchAll(/^< (\d{3})[ -]/gm)].map((m) => Number(m[1]));
        resolve({ code: err ? (err.code ?? err.signal) : 0, stdout, stderr, replies });
      },
    );
  });
}

// curl arguments that send `file` through the sink.
function sendArgs(
  sink,
  file,
  { from = 'noreply@angiang.gov.vn', to = ['an@example.vn'], auth, tls = true } = {},
) {
  return [
    '--url',
    sink.url,
    ...(tls ? ['--ssl-reqd', '--cacert', sink.caPath] : []),
    ...(auth ? ['-u', `${auth.user}:${auth.pass}`, '--login-options', `AUTH=${auth.mech}`] : []),
    '--mail-from',
    from,
    ...to.flatMap((r) => ['--mail-rcpt', r]),
    '--upload-file',
    file,
  ];
}

const b64 = (s) => Buffer.from(s).toString('base64');
const wrap76 = (s) => s.replace(/.{1,76}/g, '$&\r\n');

// A notification as cqdt will send one: Vietnamese subject (RFC 2047), text and HTML parts,
// a PDF attachment. CRLF line ends, as on the wire.
function notification({ subject = 'Thông báo: hồ sơ đã được tiếp nhận', attachment } = {}) {
  const text =
    'Kính gửi ông/bà Nguyễn Thị Mai,\r\nHồ sơ 000.00.00.H01-260101-0001 đã được tiếp nhận.\r\n';
  const html = '<p>Kính gửi ông/bà <b>Nguyễn Thị Mai</b>,</p><p>Hồ sơ đã được tiếp nhận.</p>\r\n';
  const lines = [
    'From: =?UTF-8?B?' + b64('UBND tỉnh An Giang') + '?= <noreply@angiang.gov.vn>',
    'To: an@example.vn',
    `Subject: =?UTF-8?B?${b64(subject)}?=`,
    'Date: Mon, 07 Dec 2026 08:00:00 +0700',
    'Message-ID: <hs-0001@angiang.gov.vn>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    wrap76(b64(text)),
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    wrap76(b64(html)),
    '--alt--',
  ];
  if (attachment) {
    lines.push(
      '--outer',
      'Content-Type: application/pdf; name="giay-hen.pdf"',
      'Content-Disposition: attachment; filename="giay-hen.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      wrap76(attachment.toString('base64')),
    );
  }
  lines.push('--outer--', '');
  return { raw: Buffer.from(lines.join('\r\n')), text, html };
}

const plain = (subject = 'test', body = 'Xin chào\r\n') =>
  Buffer.from(
    `From: noreply@angiang.gov.vn\r\nTo: an@example.vn\r\nSubject: ${subject}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n\r\n' +
      body,
  );

describe('SMTP sink', { skip: skipSmtp ?? false, timeout: CEILING_MS * 4 }, () => {
  test('STARTTLS and AUTH PLAIN: the sink keeps the envelope, the bytes and every MIME part', async () => {
    const auth = { user: 'cqdt', pass: 'Mật khẩu 1' };
    const sink = await startSmtpSink({ auth, requireTls: true });
    try {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0xa5)]);
      const { raw, text, html } = notification({ attachment: pdf });
      const file = messageFile(raw);
      const to = ['an@example.vn', 'binh@example.vn'];
      const r = await curl(sendArgs(sink, file, { to, auth: { ...auth, mech: 'PLAIN' } }));
      assert.equal(r.code, 0, r.stderr);
      const [m] = await sink.waitFor(1);
      assert.deepEqual(m.envelope, { mailFrom: 'noreply@angiang.gov.vn', rcptTo: to });
      assert.deepEqual(m.raw, raw);
      assert.equal(m.user, 'cqdt');
      assert.equal(m.secure, true);
      assert.match(m.tls, /^TLSv1\.[23]$/);
      assert.equal(m.parsed.subject, 'Thông báo: hồ sơ đã được tiếp nhận');
      assert.equal(m.parsed.from.value[0].name, 'UBND tỉnh An Giang');
      assert.equal(m.parsed.headers.get('message-id'), '<hs-0001@angiang.gov.vn>');
      assert.equal(m.parsed.text.replace(/\r\n/g, '\n'), text.replace(/\r\n/g, '\n'));
      assert.equal(m.parsed.html.trim(), html.trim());
      assert.equal(m.parsed.attachments.length, 1);
      assert.equal(m.parsed.attachments[0].filename, 'giay-hen.pdf');
      assert.equal(m.parsed.attachments[0].contentType, 'application/pdf');
      assert.deepEqual(m.parsed.attachments[0].content, pdf);
      assert.equal(m.dkim.result, 'none');
    } finally {
      await sink.close();
    }
  });

  test('implicit TLS (smtps) and AUTH LOGIN', async () => {
    const auth = { user: 'cqdt', pass: 's3cret' };
    const sink = await startSmtpSink({ tls: 'implicit', auth });
    try {
      assert.match(sink.url, /^smtps:\/\/127\.0\.0\.1:\d+$/);
      const r = await curl(
        sendArgs(sink, messageFile(plain('smtps')), { auth: { ...auth, mech: 'LOGIN' } }),
      );
      assert.equal(r.code, 0, r.stderr);
      const [m] = await sink.waitFor(1);
      assert.equal(m.parsed.subject, 'smtps');
      assert.equal(m.user, 'cqdt');
      assert.equal(m.secure, true);
    } finally {
      await sink.close();
    }
  });

  test(
    'swaks sends through STARTTLS and AUTH too',
    { skip: have('swaks') ? false : 'swaks missing' },
    async () => {
      const auth = { user: 'cqdt', pass: 's3cret' };
      const sink = await startSmtpSink({ auth });
      try {
        const r = await new Promise((resolve) =>
          execFile(
            'swaks',
            // prettier-ignore
            ['--server', sink.host, '--port', String(sink.port), '--tls', '--auth', 'PLAIN',
            '--auth-user', auth.user, '--auth-password', auth.pass, '--from', 'noreply@angiang.gov.vn',
            '--to', 'an@example.vn', '--data', messageFile(plain('swaks')), '--silent', '2'],
            { timeout: CEILING_MS },
            (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }),
          ),
        );
        assert.equal(r.code, 0, r.stdout + r.stderr);
        const [m] = await sink.waitFor(1);
        assert.equal(m.parsed.subject, 'swaks');
        assert.equal(m.secure, true);
      } finally {
        await sink.close();
      }
    },
  );

  test('wrong credentials are answered 535, none at all 530, and nothing is kept', async () => {
    const auth = { user: 'cqdt', pass: 's3cret' };
    const sink = await startSmtpSink({ auth });
    try {
      const file = messageFile(plain());
      for (const mech of ['PLAIN', 'LOGIN']) {
        const r = await curl(sendArgs(sink, file, { auth: { user: 'cqdt', pass: 'sai', mech } }));
        assert.equal(r.code, 67, r.stderr); // CURLE_LOGIN_DENIED
        assert.ok(r.replies.includes(535), r.stderr);
      }
      const r = await curl(sendArgs(sink, file));
      assert.notEqual(r.code, 0);
      assert.ok(r.replies.includes(530), r.stderr);
      assert.equal(sink.messages.length, 0);
      assert.deepEqual(
        sink.rejected.map((x) => [x.at, x.code, x.method]),
        [
          ['auth', 535, 'PLAIN'],
          ['auth', 535, 'LOGIN'],
        ],
      );
      // A good password still works: the refusals changed nothing.
      const ok = await curl(sendArgs(sink, file, { auth: { ...auth, mech: 'PLAIN' } }));
      assert.equal(ok.code, 0, ok.stderr);
      await sink.waitFor(1);
    } finally {
      await sink.close();
    }
  });

  test('requireTls: MAIL FROM before STARTTLS is answered 530', async () => {
    const sink = await startSmtpSink({ requireTls: true });
    try {
      const r = await curl(sendArgs(sink, messageFile(plain()), { tls: false }));
      assert.notEqual(r.code, 0);
      assert.ok(r.replies.includes(530), r.stderr);
      assert.equal(sink.messages.length, 0);
    } finally {
      await sink.close();
    }
  });

  test('DKIM: a signed message verifies as pass with the published key, a tampered one fails', async () => {
    const sink = await startSmtpSink();
    try {
      const key = generateDkimKey();
      sink.publishDkimKey('cqdt2026', 'angiang.gov.vn', key.txt);
      const { raw } = notification();
      const signed = await dkimSign(raw, {
        domain: 'angiang.gov.vn',
        selector: 'cqdt2026',
        privateKey: key.privateKey,
      });
      assert.match(signed.toString('latin1'), /^DKIM-Signature: .*a=rsa-sha256/s);
      assert.match(signed.toString('latin1'), /c=relaxed\/relaxed/);

      // The body changed after signing (one letter of the base64 text part): the body hash
      // does not match, which RFC 6376 (and mailauth) report as neutral.
      const bodyChanged = Buffer.from(signed);
      const at = bodyChanged.indexOf('Content-Transfer-Encoding: base64\r\n\r\n') + 40;
      bodyChanged[at] = bodyChanged[at] === 0x41 ? 0x42 : 0x41;
      // A signed header changed: the signature itself does not verify.
      const headerChanged = Buffer.from(
        signed.toString('latin1').replace('08:00:00 +0700', '09:00:00 +0700'),
        'latin1',
      );
      assert.notDeepEqual(headerChanged, signed);
      // Signed with a selector whose key is not published.
      const unknown = await dkimSign(raw, {
        domain: 'angiang.gov.vn',
        selector: 'khac',
        privateKey: key.privateKey,
      });

      for (const bytes of [signed, bodyChanged, headerChanged, unknown]) {
        const r = await curl(sendArgs(sink, messageFile(bytes)));
        assert.equal(r.code, 0, r.stderr);
      }
      const [good, badBody, badHeader, missing] = await sink.waitFor(4);
      assert.equal(
        good.dkim.result,
        'pass',
        JSON.stringify(good.dkim.results.map((x) => x.status)),
      );
      assert.equal(good.dkim.signingDomain, 'angiang.gov.vn');
      assert.equal(good.dkim.selector, 'cqdt2026');
      assert.match(good.authenticationResults, /dkim=pass/);
      assert.equal(badBody.dkim.result, 'neutral');
      assert.match(badBody.dkim.comment, /body hash did not verify/);
      assert.equal(badHeader.dkim.result, 'fail');
      assert.equal(missing.dkim.result, 'neutral');
      assert.equal(missing.dkim.comment, 'no key');
    } finally {
      await sink.close();
    }
  });

  describe('misbehaviour, as curl sees it', () => {
    let sink;
    const from = 'noreply@angiang.gov.vn';
    before(async () => {
      sink = await startSmtpSink({ tls: 'none' });
    });
    after(() => sink?.close());

    const send = (bytes = plain(), to = ['an@example.vn'], extra = []) =>
      curl([...sendArgs(sink, messageFile(bytes), { to, tls: false }), ...extra]);

    // The fault fired, nothing was kept, and the next message goes through (the fault is used up).
    async function refusedOnce(r, code, at) {
      assert.notEqual(r.code, 0, 'curl must fail');
      if (code) assert.ok(r.replies.includes(code), `${code} expected in:\n${r.stderr}`);
      assert.equal(sink.messages.length, 0);
      assert.equal(sink.rejected.at(-1).at, at);
      const ok = await send();
      assert.equal(ok.code, 0, ok.stderr);
      await sink.waitFor(1);
      sink.clear();
    }

    for (const code of [421, 451, 550]) {
      test(`the next message: every RCPT TO answered ${code}`, async () => {
        sink.failNext({ at: 'rcpt', code });
        const r = await send(plain(), ['an@example.vn', 'binh@example.vn']);
        assert.equal(r.code, 55, r.stderr); // CURLE_SEND_ERROR: "RCPT failed: <code>"
        await refusedOnce(r, code, 'rcpt');
      });
    }

    for (const code of [452, 554]) {
      test(`the next message: refused with ${code} at the end of DATA`, async () => {
        sink.failNext({ at: 'data', code, message: 'thu lai sau' });
        const r = await send();
        // The message went out whole (354, then the final reply is the refusal).
        assert.equal(r.replies.at(-1), code, r.stderr);
        assert.ok(r.replies.includes(354), r.stderr);
        await refusedOnce(r, code, 'data');
      });
    }

    test('the next connection: a 421 greeting', async () => {
      sink.failNext({ at: 'connect', code: 421 });
      await refusedOnce(await send(), 421, 'connect');
    });

    test('the next message: MAIL FROM answered 451', async () => {
      sink.failNext({ at: 'mail', code: 451 });
      await refusedOnce(await send(), 451, 'mail');
    });

    test('the connection dropped in the middle of DATA: no reply, nothing kept', async () => {
      sink.failNext({ at: 'data', drop: true, afterBytes: 64 * 1024 });
      const big = plain('big', `${'x'.repeat(998)}\r\n`.repeat(2000)); // ~2 MB
      const r = await send(big);
      const last = sink.rejected.at(-1);
      assert.equal(last.dropped, true);
      assert.ok(last.bytes >= 64 * 1024 && last.bytes < big.length, String(last.bytes));
      // After DATA's 354 the server said nothing more: no 250, no error code.
      assert.equal(r.replies.at(-1), 354, r.stderr);
      await refusedOnce(r, null, 'data');
    });

    test('a short message dropped after all its bytes, before the reply', async () => {
      sink.failNext({ at: 'data', drop: true });
      const r = await send();
      assert.equal(r.replies.at(-1), 354, r.stderr);
      await refusedOnce(r, null, 'data');
    });

    test('one recipient refused at RCPT TO every time, the other one gets the message', async () => {
      sink.failRecipient('tu-choi@example.vn', { at: 'rcpt', code: 550, times: Infinity });
      try {
        for (let i = 1; i <= 2; i++) {
          const r = await send(
            plain(`lan ${i}`),
            ['an@example.vn', 'tu-choi@example.vn'],
            ['--mail-rcpt-allowfails'],
          );
          assert.equal(r.code, 0, r.stderr);
          assert.ok(r.replies.includes(550), r.stderr);
          const messages = await sink.waitFor(i);
          assert.deepEqual(messages[i - 1].envelope.rcptTo, ['an@example.vn']);
        }
        assert.equal(sink.rejected.filter((x) => x.rcpt === 'tu-choi@example.vn').length, 2);
      } finally {
        sink.clearFaults();
        sink.clear();
      }
    });

    test("a recipient's message refused once at the end of DATA (451), then accepted", async () => {
      sink.failRecipient('BINH@example.vn', { at: 'data', code: 451 });
      const to = ['an@example.vn', 'binh@example.vn'];
      const r = await send(plain(), to);
      assert.ok(r.replies.includes(451), r.stderr);
      assert.equal(sink.messages.length, 0);
      const ok = await send(plain(), to);
      assert.equal(ok.code, 0, ok.stderr);
      const [m] = await sink.waitFor(1);
      assert.deepEqual(m.envelope.rcptTo, to);
      sink.clear();
    });

    test('down, then back on the same port; the messages are kept', async () => {
      assert.equal((await send(plain('truoc'))).code, 0);
      await sink.waitFor(1);
      const port = sink.port;
      await sink.stop();
      assert.equal(sink.running, false);
      const down = await send();
      assert.equal(down.code, 7, down.stderr); // CURLE_COULDNT_CONNECT
      await sink.start();
      assert.equal(sink.port, port);
      const back = await send(plain('sau'));
      assert.equal(back.code, 0, back.stderr);
      const messages = await sink.waitFor(2);
      assert.deepEqual(
        messages.map((m) => m.parsed.subject),
        ['truoc', 'sau'],
      );
      sink.clear();
    });

    test('waitFor rejects when the messages do not come', async () => {
      await assert.rejects(sink.waitFor(1, { timeoutMs: 50 }), /0 of 1 messages/);
    });
  });
});

describe('IMAP server (Dovecot)', { skip: skipImap ?? false, timeout: CEILING_MS * 2 }, () => {
  let imap;
  const users = { vanthu: 'MatKhau@2026', khac: 'pw-khac' };
  const login = `vanthu:${users.vanthu}`;
  before(async () => {
    imap = await startImap({ users, folders: ['INBOX', 'Processed'] });
  });
  after(() => imap?.stop());

  test('a delivered message is fetched over IMAPS and over STARTTLS, byte for byte', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 0x5a)]);
    const { raw } = notification({ attachment: pdf });
    const { uid } = await imap.deliver('vanthu', raw);
    assert.equal(uid, 1);
    const listed = imap.list('vanthu', 'INBOX');
    assert.equal(listed.length, 1);
    assert.deepEqual(listed[0].raw, raw);

    const imaps = await curl([
      '--url',
      `${imap.tlsUrl}/INBOX;UID=1`,
      '--cacert',
      imap.caPath,
      '-u',
      login,
    ]);
    assert.equal(imaps.code, 0, imaps.stderr);
    assert.deepEqual(imaps.stdout, raw);

    const starttls = await curl([
      '--url',
      `${imap.url}/INBOX;UID=1`,
      '--ssl-reqd',
      '--cacert',
      imap.caPath,
      '-u',
      login,
    ]);
    assert.equal(starttls.code, 0, starttls.stderr);
    assert.match(starttls.stderr, /STARTTLS/);
    assert.deepEqual(starttls.stdout, raw);

    const denied = await curl([
      '--url',
      `${imap.tlsUrl}/INBOX;UID=1`,
      '--cacert',
      imap.caPath,
      '-u',
      'vanthu:sai',
    ]);
    assert.equal(denied.code, 67, denied.stderr);
    // Another user's mailbox is their own.
    assert.equal(imap.list('khac', 'INBOX').length, 0);
  });

  test('UID MOVE to Processed: the server has MOVE, and the message leaves INBOX', async () => {
    const caps = await curl(['-k', '--url', `${imap.tlsUrl}/`, '-u', login, '-X', 'CAPABILITY']);
    assert.equal(caps.code, 0, caps.stderr);
    assert.match(caps.stdout.toString(), /^\* CAPABILITY .*\bMOVE\b/m);

    const { raw } = notification({ subject: 'Công văn đến' });
    const { uid } = await imap.deliver('vanthu', raw);
    const before = imap.list('vanthu', 'INBOX').map((m) => m.uid);
    assert.ok(before.includes(uid));

    const moved = await curl([
      '-k',
      '--url',
      `${imap.tlsUrl}/INBOX`,
      '-u',
      login,
      '-X',
      `UID MOVE ${uid} Processed`,
    ]);
    assert.equal(moved.code, 0, moved.stderr);
    assert.match(moved.stdout.toString(), /COPYUID/);
    assert.deepEqual(
      imap.list('vanthu', 'INBOX').map((m) => m.uid),
      before.filter((u) => u !== uid),
    );
    const processed = imap.list('vanthu', 'Processed');
    assert.equal(processed.length, 1);
    assert.deepEqual(processed[0].raw, raw);

    // The moved message is fetched from its new folder by the UID the server gave it there.
    const fetched = await curl([
      '-k',
      '--url',
      `${imap.tlsUrl}/Processed;UID=${processed[0].uid}`,
      '-u',
      login,
    ]);
    assert.equal(fetched.code, 0, fetched.stderr);
    assert.deepEqual(fetched.stdout, raw);
  });

  test('deliver() into another folder, and stop() removes the server and its files', async () => {
    const other = await startImap({ users: { a: 'b' }, folders: ['INBOX', 'Processed'] });
    const { uid } = await other.deliver('a', plain('thu muc'), 'Processed');
    assert.equal(uid, 1);
    assert.equal(other.list('a', 'Processed').length, 1);
    assert.equal(other.list('a', 'INBOX').length, 0);
    const master = Number(readFileSync(path.join(other.dir, 'run', 'master.pid'), 'utf8'));
    await other.stop();
    assert.equal(existsSync(other.dir), false);
    assert.throws(() => process.kill(master, 0), { code: 'ESRCH' });
  });
});
