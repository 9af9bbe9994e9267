// Where the outgoing pages live. The server's notices link to `/van-ban/di/<id>`.
export const OUTGOING_PATH = '/van-ban/di';
export const NEW_DRAFT_PATH = '/van-ban/di/moi';
export const outgoingPath = (id: number) => `${OUTGOING_PATH}/${id}`;
export const editDraftPath = (id: number) => `${OUTGOING_PATH}/${id}/sua`;

/** A notice's link to one outgoing document (`/van-ban/di/<id>`). */
export function isOutgoingLink(link: string | null): link is string {
  return (
    !!link &&
    link.startsWith(`${OUTGOING_PATH}/`) &&
    /^\d+$/.test(link.slice(OUTGOING_PATH.length + 1))
  );
}
