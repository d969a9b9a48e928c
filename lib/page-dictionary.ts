/**
 * The match dictionary as the background hands it to pages: its names normalised and in match order,
 * with the matcher's plan (`planMatcher`), so that each page builds its matcher in time that grows
 * with the number of name groups, not of names. Made once per snapshot and set of muted methods.
 */
import { planMatcher, type MatcherPlan } from '@/lib/match/matcher';
import type { MatchDictionary } from '@/lib/store/read';

export interface PageDictionary extends MatchDictionary {
  plan: MatcherPlan;
}

export function planDictionary(dictionary: MatchDictionary): PageDictionary {
  const { names, order, plan } = planMatcher(dictionary.names);
  return { ...dictionary, names, methodIndex: order.map((i) => dictionary.methodIndex[i]!), plan };
}
