import type { Page } from '@playwright/test';

/**
 * Collects the page's console errors and uncaught exceptions from now on; a test asserts the
 * list is empty (every page of the product runs without console errors).
 */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}
