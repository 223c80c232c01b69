/**
 * The online filing's e-form as the journeys fill it: the receiving agency found by typing part of its name
 * (without diacritics, as citizens type), then every mandatory document attached and its upload finished.
 */
import type { Page } from 'playwright-core';

/** Picks the agency, attaches `file` to each mandatory document; returns the mandatory documents' indexes. */
export async function fillAgencyAndDocuments(
  page: Page,
  options: { agencyQuery: string; agencyName: RegExp; file: string },
): Promise<string[]> {
  const mandatory = await page
    .getByTestId('filing-document')
    .evaluateAll((els) => els.filter((e) => e.dataset.mandatory === 'true').map((e) => String(e.dataset.index)));
  await page.getByTestId('agency-picker').click();
  await page.getByTestId('agency-picker').fill(options.agencyQuery);
  await page.getByRole('option', { name: options.agencyName }).first().click();
  for (const index of mandatory) await page.getByTestId(`file-input-${index}`).setInputFiles(options.file);
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('[data-testid="upload-item"][data-status="done"]').length >= n &&
      !document.querySelector('[data-testid="upload-item"][data-status="uploading"]'),
    mandatory.length,
  );
  return mandatory;
}
