// The import of past documents (issue 11, item 6) against the real binary: an admin uploads a
// ZIP package (the index and the files it names) as a job; a dry run reports what would be
// imported and writes nothing; the import writes the documents with their numbers as issued;
// the same package again adds nothing; a bad row refuses the whole file with the row and field
// named; a zip-slip package is refused; only admins may import.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { assertProblem, assertStatus } from "../support/api-assert.mjs";
import {
  loggedIn,
  prepareDataDir,
  runCli,
  startServer,
} from "../support/cqdt-server.mjs";
import { minimalPdf } from "../support/pki.mjs";
import { makeZip } from "../support/zip.mjs";

let server;
let prepared;
let admin, clerk;

before(async () => {
  prepared = prepareDataDir();
  server = await startServer({ dataDir: prepared.dataDir });
  admin = await loggedIn(server.baseUrl, "admin");
  clerk = await loggedIn(server.baseUrl, "vanthu.snv");
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  prepared?.cleanup();
});

const HEADER =
  "Chiều,Mã cơ quan,Số ký hiệu,Ngày ban hành,Ngày đến,Số đến,Cơ quan ban hành,Trích yếu," +
  "Người ký,Độ khẩn,Số trang,Tệp";

function csv(rows) {
  return "\uFEFF" + [HEADER, ...rows].join("\r\n") + "\r\n";
}

const GOOD_ROWS = [
  "đến,000.00.01.H01,77/QĐ-UBND,12/03/2023,2023-03-14,120,UBND tỉnh Kiên Giang," +
    "Về việc phê duyệt đề án lưu trữ điện tử cũ,Nguyễn Văn Cũ,Khẩn,1,files/77-qd.pdf",
  "đi,000.00.01.H01,15/KH-SNV,2023-05-02,,,,Kế hoạch chỉnh lý tài liệu tồn đọng năm 2023," +
    "Trần Thị Lưu,,1,files/15-kh.pdf",
];

function goodPackage() {
  return makeZip({
    "documents.csv": csv(GOOD_ROWS),
    "files/77-qd.pdf": minimalPdf("77/QD-UBND"),
    "files/15-kh.pdf": minimalPdf("15/KH-SNV"),
  });
}

async function startImport(
  client,
  bytes,
  { dryRun = false, fileName = "goi.zip" } = {},
) {
  return client.post(
    `/documents/import?fileName=${encodeURIComponent(fileName)}&dryRun=${dryRun}`,
    bytes,
    { raw: true, headers: { "Content-Type": "application/zip" } },
  );
}

// Polls the job until it is no longer queued or running (generous ceiling, no timing claim).
async function finished(id) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const job = assertStatus(await admin.get(`/documents/import/${id}`), 200);
    if (job.state !== "queued" && job.state !== "running") return job;
    assert.ok(Date.now() < deadline, `job ${id} still ${job.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function runImport(bytes, opts) {
  const started = await startImport(admin, bytes, opts);
  const job = assertStatus(started, 202);
  assert.ok(job.id > 0);
  assert.equal(
    started.headers.get("location"),
    `/api/v1/documents/import/${job.id}`,
  );
  return finished(job.id);
}

test("a dry run reports each row and writes nothing", async () => {
  const job = await runImport(goodPackage(), { dryRun: true });
  assert.equal(job.state, "done", JSON.stringify(job));
  assert.equal(job.dryRun, true);
  assert.equal(job.total, 2);
  assert.equal(job.done, 2);
  assert.equal(job.imported, 2);
  assert.equal(job.refused, false);
  assert.deepEqual(
    job.rows.map((r) => [r.row, r.status]),
    [
      [2, "would_import"],
      [3, "would_import"],
    ],
  );
});

test("the import writes the documents with their numbers as issued, and twice adds nothing", async () => {
  const job = await runImport(goodPackage());
  assert.equal(job.state, "done", JSON.stringify(job));
  assert.equal(job.imported, 2);
  assert.deepEqual(
    job.rows.map((r) => r.status),
    ["imported", "imported"],
  );
  const incomingId = job.rows[0].documentId;
  assert.ok(incomingId > 0);
  const doc = assertStatus(
    await clerk.get(`/documents/incoming/${incomingId}`),
    200,
  );
  assert.equal(doc.numberText, "77/QĐ-UBND");
  assert.equal(doc.issuedDate, "2023-03-12");
  assert.equal(doc.arrivalNumber, 120);
  assert.equal(doc.state, "completed");

  const again = await runImport(goodPackage());
  assert.equal(again.state, "done");
  assert.equal(again.imported, 0);
  assert.equal(again.skipped, 2);
  assert.deepEqual(
    again.rows.map((r) => [r.status, r.documentId]),
    [
      ["already_imported", incomingId],
      ["already_imported", job.rows[1].documentId],
    ],
  );
  // A normal registration this year still starts the register at its own next number.
  const registered = await clerk.post("/documents/incoming", {
    numberText: "01/TB-UBND",
    issuedDate: new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10),
    senderName: "UBND tỉnh An Giang",
    subject: "Thông báo sau khi nhập văn bản cũ",
  });
  assertStatus(registered, 201);
  assert.notEqual(registered.body.arrivalNumber, 121);
});

test("a bad row refuses the whole file and the report names its row and field", async () => {
  const rows = [
    "đến,000.00.01.H01,88/QĐ-UBND,2023-04-01,,,UBND tỉnh Kiên Giang,Văn bản tốt bị giữ lại,,,,",
    "đến,000.00.01.H01,89/QĐ-UBND,31/02/2023,,,UBND tỉnh Kiên Giang,Ngày không có thật,,,,",
    "đi,000.00.01.H01,90/QĐ-SNV,2023-04-03,,,,Tệp không có trong gói,,,,files/thieu.pdf",
  ];
  const job = await runImport(makeZip({ "documents.csv": csv(rows) }));
  assert.equal(job.state, "done");
  assert.equal(job.refused, true);
  assert.equal(job.imported, 0);
  assert.equal(job.invalid, 2);
  assert.equal(job.rows[0].status, "not_written");
  const named = job.problems.map((p) => `${p.row}:${p.field}`);
  assert.ok(named.includes("3:issuedDate"), named.join(" "));
  assert.ok(named.includes("4:files"), named.join(" "));
  for (const p of job.problems) assert.match(p.message, /[à-ỹ]/i);
  // In English when asked.
  const en = assertStatus(
    await admin.get(`/documents/import/${job.id}`, {
      headers: { "Accept-Language": "en" },
    }),
    200,
  );
  assert.match(
    en.problems.find((p) => p.field === "issuedDate").message,
    /must be a date/,
  );
  // Nothing of the file was written: the good row is not there.
  const alone = await runImport(makeZip({ "documents.csv": csv([rows[0]]) }));
  assert.equal(alone.rows[0].status, "imported");
});

test("a package whose entry names leave it (zip slip) is refused at once", async () => {
  const evil = makeZip({
    "documents.csv": csv([
      "đến,000.00.01.H01,91/QĐ-UBND,2023-04-01,,,UBND,Tệp ngoài gói,,,,../../etc/passwd",
    ]),
    "../../evil.pdf": minimalPdf("evil"),
  });
  assertProblem(await startImport(admin, evil), 422, "validation", {
    fields: ["files"],
  });
  const absolute = makeZip({ "documents.csv": csv([]), "/etc/cron.d/x": "x" });
  assertProblem(await startImport(admin, absolute), 422, "validation", {
    fields: ["files"],
  });
});

test("a file that is not a package or an index is refused, and non-admins are refused", async () => {
  assertProblem(
    await startImport(admin, Buffer.from("Màu sắc,Kích thước\r\nđỏ,lớn\r\n"), {
      fileName: "x.csv",
    }),
    422,
    "validation",
    { fields: ["file"] },
  );
  assertProblem(
    await admin.post(
      "/documents/import?fileName=goi.zip&batchSize=0&dryRun=maybe",
      goodPackage(),
      {
        raw: true,
        headers: { "Content-Type": "application/zip" },
      },
    ),
    422,
    "validation",
    { fields: ["batchSize", "dryRun"] },
  );
  assertProblem(await admin.get("/documents/import/999999"), 404, "not-found");
  const list = assertStatus(await admin.get("/documents/import"), 200);
  assert.ok(
    list.items.length >= 1 && list.items.every((j) => j.id > 0 && j.state),
  );
  assertProblem(await startImport(clerk, goodPackage()), 403, "forbidden");
  assertProblem(await clerk.get("/documents/import/1"), 403, "forbidden");
});

test("the command line imports a directory with a dry run first, and twice adds nothing", async () => {
  const fs = await import("node:fs");
  const path = await import("node:path");
  const dir = fs.mkdtempSync(path.join(prepared.dataDir, "import-"));
  fs.mkdirSync(path.join(dir, "files"));
  fs.writeFileSync(
    path.join(dir, "documents.csv"),
    csv([
      "đến,000.00.01.H01,93/QĐ-UBND,2023-06-01,,,UBND tỉnh Kiên Giang,Nhập bằng dòng lệnh,,,,files/93.pdf",
    ]),
  );
  fs.writeFileSync(path.join(dir, "files", "93.pdf"), minimalPdf("93"));
  const at = ["--db", prepared.dbUrl, "--data-dir", prepared.dataDir];
  const dry = runCli(["doc", "import", dir, "--dry-run", "--json", ...at]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(JSON.parse(dry.stdout).rows[0].status, "would_import");
  const first = runCli([
    "doc",
    "import",
    dir,
    "--as",
    "admin",
    "--json",
    ...at,
  ]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(JSON.parse(first.stdout).imported, 1);
  const second = runCli(["doc", "import", dir, "--json", ...at]);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(JSON.parse(second.stdout).skipped, 1);
  fs.writeFileSync(
    path.join(dir, "documents.csv"),
    csv(["đến,000.00.01.H01,,,,,,,,,,"]),
  );
  const bad = runCli(["doc", "import", dir, ...at]);
  assert.equal(bad.code, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /numberText/);
  const unreadable = runCli([
    "doc",
    "import",
    path.join(dir, "khong-co.zip"),
    ...at,
  ]);
  assert.equal(unreadable.code, 2);
});
