/**
 * Real Chromium for browser tests: the system's (Debian's `chromium`, or CHROMIUM_PATH), driven
 * with playwright-core. A machine without it fails the test and says how to get it.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { root } from '../../scripts/lib/local-stack.js';

const CANDIDATES = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export async function launchChromium(): Promise<Browser> {
  const executablePath = CANDIDATES.find((candidate): candidate is string => candidate !== undefined && existsSync(candidate));
  if (executablePath === undefined) {
    throw new Error('no Chromium found: install it (`apt-get install -y chromium`; .ci/run does) or set CHROMIUM_PATH');
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Where the tests keep a screenshot of each final page (ignored by git). */
export const SCREENSHOTS = path.join(root, 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Fails the test on a script error or a failed request the page logged (a broken page must not pass). */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The browser asks every origin for /favicon.ico by itself; the sandboxes' pages have none.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  return errors;
}
