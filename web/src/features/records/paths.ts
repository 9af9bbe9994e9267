// The addresses of the work-record pages (hồ sơ công việc, issue 11 item 1).

export const RECORDS_PATH = '/ho-so';
export const MY_RECORDS_PATH = '/ho-so/cua-toi';
export const AGENCY_RECORDS_PATH = '/ho-so/co-quan';
export const PLAN_PATH = '/ho-so/danh-muc';
export const APPRAISAL_PATH = '/ho-so/tham-dinh';
export const TRANSFERS_PATH = '/ho-so/nop-luu';

export function recordPath(id: number): string {
  return `${RECORDS_PATH}/${id}`;
}

/** Where a document of a record opens (the documents feature's pages). */
export function documentPath(direction: 'incoming' | 'outgoing', id: number): string {
  return direction === 'outgoing' ? `/van-ban/di/${id}` : `/van-ban/den/${id}`;
}
