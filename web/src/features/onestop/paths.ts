// The addresses of the one-stop desk's pages (issue 12).

export const PROCEDURES_PATH = '/mot-cua/thu-tuc';

export function procedurePath(code: string): string {
  return `${PROCEDURES_PATH}/${encodeURIComponent(code)}`;
}

export function processEditorPath(code: string): string {
  return `${procedurePath(code)}/quy-trinh`;
}

export const RECEIVE_PATH = '/mot-cua/tiep-nhan';
export const DOSSIERS_PATH = '/mot-cua/ho-so';

export function dossierPath(code: string): string {
  return `${DOSSIERS_PATH}/${encodeURIComponent(code)}`;
}

export const COUNTER_PATH = '/mot-cua/quay';
export const ONESTOP_STATISTICS_PATH = '/mot-cua/thong-ke';
export const FEES_PATH = '/mot-cua/doi-chieu-phi';

/** An outgoing document's page (the documents feature's `/van-ban/di/<id>`, which the server's
 * notices link to as well). */
export function outgoingDocumentPath(id: number): string {
  return `/van-ban/di/${id}`;
}

/** The queues of the "Hồ sơ một cửa" page, as its `?queue=` names them ("online": the desk's
 * online dossiers waiting for acceptance; "return": decided ones waiting to be returned). */
export type DossiersListQueue = 'counter' | 'online' | 'return' | 'mine' | 'late' | 'agency';

/** The "Hồ sơ một cửa" page opened on one of its queues. */
export function dossiersQueuePath(queue: DossiersListQueue): string {
  return `${DOSSIERS_PATH}?queue=${queue}`;
}
