// Display helpers for the signature pages.

/** 1536 -> "1,5 KB" (vi) / "1.5 KB" (en). */
export function formatBytes(bytes: number, lang: 'vi' | 'en'): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = value.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    maximumFractionDigits: unit === 0 ? 0 : 1,
  });
  return `${text} ${units[unit]}`;
}

/** A long hex fingerprint, shortened for a table cell: first and last 8 characters. */
export function shortFingerprint(hex: string): string {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  return clean.length > 20 ? `${clean.slice(0, 8)}…${clean.slice(-8)}` : hex;
}

/** Saves a blob as a download with the given name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
