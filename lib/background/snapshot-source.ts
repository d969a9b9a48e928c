/** Resolves the reader's chosen source to the index URL a refresh fetches. */
import { browser } from 'wxt/browser';
import type { SnapshotSource } from '@/lib/store/source';
import { checkSourceUrl, type SourceCheck } from '@/lib/snapshot/source-url';

const BUNDLED_INDEX_PATH = '/snapshot/index.json';

export function bundledIndexUrl(): string {
  return (browser.runtime.getURL as (path: string) => string)(BUNDLED_INDEX_PATH);
}

/** The index URL to fetch; a stored URL is checked again, as storage is not where validation lives. */
export function indexUrlOf(source: SnapshotSource): SourceCheck {
  if (source.kind === 'bundled') return { ok: true, url: bundledIndexUrl() };
  const check = checkSourceUrl(source.url);
  return check.ok ? check : { ok: false, error: `The snapshot source is not usable: ${check.error}` };
}
