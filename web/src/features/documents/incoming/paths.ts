// The addresses of the incoming pages. `/van-ban/den/{id}` is also the link the server writes in
// the notices it sends about a document (docs/api.md "Incoming documents").

export const INCOMING_LIST_PATH = '/van-ban/den';
export const REGISTER_INCOMING_PATH = '/van-ban/den/vao-so';

export function incomingDocumentPath(id: number): string {
  return `/van-ban/den/${id}`;
}
