// Outgoing documents (issue 10, item 3; docs/api.md "Outgoing documents"): a draft with its PDF
// versions, the review (unit head, then the signer), the signer's signature with a key held on
// the server, and the issue — number and date written into the signed PDF, then the agency seal —
// with ETag / If-Match on every action (428 without, 412 when stale). External verifiers: pdfsig
// accepts both signatures, pdftotext reads the number.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { assertProblem, assertStatus } from "../support/api-assert.mjs";
import {
  apiPath,
  Client,
  loggedIn,
  prepareDataDir,
  startServer,
} from "../support/cqdt-server.mjs";
import { createPki, haveTool, run } from "../support/pki.mjs";

const SNV_CODE = "000.00.01.H01";
const SEAL_KEY = "seal-snv";
const PERSONAL_KEY = "lanhdao-snv";
const PASSWORD = "Mat-khau-rieng@2026";
const DRAFT = readFileSync(
  new URL("./testdata/outgoing-draft.pdf", import.meta.url),
);
const OUT = "/documents/outgoing";

let server, pki, nssDb, work;
let admin, drafter, head, leader, clerk, stranger;

// A staff account of Sở Nội vụ made by the admin, whose password its owner then chooses.
async function staff(username, roles) {
  const agencies = assertStatus(await admin.get("/agencies"), 200).items;
  const snv = agencies.find((a) => a.code === SNV_CODE);
  assertStatus(
    await admin.post("/users", {
      username,
      fullName: "Trần Thị Kiểm Thử",
      email: `${username}@angiang.gov.vn`,
      agencyId: snv.id,
      roles,
      password: "Tam-thoi@2026",
    }),
    201,
  );
  const c = new Client(server.baseUrl);
  assertStatus(await c.login(username, "Tam-thoi@2026"), 200);
  assertStatus(
    await c.post("/auth/change-password", {
      currentPassword: "Tam-thoi@2026",
      newPassword: PASSWORD,
    }),
    204,
  );
  return c;
}

before(async () => {
  pki = createPki();
  work = mkdtempSync(path.join(os.tmpdir(), "cqdt-outgoing-"));
  const root = pki.createRoot("root", { cn: "cqdt Kiểm thử Root CA" });
  const seal = pki.issue("seal", root, {
    cn: "Sở Nội vụ tỉnh An Giang",
    o: "Sở Nội vụ tỉnh An Giang",
  });
  const personal = pki.issue("personal", root, {
    cn: "Nguyễn Văn Thành",
    o: "Sở Nội vụ tỉnh An Giang",
  });
  nssDb = pki.nssDb("verify", { trust: [root.cert] });
  const prepared = prepareDataDir();
  const d = prepared.dataDir;
  pki.pkcs12(seal, { password: "", file: path.join(d, "seal.p12") });
  pki.pkcs12(personal, { password: "", file: path.join(d, "lanhdao.p12") });
  const keysFile = path.join(d, "keys.toml");
  writeFileSync(
    keysFile,
    [
      "[[key]]",
      `id = "${SEAL_KEY}"`,
      'kind = "seal"',
      `owner = "${SNV_CODE}"`,
      'source = "seal.p12"',
      "",
      "[[key]]",
      `id = "${PERSONAL_KEY}"`,
      'kind = "personal"',
      'owner = "lanhdao.snv"',
      'source = "lanhdao.p12"',
      "",
    ].join("\n"),
  );
  server = await startServer({
    dataDir: d,
    ownDataDir: true,
    env: { CQDT_SIGNING_KEYS_FILE: keysFile },
  });
  admin = await loggedIn(server.baseUrl, "admin");
  drafter = await loggedIn(server.baseUrl, "chuyenvien.snv");
  leader = await loggedIn(server.baseUrl, "lanhdao.snv");
  stranger = await loggedIn(server.baseUrl, "vanthu.ubnd");
  head = await staff("truongphong2.snv", ["officer"]);
  clerk = await staff("vanthu2.snv", ["clerk"]);
});
after(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  pki?.cleanup();
});

const match = (res) => ({ headers: { "If-Match": res.headers.get("etag") } });

async function newDraft(extra = {}) {
  const res = await drafter.post(OUT, {
    typeOrdinal: 2,
    subject: "Về việc tổ chức hội nghị tổng kết công tác văn thư",
    urgency: "urgent",
    signerId: leader.user.id,
    recipients: [{ agencyId: stranger.user.agencyId }, { name: "Lưu: VT, VP" }],
    ...extra,
  });
  assertStatus(res, 201);
  return res;
}

function upload(client, id, etag, bytes = DRAFT, headers = {}) {
  return client.request(
    "POST",
    `${OUT}/${id}/files?name=quyet-dinh.pdf`,
    bytes,
    {
      raw: true,
      headers: {
        "Content-Type": "application/pdf",
        ...(etag ? { "If-Match": etag } : {}),
        ...headers,
      },
    },
  );
}

async function download(client, id, fileId) {
  const res = await fetch(
    server.baseUrl + apiPath(`${OUT}/${id}/files/${fileId}`),
    {
      headers: { Cookie: client.cookieHeader() },
    },
  );
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

test("a draft keeps its items, recipients and PDF versions; every action needs the current ETag", async () => {
  const created = await newDraft();
  const d = created.body;
  assert.equal(d.state, "draft");
  assert.equal(d.stateLabel, "Dự thảo");
  assert.equal(d.typeName, "Quyết định");
  assert.equal(d.urgencyLabel, "Khẩn");
  assert.equal(d.signerName, "Nguyễn Văn Thành");
  // Recipients in the order written: an agency on this instance (named from the directory) and
  // free text.
  assert.equal(d.recipients[0].agencyId, stranger.user.agencyId);
  assert.ok(d.recipients[0].name.length > 0);
  assert.deepEqual(d.recipients[1], { agencyId: null, name: "Lưu: VT, VP" });
  assert.equal(created.headers.get("etag"), `"${d.id}-${d.version}"`);

  assertProblem(
    await upload(drafter, d.id, null),
    428,
    "precondition-required",
  );
  assertProblem(
    await upload(drafter, d.id, `"${d.id}-99"`),
    412,
    "precondition-failed",
  );
  const v1 = await upload(drafter, d.id, created.headers.get("etag"));
  assertStatus(v1, 200);
  assert.equal(v1.body.files.length, 1);
  assert.equal(v1.body.files[0].pages, 1);
  // The old ETag is stale now; nothing changed by the refused attempt.
  assertProblem(
    await upload(drafter, d.id, created.headers.get("etag")),
    412,
    "precondition-failed",
  );
  const v2 = await upload(drafter, d.id, v1.headers.get("etag"));
  assert.deepEqual(
    v2.body.files.map((f) => [f.role, f.version]),
    [
      ["draft", 1],
      ["draft", 2],
    ],
  );
  // A file that is not a PDF is refused by its content.
  assertProblem(
    await upload(
      drafter,
      d.id,
      v2.headers.get("etag"),
      Buffer.from("<html>not a pdf</html>"),
    ),
    422,
    "validation",
    { fields: [["file", "type"]] },
  );
  // PATCH needs If-Match too, and an unknown signer is a field error.
  assertProblem(
    await drafter.patch(`${OUT}/${d.id}`, { subject: "Khác" }),
    428,
    "precondition-required",
  );
  assertProblem(
    await drafter.patch(
      `${OUT}/${d.id}`,
      { signerId: head.user.id },
      match(v2),
    ),
    422,
    "validation",
    { fields: [["signerId", "invalid"]] },
  );
  const edited = await drafter.patch(
    `${OUT}/${d.id}`,
    { subject: "Về việc hội nghị" },
    match(v2),
  );
  assertStatus(edited, 200);
  assert.equal(edited.body.subject, "Về việc hội nghị");
  // Another agency's staff do not learn that it exists.
  assertProblem(await stranger.get(`${OUT}/${d.id}`), 404, "not-found");
  assertProblem(await drafter.post(OUT, { subject: "x" }), 422, "validation", {
    fields: [["typeOrdinal", "required"]],
  });
});

test("review, signature and issue: numbered, stamped and sealed; pdfsig and pdftotext agree", async (t) => {
  let res = await newDraft();
  const id = res.body.id;
  res = await upload(drafter, id, res.headers.get("etag"));
  assertStatus(res, 200);

  res = await drafter.post(
    `${OUT}/${id}/submit`,
    { unitHeadId: head.user.id },
    match(res),
  );
  assertStatus(res, 200);
  assert.equal(res.body.state, "in_review");
  assert.equal(res.body.reviews[0].step, "unit_head");
  // The head is notified; the signer cannot skip the head's turn.
  const notices = assertStatus(await head.get("/notifications"), 200);
  assert.ok(
    notices.items.some((n) => n.link === `/van-ban/di/${id}`),
    JSON.stringify(notices),
  );
  assertProblem(
    await leader.post(`${OUT}/${id}/approve`, {}, match(res)),
    403,
    "forbidden",
  );

  // The head returns it with a comment; the drafter submits again.
  assertProblem(
    await head.post(`${OUT}/${id}/return`, {}, match(res)),
    422,
    "validation",
    {
      fields: [["comment", "required"]],
    },
  );
  res = await head.post(
    `${OUT}/${id}/return`,
    { comment: "Bổ sung căn cứ pháp lý" },
    match(res),
  );
  assertStatus(res, 200);
  assert.equal(res.body.state, "draft");
  assert.equal(res.body.reviews[0].stateLabel, "Trả lại");
  res = await drafter.post(
    `${OUT}/${id}/submit`,
    { unitHeadId: head.user.id },
    match(res),
  );
  res = await head.post(
    `${OUT}/${id}/approve`,
    { comment: "Đồng ý" },
    match(res),
  );
  assertStatus(res, 200);
  assert.equal(res.body.reviews.at(-1).step, "leader");
  res = await leader.post(`${OUT}/${id}/approve`, {}, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.state, "approved");

  // Only the signer signs; the clerk cannot issue before the signature.
  assertProblem(
    await clerk.post(`${OUT}/${id}/issue`, { sealKeyId: SEAL_KEY }, match(res)),
    409,
    "failed-precondition",
  );
  res = await leader.post(
    `${OUT}/${id}/sign`,
    { keyId: PERSONAL_KEY },
    match(res),
  );
  assertStatus(res, 200);
  assert.equal(res.body.state, "signed");

  // A failed issue (a key the clerk may not use as a seal) consumes no number.
  assertProblem(
    await clerk.post(
      `${OUT}/${id}/issue`,
      { sealKeyId: PERSONAL_KEY },
      match(res),
    ),
    403,
    "forbidden",
  );
  res = await clerk.post(
    `${OUT}/${id}/issue`,
    { sealKeyId: SEAL_KEY },
    match(res),
  );
  assertStatus(res, 200);
  assert.equal(res.body.state, "numbered");
  assert.equal(res.body.number, 1);
  assert.equal(res.body.numberText, "01/QĐ-SNV");
  assert.match(res.body.issuedDate, /^\d{4}-\d{2}-\d{2}$/);

  const issued = res.body.files.find((f) => f.role === "issued");
  const pdf = await download(clerk, id, issued.id);
  const file = path.join(work, "issued.pdf");
  writeFileSync(file, pdf);
  if (process.env.CQDT_KEEP_DIR)
    writeFileSync(path.join(process.env.CQDT_KEEP_DIR, "issued.pdf"), pdf);
  if (haveTool("pdftotext")) {
    // The number and the day are drawn into the dotted blanks of "Số: ......../QĐ-SNV" and the
    // date line (the dots stay in the page's own text beneath the stamp: pdf-stamp covers them).
    const text = run("pdftotext", [file, "-"]).stdout;
    const [, , day] = res.body.issuedDate.split("-");
    assert.match(text, /^01$/m, text);
    assert.match(text, new RegExp(`^${day} tháng`, "m"), text);
  } else {
    t.diagnostic("pdftotext not installed");
  }
  if (haveTool("pdfsig")) {
    const r = run("pdfsig", ["-nssdir", `sql:${nssDb}`, file], {
      allowFail: true,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    assert.equal(out.match(/Signature is Valid/g)?.length, 2, out);
    assert.match(out, /Nguyễn Văn Thành/, out);
    assert.match(out, /Sở Nội vụ tỉnh An Giang/, out);
  } else {
    t.diagnostic("pdfsig not installed");
  }

  const timeline = assertStatus(
    await drafter.get(`${OUT}/${id}/timeline`),
    200,
  ).items;
  assert.deepEqual(timeline.map((e) => e.action).slice(-3), [
    "documents.outgoing.approved",
    "documents.outgoing.signed",
    "documents.outgoing.numbered",
  ]);
  const en = assertStatus(
    await drafter.get(`${OUT}/${id}/timeline`, {
      headers: { "Accept-Language": "en" },
    }),
    200,
  ).items;
  assert.match(
    en.at(-1).detail,
    /^Numbered 01\/QĐ-SNV, issued on/,
    en.at(-1).detail,
  );
});

// A one-page A4 PDF with a grey block and no text, as a scanned draft is to the server.
function scannedPdf() {
  const content = "0.5 g 72 560 450 200 re f";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = "%PDF-1.7\n";
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

// A draft with `bytes` as its PDF, submitted straight to the signer, approved and signed.
async function signedDraft(bytes) {
  let res = await newDraft();
  const id = res.body.id;
  res = await upload(drafter, id, res.headers.get("etag"), bytes);
  assertStatus(res, 200);
  res = await drafter.post(`${OUT}/${id}/submit`, {}, match(res));
  assertStatus(res, 200);
  res = await leader.post(`${OUT}/${id}/approve`, {}, match(res));
  assertStatus(res, 200);
  res = await leader.post(`${OUT}/${id}/sign`, { keyId: PERSONAL_KEY }, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.state, "signed");
  return res;
}

// The words pdftotext reads on page 1, with their boxes in PDF points from the bottom-left.
function wordsOf(pdf, name) {
  const file = path.join(work, name);
  writeFileSync(file, pdf);
  const html = run("pdftotext", ["-bbox", "-f", "1", "-l", "1", file, "-"]).stdout;
  const height = Number(html.match(/<page width="[\d.]+" height="([\d.]+)"/)[1]);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
    ([, x0, y0, x1, y1, text]) => ({
      text,
      x0: Number(x0),
      x1: Number(x1),
      bottom: height - Number(y1),
      top: height - Number(y0),
    }),
  );
}

function inside(word, box) {
  return (
    word.x0 >= box.x - 1 &&
    word.x1 <= box.x + box.width + 1 &&
    word.bottom >= box.y - 1 &&
    word.top <= box.y + box.height + 1
  );
}

test("issue with a number box moved by the clerk: the number is written where asked", async (t) => {
  let res = await signedDraft(DRAFT);
  const id = res.body.id;
  const found = assertStatus(await clerk.get(`${OUT}/${id}/positions`), 200);
  assert.equal(found.pages.length, 1);
  assert.ok(Math.abs(found.pages[0].width - 595) < 2, JSON.stringify(found));
  assert.ok(found.numberBox && found.dateBox, JSON.stringify(found));
  // Moved well away from the "Số:" line found: placed by hand, lower on the page.
  const numberBox = { page: 1, x: 300, y: 120, width: 200, height: 18 };
  for (const [box, field] of [
    [{ ...numberBox, page: 2 }, "numberBox.page"],
    [{ ...numberBox, x: 500 }, "numberBox.x"],
    [{ ...numberBox, height: 400 }, "numberBox.height"],
    [{ ...numberBox, y: "120" }, "numberBox.y"],
  ]) {
    assertProblem(
      await clerk.post(`${OUT}/${id}/issue`, { sealKeyId: SEAL_KEY, numberBox: box }, match(res)),
      422,
      "validation",
      { fields: [field] },
    );
  }
  res = await clerk.post(
    `${OUT}/${id}/issue`,
    { sealKeyId: SEAL_KEY, numberBox, dateBox: found.dateBox },
    match(res),
  );
  assertStatus(res, 200);
  assert.equal(res.body.state, "numbered");
  if (!haveTool("pdftotext")) {
    t.diagnostic("pdftotext not installed");
    return;
  }
  const issued = res.body.files.find((f) => f.role === "issued");
  const words = wordsOf(await download(clerk, id, issued.id), "moved.pdf");
  const number = words.find((w) => w.text === res.body.numberText);
  assert.ok(number, JSON.stringify(words));
  assert.ok(inside(number, numberBox), `${JSON.stringify(number)} in ${JSON.stringify(numberBox)}`);
  // The date box given was the line found: the day is written into its blanks, in that line.
  const [, , day] = res.body.issuedDate.split("-");
  const dayWord = words.find((w) => w.text === day && inside(w, found.dateBox));
  assert.ok(dayWord, JSON.stringify(words));
});

test("a scanned signed page is issued where the clerk placed the lines, and only then", async (t) => {
  let res = await signedDraft(scannedPdf());
  const id = res.body.id;
  const found = assertStatus(await clerk.get(`${OUT}/${id}/positions`), 200);
  assert.deepEqual(found.pages, [{ width: 595, height: 842 }]);
  assert.equal(found.numberBox, null);
  assert.equal(found.dateBox, null);
  assertProblem(
    await clerk.post(`${OUT}/${id}/issue`, { sealKeyId: SEAL_KEY, place: "An Giang" }, match(res)),
    422,
    "validation",
    { fields: [["numberBox", "required"], ["dateBox", "required"]] },
  );
  const numberBox = { page: 1, x: 80, y: 780, width: 160, height: 18 };
  const dateBox = { page: 1, x: 300, y: 780, width: 260, height: 18 };
  res = await clerk.post(
    `${OUT}/${id}/issue`,
    { sealKeyId: SEAL_KEY, place: "An Giang", numberBox, dateBox },
    match(res),
  );
  assertStatus(res, 200);
  if (!haveTool("pdftotext")) {
    t.diagnostic("pdftotext not installed");
    return;
  }
  const issued = res.body.files.find((f) => f.role === "issued");
  const words = wordsOf(await download(clerk, id, issued.id), "scan.pdf");
  const number = words.find((w) => w.text === res.body.numberText);
  assert.ok(number && inside(number, numberBox), JSON.stringify(words));
  const giang = words.find((w) => w.text.startsWith("Giang"));
  assert.ok(giang && inside(giang, dateBox), JSON.stringify(words));
});
