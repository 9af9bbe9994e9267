// The reception queue of the recipient agency. The server's notices link to
// `/van-ban/tiep-nhan/<deliveryId>` (docs/api.md "Delivery between agencies").
export const RECEPTION_PATH = '/van-ban/tiep-nhan';
export const receptionPath = (id: number) => `${RECEPTION_PATH}/${id}`;
/** The incoming document a registration made (owned by the incoming pages). */
export const incomingDocumentPath = (id: number) => `/van-ban/den/${id}`;
