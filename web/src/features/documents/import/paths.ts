/** The import page of past documents (admins). */
export const IMPORT_PATH = '/quan-tri/nhap-van-ban';
