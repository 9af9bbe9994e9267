// The exchange's screens (issue 14): the clerk's packages from outside sit beside the reception
// of documents from agencies of this instance; the administrators' hub pages under /admin.
export const RECEPTION_PATH = '/van-ban/tiep-nhan';
/** The reception page with the exchange tab open. */
export const EXCHANGE_RECEPTIONS_PATH = `${RECEPTION_PATH}?nguon=lien-thong`;
export const exchangeReceptionPath = (id: number) => `${RECEPTION_PATH}/lien-thong/${id}`;
/** The incoming document a registration made (owned by the incoming pages). */
export const incomingDocumentPath = (id: number) => `/van-ban/den/${id}`;

export const EXCHANGE_ADMIN_PATH = '/admin/lien-thong';
export type AdminTab = 'doi-tac' | 'goi-tin' | 'thu-chet' | 'hang-doi';
export const ADMIN_TABS: readonly AdminTab[] = ['doi-tac', 'goi-tin', 'thu-chet', 'hang-doi'];
export const exchangeAdminPath = (tab: AdminTab) =>
  tab === 'doi-tac' ? EXCHANGE_ADMIN_PATH : `${EXCHANGE_ADMIN_PATH}/${tab}`;
