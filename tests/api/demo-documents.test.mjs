// The demo month of documents (issue 10: `cqdt demo` loads incoming documents at every stage and
// outgoing documents at every stage of their review, some issued with the number, the date and
// the seal), so that every queue of every demo user has something in it.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { assertStatus } from "../support/api-assert.mjs";
import { loggedIn, startServer } from "../support/cqdt-server.mjs";

let server;

before(async () => {
  server = await startServer({ pki: true, documents: true });
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

test("the demo offices have incoming documents at every stage, for the clerk, the leader and the officer", async () => {
  const clerk = await loggedIn(server.baseUrl, "vanthu.snv");
  const all = assertStatus(
    await clerk.get("/documents/incoming?limit=200"),
    200,
  ).items;
  const states = new Set(all.map((d) => d.state));
  for (const s of [
    "registered",
    "submitted",
    "assigned",
    "in_progress",
    "completed",
    "returned",
  ]) {
    assert.ok(states.has(s), `an incoming document in state ${s}`);
  }
  // Arrival numbers from 1, in the order of arrival, no gap.
  const numbers = all
    .filter((d) => d.confidentiality === "none")
    .map((d) => d.arrivalNumber)
    .sort((a, b) => a - b);
  assert.equal(numbers[0], 1);
  const leader = await loggedIn(server.baseUrl, "lanhdao.snv");
  const forLeader = assertStatus(
    await leader.get("/documents/incoming?state=submitted"),
    200,
  ).items;
  assert.ok(
    forLeader.length >= 2,
    "documents wait for the director to assign them",
  );
  const officer = await loggedIn(server.baseUrl, "chuyenvien.snv");
  const mine = assertStatus(
    await officer.get("/documents/incoming?limit=200"),
    200,
  ).items;
  assert.ok(
    mine.length >= 8,
    "the officer sees the documents assigned to them",
  );
  const ward = await loggedIn(server.baseUrl, "vanthu.rachgia");
  const wardItems = assertStatus(
    await ward.get("/documents/incoming?limit=200"),
    200,
  ).items;
  assert.ok(wardItems.length >= 5, "the ward has its own month");
  assert.ok(
    wardItems.every((d) => !all.some((o) => o.id === d.id)),
    "each agency sees only its own documents",
  );
});

test("issued demo documents carry the number, the director signature and the seal (pdfsig)", async (t) => {
  const clerk = await loggedIn(server.baseUrl, "vanthu.snv");
  const registers = assertStatus(
    await clerk.get(`/agencies/${clerk.user.agencyId}/document-registers`),
    200,
  ).items;
  const book = registers.find(
    (r) => r.direction === "outgoing" && r.kind === "general",
  );
  assert.ok(book, "the outgoing register of Sở Nội vụ");
  const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
  const entries = assertStatus(
    await clerk.get(`/document-registers/${book.id}/entries?year=${year}`),
    200,
  ).items;
  assert.equal(entries.length, 3, "three documents issued");
  const doc = assertStatus(
    await clerk.get(`/documents/outgoing/${entries[0].documentId}`),
    200,
  );
  assert.equal(doc.state, "numbered");
  assert.match(doc.numberText, /^01\/QĐ-SNV$/);
  const issued = doc.files.find((f) => f.role === "issued");
  assert.ok(issued, "the issued PDF");
  const res = await fetch(
    `${server.baseUrl}/api/v1/documents/outgoing/${doc.id}/files/${issued.id}`,
    {
      headers: { Cookie: clerk.cookieHeader() },
    },
  );
  assert.equal(res.status, 200);
  const dir = mkdtempSync(path.join(tmpdir(), "cqdt-demo-doc-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "issued.pdf");
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  let sig = "";
  try {
    sig = execFileSync("pdfsig", [file], { encoding: "utf8" });
  } catch (err) {
    sig = `${err.stdout ?? ""}`; // pdfsig exits non-zero when the demo CA is not in its NSS store
  }
  assert.equal((sig.match(/Signature is Valid/g) ?? []).length, 2, sig);
  assert.match(sig, /Nguyễn Văn Thành/);
  const text = execFileSync("pdftotext", [file, "-"], {
    encoding: "utf8",
  });
  assert.match(text, /Số:\s*01\/QĐ-SNV/);
});
