import type { Role } from '../../shared/auth/types';

/**
 * The user guide (docs/huong-dan/), rendered to static pages under /huong-dan/ by the web build
 * (scripts/build-guide.mjs). The server serves them as files, outside the single-page app.
 */
const GUIDE_ROOT = '/huong-dan/';

/** The citizen's page of the guide, linked from the portal's header. */
export const CITIZEN_GUIDE_PATH = `${GUIDE_ROOT}cong-dan.html`;

// One page per role; a person with several roles gets the first of this order (the role whose
// daily work the page walks through is usually the one they were given the account for).
const GUIDE_PAGES: ReadonlyArray<readonly [Role, string]> = [
  ['leader', 'lanh-dao.html'],
  ['clerk', 'van-thu.html'],
  ['counter_officer', 'mot-cua.html'],
  ['officer', 'chuyen-vien.html'],
  ['admin', 'quan-tri.html'],
  ['citizen', 'cong-dan.html'],
];

/** The guide's page for a signed-in person's roles (the guide's index when none has a page). */
export function guidePathFor(roles: readonly Role[]): string {
  const page = GUIDE_PAGES.find(([role]) => roles.includes(role));
  return page ? `${GUIDE_ROOT}${page[1]}` : GUIDE_ROOT;
}
