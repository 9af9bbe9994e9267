// Client-side twin of the server's search folding (text/search.hpp), for filtering short lists
// that are already in the browser (select options): case, tones, vowel marks and đ are ignored,
// so "khoa" finds "Khóa tài khoản" and "DANG NHAP" finds "Đăng nhập". Lists that come from the
// server are searched by the server.

/** The search form of `text`: lower case, no combining marks, đ -> d, spaces collapsed. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word of `query` occurs in one of `fields` (all folded). */
export function matchesFolded(query: string, fields: readonly string[]): boolean {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  const keys = fields.map(foldForSearch);
  return words.every((word) => keys.some((key) => key.includes(word)));
}
