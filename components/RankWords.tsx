/**
 * A method's place in its topic's ranking (the KB's "Most-superseded baselines"), as the card, the page
 * list and the record all say it. A KB of several topics ranks each one's baselines apart, so the topic
 * is always named: "#1 among the most-superseded baselines in LLM quantization". Isolated (`<bdi>`): the
 * card's and the record's own words follow it.
 */
import { formatCount } from '@/lib/format';

export function RankWords({ rank, topic }: { rank: number; topic: string }) {
  return (
    <>
      #{formatCount(rank)} among the most-superseded baselines in <bdi>{topic}</bdi>
    </>
  );
}
