// The admin's page of the extraction job queue, under /quan-tri like the import of documents.
export const EXTRACTION_JOBS_PATH = '/quan-tri/doc-noi-dung-tep';
