// The addresses of the public portal's pages (issue 13).

export const PORTAL_PATH = '/portal';
export const PORTAL_PROCEDURES_PATH = '/portal/thu-tuc';
export const TRACKING_PATH = '/tra-cuu-ho-so';
/** The feedback feature's pages a tracked dossier leads to (issue 13, item 7). */
export const RATING_PATH = '/portal/danh-gia';
export const PETITION_PATH = '/portal/phan-anh-kien-nghi';

export function portalProcedurePath(code: string): string {
  return `${PORTAL_PROCEDURES_PATH}/${encodeURIComponent(code)}`;
}

/** The catalogue filtered by one life event. */
export function lifeEventPath(code: string): string {
  return `${PORTAL_PROCEDURES_PATH}?su-kien=${encodeURIComponent(code)}`;
}

// Online submission (issue 13, item 3): signed-in citizens only.
export const MY_DOSSIERS_PATH = '/portal/ho-so-cua-toi';
export const DOCUMENT_STORE_PATH = '/portal/kho-du-lieu';

/** The e-form of a procedure; `draft` resumes a saved draft. */
export function submitPath(code: string, draft?: number): string {
  const path = `/portal/nop-ho-so/${encodeURIComponent(code)}`;
  return draft ? `${path}?nhap=${draft}` : path;
}

export function myDossierPath(code: string): string {
  return `${MY_DOSSIERS_PATH}/${encodeURIComponent(code)}`;
}

/** The Decision 766 staff analysis (issue 13, item 9): in the staff workspace, not the portal. */
export const INDEX766_ANALYSIS_PATH = '/chi-so-766';
