// The staff dossier page (/mot-cua/ho-so/:code), acted on as a person does: the action's button,
// its dialog, confirm.

/**
 * Presses the action `button` on the open dossier page, lets `fill` fill the dialog, confirms,
 * and waits until the dialog is gone and the page shows the dossier in `state` (its name, e.g.
 * `processing`).
 */
export async function actOnDossier(page, button, state, fill = async () => {}) {
  const main = page.getByRole('main');
  await main.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await fill(dialog);
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await main.locator(`[data-state="${state}"]`).waitFor();
}
