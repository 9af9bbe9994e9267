// The leader's overview of the agency's open work (issue 10, "queues").
export const OVERVIEW_PATH = '/van-ban/tong-quan';
