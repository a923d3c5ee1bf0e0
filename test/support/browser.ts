/**
 * Headless Chromium through playwright-core, using Debian's /usr/bin/chromium (never a
 * downloaded browser). Close it in an after hook. Screenshots go to test-artifacts/ (git-ignored).
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve('test-artifacts');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

let built: Promise<unknown> | null = null;

/**
 * Builds the page under test from the sources as they are now: once per test run, however many
 * browser test files ask (a failed build is tried again by the next one).
 */
export function buildDashboard(): Promise<unknown> {
  built ??= promisify(execFile)(process.execPath, ['--import', 'tsx', 'dashboard/build.ts']).catch((error: unknown) => {
    built = null;
    throw error;
  });
  return built;
}

/** Where to save a screenshot named `name`; creates the folder. */
export async function artifactPath(name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}
