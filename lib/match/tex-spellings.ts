/**
 * How TeX spells a name's `#` and `+`. An arXiv abstract page or listing prints its abstract as the author
 * typed it, and its math stays source until MathJax typesets it (for good, with MathJax off): "QuIP\#" and
 * "QuIP$\#$" are QuIP# to the reader, as "SQ$+$" is SQ+. The matcher already reads no QuIP there (see
 * `texGoesOn`); with these spellings it finds QuIP#.
 */
export function texSpellings(name: string): string[] {
  if (!name.includes('#') && !name.includes('+')) return [];
  const mathPlus = name.replaceAll('+', '$+$');
  const spellings = new Set([mathPlus.replaceAll('#', '\\#'), mathPlus.replaceAll('#', '$\\#$')]);
  spellings.delete(name);
  return [...spellings];
}

/** `names` with each name's TeX spellings after it, and `methodIndex` to match: a spelling names what its name does. */
export function withTexSpellings(names: readonly string[], methodIndex: readonly number[]): { names: string[]; methodIndex: number[] } {
  const spelled = { names: [...names], methodIndex: [...methodIndex] };
  names.forEach((name, i) => {
    for (const spelling of texSpellings(name)) {
      spelled.names.push(spelling);
      spelled.methodIndex.push(methodIndex[i]!);
    }
  });
  return spelled;
}
