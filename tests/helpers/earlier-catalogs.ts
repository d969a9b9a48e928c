type CatalogRecord = { key: string; gen: string; bytes: Uint8Array };

const kindOf = (record: CatalogRecord) => record.key.slice(record.key.indexOf('|') + 1, record.key.indexOf('|') + 3);

/** A catalog record as store version 3 wrote it (format 2): name runs without the labels from their inner words on. */
export function asVersion3(record: CatalogRecord): CatalogRecord {
  if (kindOf(record) !== 'n|') return record;
  const value = JSON.parse(new TextDecoder().decode(record.bytes));
  value.entries = value.entries.filter((entry: unknown[]) => entry.length === 3);
  return { ...record, bytes: new TextEncoder().encode(JSON.stringify(value)) };
}

/** A catalog record as store version 2 wrote it: entries without family and sub-problem ids, name runs without refs (nor inner words). */
export function asVersion2(record: CatalogRecord): CatalogRecord {
  const kind = kindOf(record);
  if (kind !== 'm|' && kind !== 'n|') return record;
  const value = JSON.parse(new TextDecoder().decode(asVersion3(record).bytes));
  if (kind === 'm|') for (const entry of Object.values<Record<string, unknown>>(value)) delete entry.familyId, delete entry.subProblemId;
  else for (const summary of Object.values<unknown[]>(value.methods)) summary.length = 4;
  return { ...record, bytes: new TextEncoder().encode(JSON.stringify(value)) };
}
