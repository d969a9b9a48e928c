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

/**
 * Gives each distinct name its own id, from all the snapshot's names at once, each from the name alone.
 * A name no other slugs alike gets its plain slug. Names that do (`LieQ` / `LIEQ`) each get the slug
 * with a suffix made from the name itself, none the plain slug: a suffix counted in order of mention
 * let a refresh that moved a name hand a method's id (and a reader's mute) to another, and so would
 * a lookalike added later taking the plain slug from the method that had it. Such a method's id
 * changes once, when its lookalike appears; its mute is then shown as a method no longer in the
 * snapshot, never moved to the other.
 */
export class IdAllocator {
  private readonly byName = new Map<string, string>();

  constructor(names: Iterable<string>) {
    const bySlug = new Map<string, string[]>();
    for (const name of new Set(names)) {
      const slug = slugify(name);
      const alike = bySlug.get(slug);
      if (alike) alike.push(name);
      else bySlug.set(slug, [name]);
    }
    const suffixed: [name: string, base: string][] = [];
    for (const [slug, alike] of bySlug) {
      if (alike.length === 1) this.byName.set(alike[0]!, slug);
      else for (const name of alike) suffixed.push([name, `${slug}-${nameHash(name)}`]);
    }
    // Plain slugs are taken first; a suffixed id meeting another id (almost never) counts on in name order.
    const taken = new Set(this.byName.values());
    for (const [name, base] of suffixed.sort(([a], [b]) => byCodePoint(a, b))) {
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      this.byName.set(name, id);
      taken.add(id);
    }
  }

  idFor(name: string): string {
    const id = this.byName.get(name);
    if (id === undefined) throw new Error(`no id was allocated for ${JSON.stringify(name)}`);
    return id;
  }
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** FNV-1a over the name's UTF-16 code units, in base 36: short, and the same wherever it is computed. */
function nameHash(name: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}
