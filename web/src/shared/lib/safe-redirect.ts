/** Accepts only same-site paths ("/x", not "//evil" or "https://…") for post-login redirects. */
export function safeRedirectPath(candidate: string | null | undefined, fallback: string): string {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//')) {
    return fallback;
  }
  if (candidate.includes('\\') || /[\u0000-\u001f]/.test(candidate)) {
    return fallback;
  }
  return candidate;
}
