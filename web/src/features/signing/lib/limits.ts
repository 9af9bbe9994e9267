/** `[signing] verify_max_mb` default: the server answers 413 above it. */
export const VERIFY_MAX_MB = 20;
export const VERIFY_MAX_BYTES = VERIFY_MAX_MB * 1024 * 1024;
export const VERIFY_ACCEPT =
  '.pdf,.xml,.p7s,application/pdf,application/xml,text/xml,application/pkcs7-signature';
