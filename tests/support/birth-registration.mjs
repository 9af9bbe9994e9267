// Mai's online birth registration (procedure 1.001193 of the demo province, "Đăng ký khai sinh"):
// the dossier that the portal, notification and result tests file as the demo citizen
// 091095000123 (Nguyễn Thị Mai) for her son, with a scanned birth certificate (a PNG) and her
// identity taken from the population data ("byData").

export const BIRTH_PROCEDURE = '1.001193';

/** A PNG's signature and padding: enough for the upload's content sniffing. */
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64),
]);

/** The e-form's answers, valid for 1.001193; `extra` replaces or adds fields. */
export function birthAnswers(extra = {}) {
  return {
    requesterName: 'Nguyễn Thị Mai',
    requesterId: '091095000123',
    requesterPhone: '0912 345 678',
    requesterAddress: 'Phường Rạch Giá, tỉnh An Giang',
    relationship: 'me',
    childName: 'Nguyễn Văn Bình',
    birthDate: '2026-11-20',
    sex: 'nam',
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    birthPlace: 'Bệnh viện Đa khoa tỉnh An Giang',
    motherName: 'Nguyễn Thị Mai',
    motherBirthYear: 1995,
    motherId: '091095000123',
    commitment: true,
    ...extra,
  };
}

/**
 * As the signed-in citizen `client` (a tests/support/cqdt-server.mjs Client): uploads the birth
 * certificate, reads the e-form and files the dossier with `agencyId` (the ward), delivery
 * electronic. Returns the answer of POST /portal/dossiers unchecked (201 with the dossier when
 * all went well); a failed upload or form read throws with the server's answer.
 */
export async function fileBirthRegistrationOnline(
  client,
  { agencyId, fileName = 'giay-chung-sinh.png' },
) {
  const upload = await client.request(
    'POST',
    `/portal/uploads?fileName=${encodeURIComponent(fileName)}`,
    PNG,
    { raw: true, headers: { 'Content-Type': 'image/png' } },
  );
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${upload.text}`);
  const form = await client.get(`/portal/procedures/${BIRTH_PROCEDURE}/e-form`);
  if (form.status !== 200) throw new Error(`e-form: ${form.status} ${form.text}`);
  return client.post('/portal/dossiers', {
    procedureCode: BIRTH_PROCEDURE,
    agencyId,
    formId: form.body.id,
    answers: birthAnswers(),
    documents: [
      { ordinal: 2, files: [upload.body.id] },
      { ordinal: 5, files: [], byData: true },
    ],
    delivery: 'electronic',
  });
}
