import { expect, type Locator, type Page } from '@playwright/test';

/** How long a page may take to load and connect (see `open`). */
export const PAGE_LOAD_TIMEOUT = 30_000;

/** A person on a board page: what they can do and see. */
export class BoardPage {
  readonly shapes: Locator;
  /** System-design components on the canvas. */
  readonly components: Locator;
  readonly arrows: Locator;
  readonly connection: Locator;
  readonly presence: Locator;

  constructor(
    readonly page: Page,
    readonly name: string,
  ) {
    this.shapes = page.locator('.tl-shape');
    this.components = page.locator('.tl-shape[data-shape-type="system-component"]');
    this.arrows = page.locator('.tl-shape[data-shape-type="arrow"]');
    this.connection = page.getByTestId('connection-state');
    this.presence = page.getByTestId('presence-list');
  }

  /**
   * Opens a board by its address (or a link with a token), gives a name if asked, waits for the
   * live canvas. Loading a page is the one step whose time depends on the machine more than on the
   * product (parsing tldraw on a busy core), so it gets its own budget, not the 10 s a state change gets.
   */
  async open(url: string): Promise<void> {
    await this.visit(url);
    const dialog = this.page.getByRole('dialog');
    await dialog.or(this.page.locator('.tl-canvas')).first().waitFor();
    if (await dialog.isVisible()) {
      await dialog.getByRole('textbox').fill(this.name);
      await this.page.keyboard.press('Enter');
    }
    await this.expectConnected(PAGE_LOAD_TIMEOUT);
    // The canvas's code may still be arriving after the header is connected: part of the load.
    await expect(this.page.locator('.tl-canvas')).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
  }

  /**
   * Goes to `url`. A warm tab parked on an app page (actors.ts) moves there as a person following a
   * link inside the app does: Next.js's client-side navigation, which keeps the code the tab has
   * already loaded and run. Opening a board that way costs a fraction of a page load, and it is
   * the same path as going from the dashboard to a board. Anywhere else (a board still open, a
   * fresh tab) it is a full page load. A link's token is exchanged for its cookie first, as the
   * server does on a full load, so the address the page ends on is the same either way.
   */
  async visit(url: string): Promise<void> {
    if (!(await this.navigateInPage(url))) await this.page.goto(url);
  }

  private async navigateInPage(url: string): Promise<boolean> {
    const here = this.page.url();
    if (!/^https?:/.test(here)) return false;
    const target = new URL(url, here);
    // Same origin, another page (pushing the page it is on would show what it already shows).
    if (target.origin !== new URL(here).origin || target.pathname === new URL(here).pathname) return false;
    if (!(await this.page.evaluate(() => document.body?.dataset.parked === '1').catch(() => false)))
      return false;
    if (target.searchParams.has('token')) {
      const res = await this.page.request.get(target.href, { maxRedirects: 0 });
      if (res.status() !== 302 && res.status() !== 303) return false; // an error page: load it for real
      target.searchParams.delete('token');
    }
    const path = target.pathname + target.search + target.hash;
    const pushed = await this.page.evaluate((to) => {
      const router = (window as { next?: { router?: { push(href: string): void } } }).next?.router;
      if (!router) return false;
      delete document.body.dataset.parked;
      router.push(to);
      return true;
    }, path);
    if (pushed) await this.page.waitForURL((u) => u.pathname === target.pathname);
    return pushed;
  }

  /** Reloads the page and waits until it is connected again (a page load: see `open`). */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.expectConnected(PAGE_LOAD_TIMEOUT);
  }

  async expectConnected(timeout?: number): Promise<void> {
    await expect(this.connection).toHaveAttribute('data-state', 'connected', { timeout });
  }

  /** Brings this person's window to the front, so keyboard shortcuts reach the canvas. */
  async focus(): Promise<void> {
    await this.page.bringToFront();
  }

  /** Presses a key (or chord) on the canvas. */
  async press(key: string): Promise<void> {
    await this.focus();
    await this.page.keyboard.press(key);
  }

  /** Draws a rectangle with tldraw's own rectangle tool, corner to corner (page pixels). */
  async drawRectangle(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    await this.focus();
    await this.page.getByTestId('tools.rectangle').click();
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Drags whatever is under `from` to `to` with the select tool. */
  async drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    await this.focus();
    await this.page.getByTestId('tools.select').click();
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Screen box of the nth shape. */
  async shapeBox(n = 0): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.shapes.nth(n).boundingBox();
    if (!box) throw new Error('shape is not visible');
    return box;
  }

  /** The component whose label is `label`. */
  component(label: string): Locator {
    return this.components.filter({ has: this.page.locator('.br-comp__label', { hasText: label }) });
  }

  /** Screen centre of a locator's box. */
  async centre(locator: Locator): Promise<{ x: number; y: number }> {
    const box = await locator.boundingBox();
    if (!box) throw new Error('not visible');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }
}
