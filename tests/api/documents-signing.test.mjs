// Outgoing documents, issue 10 item 3 beyond the one-step signature (docs/api.md "Outgoing
// documents: token and batch signing, DOCX, attachments, consultation"): the signer signs with
// their own USB token (SoftHSM behind the real `cqdt agent`) through prepare / complete, the
// clerk issues, and pdfsig accepts both signatures; the attachment is sealed with the number in
// the issue; batches where one document fails on its own; a DOCX draft becomes a PDF version
// (LibreOffice); consultation before the signer's turn.

import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { createSoftHsmToken, startAgent, TOKEN_PIN } from "../support/agent.mjs";
import { assertProblem, assertStatus } from "../support/api-assert.mjs";
import {
  apiPath,
  Client,
  DEMO_PASSWORD,
  loggedIn,
  prepareDataDir,
  startServer,
} from "../support/cqdt-server.mjs";
import { createPki, haveTool, run } from "../support/pki.mjs";

const SNV_CODE = "000.00.01.H01";
const SEAL_KEY = "seal-snv-test";
const PERSONAL_KEY = "personal-lanhdao.snv"; // the demo PKI's server-held copy (ask_secret)
const PASSWORD = "Mat-khau-rieng@2026";
const DRAFT = readFileSync(new URL("./testdata/outgoing-draft.pdf", import.meta.url));
const DOCX = readFileSync(new URL("./testdata/outgoing-draft.docx", import.meta.url));
const OUT = "/documents/outgoing";

let server, prepared, agent, token, work, nss, pki;
let admin, drafter, head, leader, clerk, other;
let declared; // the token's certificate and chain, base64 DER
let certificateId; // the agent's id of the token's certificate

const match = (res) => ({ headers: { "If-Match": res.headers.get("etag") } });

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
    await c.post("/auth/change-password", { currentPassword: "Tam-thoi@2026", newPassword: PASSWORD }),
    204,
  );
  return c;
}

async function agentFetch(p, { method = "GET", body, pairing } = {}) {
  const headers = { Origin: server.baseUrl };
  if (pairing) headers["X-Cqdt-Agent-Token"] = pairing;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(agent.url + p, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(300_000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, body: json, text };
}

// The official confirms at the agent's terminal and types the PIN; one PIN signs the batch.
async function agentSign(items) {
  const prompt = agent.nextPrompt();
  const pending = agentFetch("/v1/sign", {
    method: "POST",
    pairing: agent.pairingToken(),
    body: { certificateId, items },
  });
  await prompt;
  agent.answer(TOKEN_PIN);
  const res = await pending;
  assert.equal(res.status, 200, res.text);
  return res.body.signatures;
}

function upload(client, p, etag, bytes, type = "application/pdf") {
  return client.request("POST", p, bytes, {
    raw: true,
    headers: { "Content-Type": type, ...(etag ? { "If-Match": etag } : {}) },
  });
}

async function download(client, id, fileId) {
  const res = await fetch(server.baseUrl + apiPath(`${OUT}/${id}/files/${fileId}`), {
    headers: { Cookie: client.cookieHeader() },
  });
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

function pdfsig(bytes, name) {
  const file = path.join(work, name);
  writeFileSync(file, bytes);
  const r = run("pdfsig", ["-nssdir", `sql:${nss}`, file], { allowFail: true });
  return `${r.stdout}\n${r.stderr}`;
}

// A draft with the PDF uploaded, submitted straight to the signer and approved by them.
async function approved(subject = "Về việc tổ chức hội nghị tổng kết công tác văn thư", { attachment = false } = {}) {
  let res = await drafter.post(OUT, { typeOrdinal: 2, subject, signerId: leader.user.id, recipients: [{ name: "Lưu: VT" }] });
  assertStatus(res, 201);
  const id = res.body.id;
  res = await upload(drafter, `${OUT}/${id}/files?name=quyet-dinh.pdf`, res.headers.get("etag"), DRAFT);
  assertStatus(res, 200);
  if (attachment) {
    res = await upload(drafter, `${OUT}/${id}/attachments?name=phu-luc.pdf`, res.headers.get("etag"), DRAFT);
    assertStatus(res, 200);
  }
  res = await drafter.post(`${OUT}/${id}/submit`, {}, match(res));
  assertStatus(res, 200);
  res = await leader.post(`${OUT}/${id}/approve`, {}, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.state, "approved");
  return res;
}

function prepareToken(id, etag, certs = declared) {
  return leader.request("POST", `${OUT}/${id}/token-signature`, {}, {
    headers: { "If-Match": etag, "X-Signing-Certificate": certs.join(",") },
  });
}

before(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "cqdt-doc-signing-"));
  // The demo PKI gives the leader's personal certificate (put on the token) and trusts its root;
  // the agency seal of Sở Nội vụ comes from a test PKI of its own.
  prepared = prepareDataDir({ pki: true });
  const pkiDir = path.join(prepared.dataDir, "pki");
  pki = createPki();
  const testRoot = pki.createRoot("root", { cn: "cqdt Kiểm thử Root CA" });
  const seal = pki.issue("seal", testRoot, { cn: "Sở Nội vụ tỉnh An Giang", o: "Sở Nội vụ tỉnh An Giang" });
  const sealFile = path.join(work, "seal-snv.p12");
  pki.pkcs12(seal, { password: "", file: sealFile });
  appendFileSync(
    path.join(pkiDir, "keys.toml"),
    `\n[[key]]\nid = "${SEAL_KEY}"\nkind = "seal"\nowner = "${SNV_CODE}"\nsource = "${sealFile}"\n`,
  );
  nss = pki.nssDb("verify", { trust: [testRoot.cert, path.join(pkiDir, "root.pem")] });
  server = await startServer({ dataDir: prepared.dataDir });
  token = createSoftHsmToken(work, {
    label: "lanhdao",
    p12: path.join(pkiDir, "personal-lanhdao.snv.p12"),
    p12Password: DEMO_PASSWORD,
  });
  agent = await startAgent({ origin: server.baseUrl, softhsmConf: token.conf, dir: work });
  admin = await loggedIn(server.baseUrl, "admin");
  drafter = await loggedIn(server.baseUrl, "chuyenvien.snv");
  leader = await loggedIn(server.baseUrl, "lanhdao.snv");
  head = await staff("truongphong5.snv", ["officer"]);
  other = await staff("truongphong2.snv", ["officer"]);
  clerk = await staff("vanthu5.snv", ["clerk"]);

  // Pairing (the official agrees at the agent), then the token's certificate bound to the
  // leader's account and confirmed by the admin (issue 9).
  const prompt = agent.nextPrompt();
  const pending = agentFetch("/v1/pair", { method: "POST", body: {} });
  await prompt;
  agent.answer("c");
  assert.equal((await pending).status, 200);
  const certs = await agentFetch("/v1/certificates", { pairing: agent.pairingToken() });
  assert.equal(certs.status, 200, certs.text);
  const cert = certs.body.items[0];
  certificateId = cert.id;
  declared = [cert.certificate, ...cert.chain];
  const reg = await leader.post("/signing/certificates", { certificate: cert.certificate });
  assert.equal(reg.status, 201, reg.text);
  assertStatus(await admin.post(`/signing/certificates/${reg.body.id}/confirm`, {}), 200);
});

after(async () => {
  await agent?.stop();
  await server?.stop();
  prepared?.cleanup();
  pki?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the signer signs with the token, the clerk issues: pdfsig accepts both; the attachment is sealed with the number", async () => {
  let res = await approved(undefined, { attachment: true });
  const id = res.body.id;
  // If-Match is required; only the signer prepares; a certificate is required.
  assertProblem(
    await leader.request("POST", `${OUT}/${id}/token-signature`, {}, { headers: { "X-Signing-Certificate": declared.join(",") } }),
    428,
    "precondition-required",
  );
  assertProblem(
    await drafter.request("POST", `${OUT}/${id}/token-signature`, {}, {
      headers: { "If-Match": res.headers.get("etag"), "X-Signing-Certificate": declared.join(",") },
    }),
    403,
    "forbidden",
  );
  const p = await prepareToken(id, res.headers.get("etag"));
  assertStatus(p, 201);
  assert.equal(Buffer.from(p.body.digest, "base64").length, 32);
  // Preparing changes nothing: the same ETag.
  assert.equal(p.headers.get("etag"), res.headers.get("etag"));

  const [signature] = await agentSign([{ digest: p.body.digest, name: "quyet-dinh.pdf", number: "" }]);
  // A preparation of this document does not complete another one.
  const another = await approved("Văn bản khác");
  assertProblem(
    await leader.post(`${OUT}/${another.body.id}/token-signature/complete`, { preparationId: p.body.id, signature }, match(another)),
    404,
    "not-found",
  );
  // A value that does not match the digest is refused and changes nothing.
  const wrong = Buffer.from(signature, "base64");
  wrong[wrong.length - 5] ^= 0xff;
  const refused = await leader.post(`${OUT}/${id}/token-signature/complete`, { preparationId: p.body.id, signature: wrong.toString("base64") }, match(res));
  assert.ok(refused.status >= 400 && refused.status < 500, refused.text);
  assert.equal(assertStatus(await leader.get(`${OUT}/${id}`), 200).state, "approved");

  res = await leader.post(`${OUT}/${id}/token-signature/complete`, { preparationId: p.body.id, signature }, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.state, "signed");
  const signedFile = res.body.files.find((f) => f.role === "signed");
  assert.ok(signedFile);
  // A replay is refused (the document is signed now).
  assert.equal((await leader.post(`${OUT}/${id}/token-signature/complete`, { preparationId: p.body.id, signature }, match(res))).status, 409);

  res = await clerk.post(`${OUT}/${id}/issue`, { sealKeyId: SEAL_KEY }, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.state, "numbered");
  const issued = res.body.files.find((f) => f.role === "issued");
  const sealedAttachment = res.body.files.find((f) => f.role === "issued_attachment");
  assert.ok(sealedAttachment, JSON.stringify(res.body.files));
  assert.equal(sealedAttachment.roleLabel, "Phụ lục đã đóng dấu");
  if (!haveTool("pdfsig")) return;
  let out = pdfsig(await download(clerk, id, issued.id), "issued.pdf");
  assert.equal(out.match(/Signature is Valid/g)?.length, 2, out);
  assert.equal(out.match(/Certificate is Trusted/g)?.length, 2, out);
  assert.match(out, /Sở Nội vụ tỉnh An Giang/, out);
  assert.match(out, /ETSI\.CAdES\.detached/, out);
  out = pdfsig(await download(clerk, id, sealedAttachment.id), "phu-luc.pdf");
  assert.equal(out.match(/Signature is Valid/g)?.length, 1, out);
  assert.match(out, /Sở Nội vụ tỉnh An Giang/, out);
  if (haveTool("pdftotext")) {
    const file = path.join(work, "phu-luc.pdf");
    const text = run("pdftotext", [file, "-"]).stdout;
    assert.ok(text.includes(res.body.numberText), text);
  }
});

test("batches: each document signs or fails on its own, with the server key and with the token", async () => {
  const a = await approved("Lô 1");
  const b = await approved("Lô 2");
  // Not approved yet: fails alone.
  const c = await drafter.post(OUT, { typeOrdinal: 2, subject: "Lô 3 (dự thảo)", signerId: leader.user.id });
  assertStatus(c, 201);
  let res = await leader.post(`${OUT}/batch-signatures`, {
    documents: [a, b, c].map((r) => ({ id: r.body.id, version: r.body.version })),
    keyId: PERSONAL_KEY,
    secret: DEMO_PASSWORD,
  });
  assertStatus(res, 200);
  assert.equal(res.body.succeeded, 2);
  assert.equal(res.body.failed, 1);
  assert.deepEqual(res.body.items.map((i) => i.status), [200, 200, 409]);
  assert.equal(res.body.items[0].document.state, "signed");
  assert.equal(res.body.items[2].problem.type, "urn:cqdt:problem:failed-precondition");
  // Bad input names the field.
  assertProblem(await leader.post(`${OUT}/batch-signatures`, { documents: [], keyId: PERSONAL_KEY }), 422, "validation", { fields: [["documents", "type"]] });

  // Token: prepare N (one stale), the agent signs the rest with one PIN, complete N (one wrong).
  const d = await approved("Lô token 1");
  const e = await approved("Lô token 2");
  const f = await approved("Lô token 3");
  res = await leader.request("POST", `${OUT}/batch-token-signatures`, {
    documents: [
      { id: d.body.id, version: d.body.version },
      { id: e.body.id, version: e.body.version },
      { id: f.body.id, version: f.body.version - 1 },
    ],
  }, { headers: { "X-Signing-Certificate": declared.join(",") } });
  assertStatus(res, 200);
  assert.deepEqual(res.body.items.map((i) => i.status), [201, 201, 412]);
  const [pd, pe] = res.body.items;
  const signatures = await agentSign([
    { digest: pd.preparation.digest, name: pd.subject, number: "" },
    { digest: pe.preparation.digest, name: pe.subject, number: "" },
  ]);
  assert.equal(signatures.length, 2);
  // e's value damaged on the way: it does not verify against e's digest.
  const damaged = Buffer.from(signatures[1], "base64");
  damaged[damaged.length - 5] ^= 0xff;
  res = await leader.post(`${OUT}/batch-token-signatures/complete`, {
    items: [
      { id: d.body.id, version: d.body.version, preparationId: pd.preparation.id, signature: signatures[0] },
      { id: e.body.id, version: e.body.version, preparationId: pe.preparation.id, signature: damaged.toString("base64") },
    ],
  });
  assertStatus(res, 200);
  assert.equal(res.body.items[0].status, 200);
  assert.equal(res.body.items[0].document.state, "signed");
  assert.equal(res.body.items[1].status, 422, JSON.stringify(res.body.items[1]));
  assert.equal(res.body.items[1].problem.type, "urn:cqdt:problem:bad-signature");
  assert.equal(assertStatus(await leader.get(`${OUT}/${e.body.id}`), 200).state, "approved");
  // e completes with its own value afterwards: the failed attempt left its preparation open.
  res = await leader.post(`${OUT}/batch-token-signatures/complete`, {
    items: [{ id: e.body.id, version: e.body.version, preparationId: pe.preparation.id, signature: signatures[1] }],
  });
  assert.deepEqual(res.body.items.map((i) => i.status), [200]);
});

test("a DOCX draft is kept and converted to the PDF version; a broken one is 422 naming the field", async (t) => {
  let res = await drafter.post(OUT, { typeOrdinal: 2, subject: "Dự thảo bằng tệp Word", signerId: leader.user.id });
  assertStatus(res, 201);
  const id = res.body.id;
  const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  // A ZIP that is not a Word document: refused by content, before any conversion.
  const notDocx = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(200)]);
  assertProblem(await upload(drafter, `${OUT}/${id}/files?name=x.docx`, res.headers.get("etag"), notDocx, docxType), 422, "validation", {
    fields: [["file", "type"]],
  });
  if (!haveTool("soffice")) {
    t.skip("soffice (libreoffice-writer-nogui) is not installed");
    return;
  }
  res = await upload(drafter, `${OUT}/${id}/files?name=quyet-dinh.docx`, res.headers.get("etag"), DOCX, docxType);
  assertStatus(res, 200);
  const pdf = res.body.files.find((f) => f.role === "draft");
  const source = res.body.files.find((f) => f.role === "source");
  assert.equal(pdf.version, 1);
  assert.equal(source.version, 1);
  assert.equal(pdf.name, "quyet-dinh.pdf");
  assert.equal(pdf.contentType, "application/pdf");
  assert.equal(source.contentType, docxType);
  const bytes = await download(drafter, id, pdf.id);
  assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  assert.deepEqual(await download(drafter, id, source.id), DOCX);
  if (haveTool("pdftotext")) {
    const file = path.join(work, "docx.pdf");
    writeFileSync(file, bytes);
    assert.match(run("pdftotext", [file, "-"]).stdout, /QUYẾT ĐỊNH/);
  }
});

test("consultation: the signer's turn comes after every consulted person answered", async () => {
  let res = await drafter.post(OUT, { typeOrdinal: 2, subject: "Xin ý kiến góp ý", signerId: leader.user.id });
  const id = res.body.id;
  res = await upload(drafter, `${OUT}/${id}/files?name=quyet-dinh.pdf`, res.headers.get("etag"), DRAFT);
  res = await drafter.post(`${OUT}/${id}/submit`, { unitHeadId: head.user.id }, match(res));
  assertStatus(res, 200);
  assertProblem(await drafter.post(`${OUT}/${id}/consultations`, { reviewerIds: [leader.user.id] }, match(res)), 422, "validation", {
    fields: [["reviewerIds", "invalid"]],
  });
  res = await drafter.post(`${OUT}/${id}/consultations`, { reviewerIds: [other.user.id], comment: "Xin ý kiến về kinh phí" }, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.reviews.at(-1).step, "consult");
  assert.equal(res.body.reviews.at(-1).stepLabel, "Góp ý");
  res = await head.post(`${OUT}/${id}/approve`, {}, match(res));
  assertStatus(res, 200);
  assert.ok(!res.body.reviews.some((r) => r.step === "leader"), "no signer's step while consulting");
  assertProblem(await leader.post(`${OUT}/${id}/approve`, {}, match(res)), 403, "forbidden");
  res = await other.post(`${OUT}/${id}/consultations/answer`, { agree: true, comment: "Thống nhất" }, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.reviews.at(-1).step, "leader");
  res = await leader.post(`${OUT}/${id}/approve`, {}, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.state, "approved");
});

test("an attachment added by mistake is removed by the drafter while a draft; the timeline keeps it", async () => {
  let res = await drafter.post(OUT, { typeOrdinal: 2, subject: "Về việc phụ lục gửi nhầm", signerId: leader.user.id });
  assertStatus(res, 201);
  const id = res.body.id;
  res = await upload(drafter, `${OUT}/${id}/attachments?name=phu-luc-1.pdf`, res.headers.get("etag"), DRAFT);
  res = await upload(drafter, `${OUT}/${id}/attachments?name=phu-luc-nham.pdf`, res.headers.get("etag"), DRAFT);
  assertStatus(res, 200);
  const attachments = res.body.files.filter((f) => f.role === "attachment");
  assert.equal(attachments.length, 2);
  const wrong = attachments.find((f) => f.name === "phu-luc-nham.pdf");
  const url = `${OUT}/${id}/attachments/${wrong.id}`;
  // If-Match as every action; only the drafter; only an attachment of this document.
  assertProblem(await drafter.request("DELETE", url), 428, "precondition-required");
  assertStatus(await other.request("DELETE", url, undefined, { headers: { "If-Match": res.headers.get("etag") } }), 404);
  assertProblem(
    await drafter.request("DELETE", `${OUT}/${id}/attachments/999999`, undefined, {
      headers: { "If-Match": res.headers.get("etag") },
    }),
    404,
    "not-found",
  );
  const removed = await drafter.request("DELETE", url, undefined, { headers: { "If-Match": res.headers.get("etag") } });
  assertStatus(removed, 200);
  assert.deepEqual(
    removed.body.files.filter((f) => f.role === "attachment").map((f) => f.name),
    ["phu-luc-1.pdf"],
  );
  const timeline = assertStatus(await drafter.get(`${OUT}/${id}/timeline`), 200).items;
  assert.ok(timeline.some((e) => e.action === "documents.outgoing.attachment_removed" && /phu-luc-nham\.pdf/.test(e.detail)));
  // Once submitted, the attachments are fixed.
  res = await upload(drafter, `${OUT}/${id}/files?name=quyet-dinh.pdf`, removed.headers.get("etag"), DRAFT);
  res = await drafter.post(`${OUT}/${id}/submit`, {}, match(res));
  assertStatus(res, 200);
  const kept = res.body.files.find((f) => f.role === "attachment");
  assertProblem(
    await drafter.request("DELETE", `${OUT}/${id}/attachments/${kept.id}`, undefined, {
      headers: { "If-Match": res.headers.get("etag") },
    }),
    409,
    "failed-precondition",
  );
});
