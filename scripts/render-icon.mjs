// Renders media/icon.svg to the 128×128 media/icon.png that package.json's `icon` names (the Marketplace
// wants a PNG). Uses the headless Chromium the UI tests use; run it after changing the SVG.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, launchBrowser } from '../test/lib/vscode-web.mjs';

const svg = fs.readFileSync(path.join(ROOT, 'media', 'icon.svg'), 'utf8');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: path.join(ROOT, 'media', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('wrote media/icon.png');
