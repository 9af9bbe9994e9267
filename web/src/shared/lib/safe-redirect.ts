/** Accepts only same-site paths ("/x", not "//evil" or "https://…") for post-login redirects. */
export function safeRedirectPath(candidate: string | null | undefined, fallback: string): string {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//')) {
    return fallback;
  }
  // Backslashes and control characters let some browsers read the path as another origin.
  if (candidate.includes('\\') || [...candidate].some((c) => c.charCodeAt(0) < 0x20)) {
    return fallback;
  }
  return candidate;
}
