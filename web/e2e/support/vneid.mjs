// Signing in through the test OpenID provider (tests/support/oidc-provider.mjs) in the browser.

/** The portal's sign-in button that leads to the national identity platform. */
export const VNEID_BUTTON = 'Đăng nhập bằng tài khoản định danh điện tử (VNeID)';

/**
 * After the portal's VNeID button: waits for the provider's own page (another origin) and signs
 * in there as the provider's account `login`. The provider then sends the browser back to cqdt.
 */
export async function signInAtProvider(page, op, login) {
  await page.waitForURL((url) => url.href.startsWith(op.issuer));
  await page.getByLabel('Tài khoản').fill(login);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}
