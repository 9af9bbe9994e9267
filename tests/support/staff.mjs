// A staff account for a test, made the way an agency does it: the admin creates it with a
// temporary password, its owner logs in and chooses their own (the server refuses other
// requests until then). Returns {client, id, password} with `client` logged in.
import { assertStatus } from './api-assert.mjs';
import { Client } from './cqdt-server.mjs';

export const STAFF_PASSWORD = 'Mat-khau-rieng@2026';
const TEMPORARY = 'Tam-thoi@2026';

export async function createStaff(admin, baseUrl, { username, fullName, agencyId, roles }) {
  const created = assertStatus(
    await admin.post('/users', {
      username,
      fullName,
      email: `${username}@angiang.gov.vn`,
      agencyId,
      roles,
      password: TEMPORARY,
    }),
    201,
  );
  const client = new Client(baseUrl);
  assertStatus(await client.login(username, TEMPORARY), 200);
  assertStatus(
    await client.post('/auth/change-password', {
      currentPassword: TEMPORARY,
      newPassword: STAFF_PASSWORD,
    }),
    204,
  );
  return { client, id: created.id, password: STAFF_PASSWORD };
}
