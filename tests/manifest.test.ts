/**
 * Least privilege, from the configuration both packages are built from, and from the sources:
 *
 * - the manifest `wxt.config.ts` gives each browser asks for `storage`, `alarms` and the sites it reads
 *   (arxiv.org, ar5iv.labs.arxiv.org, www.semanticscholar.org), nothing more; only the hover card's
 *   script is web-accessible (on those sites, at a per-session address); no CSP of its own (the
 *   browsers' default: no remote code, no eval), no `externally_connectable`; any new key must be
 *   added here on purpose; Firefox gets its gecko id, `strict_min_version` 140 (the first Firefox
 *   with the CSS Custom Highlight API) and no data collection; both are Manifest V3; the Firefox sources package leaves tests and fixtures out;
 * - the icons (`npm run icons`) are PNGs of 16, 32, 48 and 128 px in `public/icon/`, where WXT finds them;
 * - in the sources, the only network calls are the snapshot download and the arXiv HTML scan, no code
 *   writes HTML (`innerHTML`/`outerHTML` assigned or appended, `dangerouslySetInnerHTML`,
 *   `insertAdjacentHTML`, `setHTMLUnsafe`, `createContextualFragment`, `document.write`) or evaluates
 *   strings, only `runtime.onMessage` is listened to (never `onMessageExternal` or
 *   `onConnectExternal`), and the background turns zod's code generation off.
 *
 * The built packages themselves (`npm run zip`, `npm run zip:firefox`: manifests as written, zips,
 * sources, `web-ext lint`, the shipped code) are checked by tests/e2e/firefox.test.ts, which builds
 * them once, serially with the other browser suites.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../wxt.config';

const ROOT = resolve(import.meta.dirname, '..');
/** Sorted: the manifest lists them in this order. */
const HOSTS = ['https://ar5iv.labs.arxiv.org/*', 'https://arxiv.org/*', 'https://www.semanticscholar.org/*'];
/** Firefox 140: first release with `CSS.highlights` (CSS Custom Highlight API). */
const FIRST_FIREFOX_WITH_HIGHLIGHTS = '140.0';

/** Writing a string as HTML, or running one as code: none of this may appear in our sources. */
const WRITES_HTML_OR_EVALUATES =
  /\.(inner|outer)HTML\s*\+?=(?!=)|dangerouslySetInnerHTML|insertAdjacentHTML|setHTMLUnsafe|parseHTMLUnsafe|createContextualFragment|document\.write|\bsrcdoc\b|\beval\s*\(|new\s+Function\s*\(/;
/** Channels through which other extensions or web pages could talk to the background. */
const EXTERNAL_LISTENERS = /onMessageExternal|onConnectExternal|externally_connectable/;
/** What WXT turns into the manifest's `icons` (public/icon/<size>.png), as the stores and browsers ask. */
const ICON_SIZES = [16, 32, 48, 128];

/** Width and height from a PNG's header, which must be the first chunk (IHDR). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Keys the configuration may set. A new one (commands, declarative_net_request…) fails until reviewed here. */
const CONFIGURED_KEYS = new Set(['name', 'description', 'permissions', 'host_permissions', 'web_accessible_resources', 'browser_specific_settings', 'minimum_chrome_version', 'commands']);

async function manifestFor(browser: 'chrome' | 'firefox'): Promise<Record<string, any>> {
  const manifest = config.manifest;
  expect(typeof manifest).toBe('function');
  return (manifest as (env: object) => Promise<Record<string, any>> | Record<string, any>)({ browser, manifestVersion: 3, mode: 'production', command: 'build' });
}

describe.each(['chrome', 'firefox'] as const)('the %s manifest', (browser) => {
  it('asks for storage, alarms and the sites it reads, and nothing more', async () => {
    const manifest = await manifestFor(browser);
    expect([...manifest.permissions].sort()).toEqual(['alarms', 'contextMenus', 'storage']);
    expect([...manifest.host_permissions].sort()).toEqual(HOSTS);
    expect(Object.keys(manifest).filter((key) => !CONFIGURED_KEYS.has(key))).toEqual([]);
    for (const key of ['optional_permissions', 'optional_host_permissions', 'content_security_policy', 'externally_connectable']) {
      expect(manifest).not.toHaveProperty(key);
    }
    // Pages may load one file: the hover card's script, on the sites it reads, at a per-session address.
    expect(manifest.web_accessible_resources).toEqual([{ resources: ['card.js', 'show-mention.js'], matches: HOSTS, use_dynamic_url: true }]);
  });

  it('opens the popup with Alt+Shift+M, the only command: a shortcut the reader can change, nothing that acts on the page', async () => {
    const manifest = await manifestFor(browser);
    expect(manifest.commands).toEqual({ _execute_action: { suggested_key: { default: 'Alt+Shift+M' } } });
  });

  it('keeps the card’s matches to whole sites when `npm run dev` adds host permissions', async () => {
    // WXT's dev server registers the content script itself and pushes its match patterns (paths
    // included, `https://arxiv.org/abs/*`) and its own server onto `host_permissions`; Chromium refuses
    // a web-accessible resource matched by a pattern with a path.
    const manifest = await manifestFor(browser);
    manifest.host_permissions.push('https://arxiv.org/abs/*', 'http://localhost/*');
    expect(manifest.web_accessible_resources[0].matches).toEqual(HOSTS);
    expect([...(await manifestFor(browser)).host_permissions].sort()).toEqual(HOSTS);
  });
});

describe('build settings', () => {
  it('targets Manifest V3 in every browser', () => {
    expect(config.manifestVersion).toBe(3);
  });

  it('gives Firefox a gecko id, Firefox 140+ and no data collection; Chrome no Firefox keys', async () => {
    expect((await manifestFor('firefox')).browser_specific_settings).toEqual({
      gecko: { id: 'method-lens@method-lens', strict_min_version: FIRST_FIREFOX_WITH_HIGHLIGHTS, data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: '142.0' },
    });
    expect(await manifestFor('chrome')).not.toHaveProperty('browser_specific_settings');
  });

  it('gives Chrome its first version with every API the extension uses unguarded (AbortSignal.any: 116)', async () => {
    expect((await manifestFor('chrome')).minimum_chrome_version).toBe('116');
    expect(await manifestFor('firefox')).not.toHaveProperty('minimum_chrome_version');
  });

  it('leaves tests, fixtures, screenshots and scripts out of the sources package', () => {
    expect(config.zip?.excludeSources).toEqual(expect.arrayContaining(['tests/**', 'scripts/**', 'docs/**']));
  });

  it('has an icon at every size the stores and browsers ask for, where WXT finds it', async () => {
    const files = (await readdir(join(ROOT, 'public/icon'))).sort();
    expect(files).toEqual(ICON_SIZES.map((size) => `${size}.png`).sort());
    for (const size of ICON_SIZES) {
      expect(pngSize(await readFile(join(ROOT, 'public/icon', `${size}.png`)))).toEqual({ width: size, height: size });
    }
  });
});

describe('the sources', () => {
  async function sourceFiles(): Promise<{ file: string; code: string }[]> {
    const files: { file: string; code: string }[] = [];
    for (const folder of ['lib', 'components', 'entrypoints']) {
      const entries = await readdir(join(ROOT, folder), { recursive: true, withFileTypes: true });
      for (const entry of entries) {
        if (!entry.isFile() || !/\.(ts|tsx|html)$/.test(entry.name)) continue;
        const path = join(entry.parentPath, entry.name);
        files.push({ file: relative(ROOT, path).replaceAll('\\', '/'), code: await readFile(path, 'utf8') });
      }
    }
    return files;
  }

  it('make network requests in two places only: the snapshot download and the arXiv HTML scan', async () => {
    const callers = (await sourceFiles())
      .filter(({ code }) => /\bfetch(Impl)?\s*\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|RTCPeerConnection/.test(code))
      .map(({ file }) => file);
    expect(callers.sort()).toEqual(['lib/arxiv-html-scan.ts', 'lib/sync/download.ts']);
  });

  it('never write HTML or evaluate strings', async () => {
    for (const { file, code } of await sourceFiles()) {
      expect(code, file).not.toMatch(WRITES_HTML_OR_EVALUATES);
    }
  });

  it.each([
    'el.innerHTML = text',
    'el.innerHTML += text',
    'el.outerHTML=text',
    'el.insertAdjacentHTML("beforeend", text)',
    'el.setHTMLUnsafe(text)',
    'Document.parseHTMLUnsafe(text)',
    'range.createContextualFragment(text)',
    'document.write(text)',
    'document.writeln(text)',
    'frame.srcdoc = text',
    '<div dangerouslySetInnerHTML={{ __html: text }} />',
    'eval(text)',
    'new Function(text)',
  ])('(the HTML scan catches `%s`)', (line) => {
    expect(line).toMatch(WRITES_HTML_OR_EVALUATES);
  });

  it('(the HTML scan lets reading and comparing HTML pass: `el.innerHTML === x`)', () => {
    expect('if (el.innerHTML === x) read(el.innerHTML);').not.toMatch(WRITES_HTML_OR_EVALUATES);
  });

  it('listen to runtime.onMessage and onConnect where they must only: never to other extensions or web pages (onMessageExternal, onConnectExternal)', async () => {
    const messages: string[] = [];
    const ports: string[] = [];
    for (const { file, code } of await sourceFiles()) {
      expect(code, file).not.toMatch(EXTERNAL_LISTENERS);
      if (/runtime\.onMessage\.addListener/.test(code)) messages.push(file);
      if (/runtime\.onConnect\.addListener/.test(code)) ports.push(file);
    }
    // The background's message map, a private window's page hearing that the background started, and the
    // content script's one request from the popup ("Show on page", which only the extension's own pages can send).
    expect(messages.sort()).toEqual(['entrypoints/background.ts', 'lib/content/show-mention.ts', 'lib/popup/store-reads.ts']);
    // The reads the background makes for a private window's page, each port checked as opened by one of our pages.
    expect(ports).toEqual(['entrypoints/background.ts']);
  });

  it('turn zod’s code generation off in every extension context before any schema is made', async () => {
    expect(await readFile(join(ROOT, 'lib/zod-jitless.ts'), 'utf8')).toMatch(/^z\.config\(\{ jitless: true \}\);$/m);
    // The first import of each, so that it runs before any module that makes a schema.
    for (const entry of ['entrypoints/background.ts', 'entrypoints/popup/main.tsx', 'entrypoints/options/main.tsx']) {
      const code = await readFile(join(ROOT, entry), 'utf8');
      expect(/^import .*$/m.exec(code)?.[0], entry).toBe("import '@/lib/zod-jitless';");
    }
  });
});
