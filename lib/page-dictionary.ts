/**
 * The match dictionary as the background hands it to pages: its names normalised and in match order,
 * with the matcher's plan (`planMatcher`), so that each page builds its matcher in time that grows
 * with the number of name groups, not of names. Made once per snapshot and set of muted methods. Names
 * with a `#` or `+` come in their TeX spellings too (`QuIP\#`), as abstract pages print them.
 */
import { planMatcher, type MatcherPlan } from '@/lib/match/matcher';
import { withTexSpellings } from '@/lib/match/tex-spellings';
import type { MatchDictionary } from '@/lib/store/read';

export interface PageDictionary extends MatchDictionary {
  plan: MatcherPlan;
}

export function planDictionary(dictionary: MatchDictionary): PageDictionary {
  const spelled = withTexSpellings(dictionary.names, dictionary.methodIndex);
  const { names, order, plan } = planMatcher(spelled.names);
  return { ...dictionary, names, methodIndex: order.map((i) => spelled.methodIndex[i]!), plan };
}
