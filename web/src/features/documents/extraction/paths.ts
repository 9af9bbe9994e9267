// The admin's page of the extraction job queue, under /admin like the other admin pages.
export const EXTRACTION_JOBS_PATH = '/admin/doc-noi-dung-tep';
