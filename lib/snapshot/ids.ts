/**
 * Stable method ids: a slug of the display name that keeps the characters which make names distinct
 * (`QuIP#` → `quip-sharp`, `SQ+` → `sq-plus`), so the same name always gets the same id.
 */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/#/g, ' sharp ')
    .replace(/\+/g, ' plus ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'method';
}

/** Gives each distinct name its own id, suffixing `-2`, `-3`… when two names slug alike (`LieQ` / `LIEQ`). */
export class IdAllocator {
  private readonly byName = new Map<string, string>();
  private readonly taken = new Set<string>();

  idFor(name: string): string {
    const known = this.byName.get(name);
    if (known) return known;
    const base = slugify(name);
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}-${n}`;
    this.byName.set(name, id);
    this.taken.add(id);
    return id;
  }
}
