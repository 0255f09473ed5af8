import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { TLDRAW_ASSETS_VERSION } from './assets';

it('serves tldraw assets under the installed tldraw version', () => {
  const pkg = JSON.parse(readFileSync('node_modules/@tldraw/assets/package.json', 'utf8')) as {
    version: string;
  };
  expect(TLDRAW_ASSETS_VERSION).toBe(pkg.version);
  const tldraw = JSON.parse(readFileSync('node_modules/tldraw/package.json', 'utf8')) as { version: string };
  expect(tldraw.version).toBe(pkg.version);
});
