/** Resolves the reader's chosen source to the index URL a refresh fetches. */
import { browser } from 'wxt/browser';
import type { SnapshotSource } from '@/lib/settings/items';

export const BUNDLED_INDEX_PATH = '/snapshot/index.json';

export function bundledIndexUrl(): string {
  return (browser.runtime.getURL as (path: string) => string)(BUNDLED_INDEX_PATH);
}

export function indexUrlOf(source: SnapshotSource): string {
  return source.kind === 'bundled' ? bundledIndexUrl() : source.url;
}
