// The addresses of the ratings and feedback pages (issue 13, item 7).

/** Portal: the rating of a finished dossier (?ma=<code>; the tracking page passes the check). */
export const RATING_PATH = '/portal/danh-gia';
/** Portal: file feedback (?ma=<dossier code> fills the dossier). */
export const PETITION_PATH = '/portal/phan-anh-kien-nghi';
/** Portal: follow feedback (?ma=<feedback code>). */
export const PETITION_FOLLOW_PATH = '/portal/phan-anh-kien-nghi/theo-doi';
/** Portal: the published answers. */
export const PETITION_PUBLISHED_PATH = '/portal/phan-anh-kien-nghi/da-tra-loi';
/** Staff: the agency's feedback queue, and one item. */
export const STAFF_PETITIONS_PATH = '/phan-anh-kien-nghi';
/** Staff: the agency's ratings, and a rating recorded at the desk. */
export const STAFF_RATINGS_PATH = '/mot-cua/danh-gia';

export function staffPetitionPath(code: string): string {
  return `${STAFF_PETITIONS_PATH}/${encodeURIComponent(code)}`;
}

export function ratingPath(code: string): string {
  return `${RATING_PATH}?ma=${encodeURIComponent(code)}`;
}

export function petitionPath(dossierCode?: string): string {
  return dossierCode ? `${PETITION_PATH}?ma=${encodeURIComponent(dossierCode)}` : PETITION_PATH;
}

/** What the tracking page hands the rating page: the check digits, kept out of the address. */
export interface RatingLinkState {
  check?: string;
}
