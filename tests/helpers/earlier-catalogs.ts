type CatalogRecord = { key: string; gen: string; bytes: Uint8Array };

const kindOf = (record: CatalogRecord) => record.key.slice(record.key.indexOf('|') + 1, record.key.indexOf('|') + 3);
const decode = (record: CatalogRecord) => JSON.parse(new TextDecoder().decode(record.bytes));
const encoded = (record: CatalogRecord, value: unknown) => ({ ...record, bytes: new TextEncoder().encode(JSON.stringify(value)) });

/** A catalog record as store version 3 wrote it (format 2): no word runs, nor their keys in the header. Null for a record it did not write. */
export function asVersion3(record: CatalogRecord): CatalogRecord | null {
  if (kindOf(record) === 'w|') return null;
  if (!record.key.endsWith('|header')) return record;
  const { wordRuns: _, ...header } = decode(record);
  return encoded(record, header);
}

/** A catalog record as store version 2 wrote it: entries without family and sub-problem ids, name runs without refs (and no word runs). */
export function asVersion2(record: CatalogRecord): CatalogRecord | null {
  const written = asVersion3(record);
  const kind = written && kindOf(written);
  if (!written || (kind !== 'm|' && kind !== 'n|')) return written;
  const value = decode(written);
  if (kind === 'm|') for (const entry of Object.values<Record<string, unknown>>(value)) delete entry.familyId, delete entry.subProblemId;
  else for (const summary of Object.values<unknown[]>(value.methods)) summary.length = 4;
  return encoded(written, value);
}
