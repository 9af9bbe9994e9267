/** Vietnamese phone numbers: 0 or +84, then 9-10 digits (mobile and landline). */
export const PHONE_PATTERN = /^(0|\+84)\d{9,10}$/;

/** Staff usernames as the demo accounts use them: `chuyenvien.snv`, `motcua.phuquoc`. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

// Passwords have no rule here: the server's policy (zxcvbn and its dictionaries) answers for
// every form through POST /password-checks (components/new-password-fields.tsx).
