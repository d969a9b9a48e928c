/** A label from a record that may name a method: a link to that method's record, unless it is the record's own method or none. */
import { MethodLink } from './MethodLink';

export function OtherMethod({ label, id, self }: { label: string; id: string | null; self: string }) {
  if (id === null || id === self) return <bdi>{label}</bdi>;
  return <MethodLink id={id} name={label} />;
}
