import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Headless Chromium from Debian (`/usr/bin/chromium`, installed by .ci/run), driven by
 * playwright-core. The flags keep Chromium from calling home (component updates, sync,
 * background networking): a test sees only the requests its page makes.
 */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'mcp-health-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** What a page did while open: console errors, uncaught exceptions, requests other than its own file, dialogs. */
export interface PageWatch {
  errors: string[];
  foreignRequests: string[];
  dialogs: string[];
}

/** Opens a report file, recording everything the page does; waits until its script has run. */
export async function openReport(browser: Browser, path: string): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.context.newPage();
  const own = `file://${path}`;
  const watch: PageWatch = { errors: [], foreignRequests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') watch.errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => watch.errors.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (url !== own && !url.startsWith('data:')) watch.foreignRequests.push(url);
  });
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(own);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
  return { page, watch };
}
