/** A moment for the snapshot's status: "Jun 18, 2026, 14:05" in the reader's time zone. */
import { formatDate } from '@/lib/format';

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${formatDate(day)}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
