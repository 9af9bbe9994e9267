// The clerk's documents received by e-mail (issue 15 item 3): a tab of the reception page
// (/van-ban/tiep-nhan?nguon=thu-dien-tu) and one message's page under it.
export const RECEPTION_PATH = '/van-ban/tiep-nhan';
/** The reception page's query parameter that names the open tab, and this tab's value. */
export const SOURCE_PARAM = 'nguon';
export const MAIL_SOURCE = 'thu-dien-tu';
/** The reception page with the e-mail tab open. */
export const MAIL_RECEPTIONS_PATH = `${RECEPTION_PATH}?${SOURCE_PARAM}=${MAIL_SOURCE}`;
export const mailIntakePath = (id: number) => `${RECEPTION_PATH}/${MAIL_SOURCE}/${id}`;
/** The incoming document a registration made (owned by the incoming pages). */
export const incomingDocumentPath = (id: number) => `/van-ban/den/${id}`;
