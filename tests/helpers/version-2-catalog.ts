/** A catalog record as store version 2 wrote it: entries without family and sub-problem ids, name runs without refs. */
export function asVersion2(record: { key: string; gen: string; bytes: Uint8Array }) {
  const kind = record.key.slice(record.key.indexOf('|') + 1, record.key.indexOf('|') + 3);
  if (kind !== 'm|' && kind !== 'n|') return record;
  const value = JSON.parse(new TextDecoder().decode(record.bytes));
  if (kind === 'm|') for (const entry of Object.values<Record<string, unknown>>(value)) delete entry.familyId, delete entry.subProblemId;
  else for (const summary of Object.values<unknown[]>(value.methods)) summary.length = 4;
  return { ...record, bytes: new TextEncoder().encode(JSON.stringify(value)) };
}
