/**
 * Checks that hostile text (script and attribute injections) is shown escaped: in a served page as a
 * string, and in Chromium (no injected element, no dialog). Shared by the hostile-text and the corrections
 * escaping e2e tests, so both hold every page to the same rules.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { correctionsScript, script } from '../../src/web/assets.js';

/** The only script elements a page may hold: JSON-LD and the site's own files. */
const ALLOWED_SCRIPT_TAGS = [
  '<script type="application/ld+json">',
  `<script src="${script.path}" defer>`,
  `<script src="${correctionsScript.path}" defer>`,
];

/**
 * No live markup from the text in a page's HTML: only the allowed script elements, no injected img, no
 * handler attribute, and no textarea closed early by a typed "</textarea".
 */
export function assertNoInjectedMarkup(body: string, where: string): void {
  const scripts = body.match(/<script\b[^>]*>/gi) ?? [];
  assert.ok(
    scripts.every((s) => ALLOWED_SCRIPT_TAGS.includes(s)),
    `${where}: ${scripts}`,
  );
  assert.doesNotMatch(body, /<img[^>]*src=x/i, where);
  // Quoted attribute values hold escaped text (no raw quote can be in them); what is left is markup.
  const markup = body.replace(/="[^"]*"/g, '=""');
  assert.doesNotMatch(markup, /<[^>]+\sonerror=/i, where);
  // A textarea holds its text until the first "</textarea"; a typed one must be escaped.
  assert.equal((body.match(/<\/textarea/gi) ?? []).length, (body.match(/<textarea\b/gi) ?? []).length, where);
}

/** Records (and dismisses) every dialog the page opens; the returned list should stay empty. */
export function recordDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  return dialogs;
}

/**
 * Opens `url` and asserts that the rendered document holds no injected element: no img with src "x",
 * no onerror attribute anywhere, no script but JSON-LD and the site's own files.
 */
export async function assertNoInjectedElements(page: Page, url: string, where: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(50); // an onerror fires after load
  // A string, so the test's TypeScript needs no DOM types; it runs in the page.
  const injected = (await page.evaluate(`(() => ({
    imgs: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => s.type !== 'application/ld+json' && ![${JSON.stringify(script.path)}, ${JSON.stringify(correctionsScript.path)}].includes(s.getAttribute('src'))).length,
  }))()`)) as { imgs: number; scripts: number };
  assert.deepEqual(injected, { imgs: 0, scripts: 0 }, where);
}
