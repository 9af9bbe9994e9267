// The address of the reports page (báo cáo, issue 11 item 5).
export const REPORTS_PATH = '/bao-cao';
