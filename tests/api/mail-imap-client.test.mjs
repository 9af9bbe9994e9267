// cqdt's IMAP client (src/mail/imap.cpp, libcurl) against a real Dovecot (issue 15, item 3): the
// test delivers four messages into a user's INBOX, runs the client's live GoogleTests
// (cqdt_mail_test --gtest_filter='ImapLive*', which list, fetch byte for byte and header-only,
// move with UID MOVE into a new Vietnamese-named folder and with the COPY + STORE + EXPUNGE
// fallback, and classify refusals), once over IMAPS and once over STARTTLS, each with a user of
// its own; then reads the Maildir itself to see where the messages went.
// The binary is found beside CQDT_BIN (build/cqdt -> build/src/mail/cqdt_mail_test); the test
// is skipped when it or Dovecot is missing.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { cqdtBin } from '../support/cqdt-server.mjs';
import { missingDovecot, startImap } from '../support/imap-server.mjs';

const CEILING_MS = 180_000;
const MAIL_TEST = path.join(path.dirname(cqdtBin()), 'src', 'mail', 'cqdt_mail_test');
const skip = missingDovecot() ?? (existsSync(MAIL_TEST) ? null : `${MAIL_TEST} missing (build it)`);

const b64 = (s) => Buffer.from(s).toString('base64');
const wrap76 = (s) => s.replace(/.{1,76}/g, '$&\r\n');

// Four messages, CRLF as IMAP serves them: a plain one, one of ~300 KB with a PDF (fetched
// whole, and header-only under a small limit), one with a Vietnamese subject, one more.
function samples(tag) {
  const message = (n, subject, body, extra = []) =>
    Buffer.from(
      [
        `From: =?UTF-8?B?${b64('Sở Tư pháp')}?= <vanthu@stp.angiang.gov.vn>`,
        'To: vanthu@snv.angiang.gov.vn',
        `Subject: ${subject}`,
        'Date: Mon, 07 Dec 2026 08:00:00 +0700',
        `Message-ID: <${tag}-${n}@stp.angiang.gov.vn>`,
        'MIME-Version: 1.0',
        ...extra,
        '',
        body,
      ].join('\r\n'),
    );
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(220_000, 0x5a)]);
  return [
    message(1, 'Cong van so 12/STP-VP', 'Kinh gui So Noi vu.\r\n'),
    message(
      2,
      'Gui kem quyet dinh',
      [
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Xem tep dinh kem.',
        '--b',
        'Content-Type: application/pdf; name="qd.pdf"',
        'Content-Disposition: attachment; filename="qd.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        wrap76(pdf.toString('base64')) + '--b--',
        '',
      ].join('\r\n'),
      ['Content-Type: multipart/mixed; boundary="b"'],
    ),
    message(
      3,
      `=?UTF-8?B?${b64('Về việc tổ chức hội nghị')}?=`,
      b64('Nội dung thư.\r\n') + '\r\n',
      ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'],
    ),
    message(4, 'Thu thu tu', 'Het.\r\n'),
  ];
}

// Runs the live tests; resolves to { code, output }.
function runLive(env) {
  return new Promise((resolve) => {
    const child = spawn(MAIL_TEST, ['--gtest_filter=ImapLive*'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CEILING_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe(
  'the IMAP client against Dovecot',
  { skip: skip ?? false, timeout: CEILING_MS * 2 },
  () => {
    let imap;
    let work;
    const users = { imaps: 'MatKhau@Imaps1', starttls: 'MatKhau@Tls2' };
    before(async () => {
      work = mkdtempSync(path.join(os.tmpdir(), 'cqdt-imap-client-'));
      imap = await startImap({ users, folders: ['INBOX', 'Processed'] });
    });
    after(async () => {
      await imap?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    for (const mode of ['imaps', 'starttls']) {
      test(`over ${mode === 'imaps' ? 'implicit TLS' : 'STARTTLS'}`, async () => {
        const dir = path.join(work, mode);
        const messages = samples(mode);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir);
        for (const [i, raw] of messages.entries()) {
          writeFileSync(path.join(dir, `${i + 1}.eml`), raw);
          await imap.deliver(mode, raw);
        }
        assert.equal(imap.list(mode, 'INBOX').length, 4);

        const run = await runLive({
          CQDT_TEST_IMAP_URL: mode === 'imaps' ? imap.tlsUrl : imap.url,
          CQDT_TEST_IMAP_USER: mode,
          CQDT_TEST_IMAP_PASSWORD: users[mode],
          CQDT_TEST_IMAP_CA: imap.caPath,
          CQDT_TEST_IMAP_SAMPLES: dir,
        });
        assert.equal(run.code, 0, run.output);
        assert.match(run.output, /\[ {2}PASSED {2}\] 2 tests/, run.output);
        assert.doesNotMatch(run.output, /SKIPPED/, run.output);

        // Where the messages are now, read from the Maildir: message 2 stays in INBOX, 4 went to
        // Processed, 1 and 3 to the folder the client created (modified UTF-7 on disk).
        const inbox = imap.list(mode, 'INBOX');
        assert.equal(inbox.length, 1);
        assert.deepEqual(inbox[0].raw, messages[1]);
        const processed = imap.list(mode, 'Processed');
        assert.equal(processed.length, 1);
        assert.deepEqual(processed[0].raw, messages[3]);
        const done = imap.list(mode, '&ARAA4w- x&Hu0- l&AP0-');
        assert.deepEqual(
          done.map((m) => m.raw.toString('latin1')).sort(),
          [messages[0], messages[2]].map((m) => m.toString('latin1')).sort(),
        );
        // Dovecot's own log: every login of this user was over TLS (STARTTLS counts as TLS).
        const logins = imap
          .log()
          .split('\n')
          .filter((l) => l.includes(`imap-login: Info: Login: user=<${mode}>`));
        assert.ok(logins.length > 0, imap.log());
        for (const l of logins) assert.match(l, /, TLS[,:]/, l);
      });
    }
  },
);
