// Types for the parts of the test harness that TypeScript code (benchmarks) uses.
import type { Browser, Page } from 'playwright-core';

export const ROOT: string;
export const CODE_SERVER_VERSIONS: string[];

export interface InstallInfo {
  version: string;
  vscodeVersion: string;
  nodeMajor: number;
  node: string;
  serverMain: string;
  codeServer: string;
}
export function installInfo(version?: string): InstallInfo;

export interface StartedServer {
  version: string;
  info: InstallInfo;
  port: number;
  authority: string;
  userDataDir: string;
  logFile: string;
  stop(opts?: { keep?: boolean }): Promise<void>;
}

export interface Workbench {
  server: StartedServer;
  browser: Browser;
  page: Page;
  url: string;
  consoleErrors: string[];
  stop(): Promise<void>;
}

export function openWorkbench(options?: {
  version?: string;
  folder?: string;
  devPath?: string;
  env?: Record<string, string>;
  colorTheme?: string;
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  timeout?: number;
}): Promise<Workbench>;
export function copyOfSamples(prefix: string): string;
export function removeSamplesCopy(folder: string | undefined): void;
export function showAlertsView(page: import('playwright-core').Page): Promise<void>;
export function findNotification(page: import('playwright-core').Page, text: string): Promise<import('playwright-core').Locator>;
export function widenSidebar(page: import('playwright-core').Page, sidebar: import('playwright-core').Locator, width: number): Promise<void>;
