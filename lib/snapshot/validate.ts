/**
 * Checks what zod's shapes cannot: that a topic document is internally consistent and that every
 * method it mentions exists. Returns plain-language problems; an empty list means the document is sound.
 */
import type { TopicDocument } from './schema';

const MAX_PROBLEMS = 20;

export function findTopicProblems(doc: TopicDocument, otherTopicsMethodIds: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  const add = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const topic = doc.topic.name;
  const ids = new Set<string>();
  const names = new Map<string, string>();
  for (const method of doc.methods) {
    if (ids.has(method.id) || otherTopicsMethodIds.has(method.id)) add(`method id "${method.id}" appears more than once`);
    ids.add(method.id);
    if (method.topic !== topic) add(`method "${method.id}" says topic "${method.topic}" inside topic "${topic}"`);
    for (const label of [method.name, ...method.aliases]) {
      const owner = names.get(label);
      if (owner !== undefined && owner !== method.id) add(`name "${label}" belongs to both "${owner}" and "${method.id}"`);
      names.set(label, method.id);
    }
  }
  const known = (id: string) => ids.has(id) || otherTopicsMethodIds.has(id);
  const check = (id: string | null, where: string) => {
    if (id !== null && !known(id)) add(`${where} points at unknown method "${id}"`);
  };
  doc.critiques.forEach((critique, i) => check(critique.methodId, `critique ${i + 1}`));
  doc.results.forEach((result, i) => {
    check(result.winnerId, `result ${i + 1} (winner)`);
    check(result.loserId, `result ${i + 1} (loser)`);
    if (result.winnerId === result.loserId) add(`result ${i + 1} has "${result.winnerId}" beating itself`);
  });
  doc.alternatives.forEach((alternative, i) => {
    check(alternative.ofMethodId, `alternative ${i + 1}`);
    check(alternative.methodId, `alternative ${i + 1}`);
  });
  doc.subProblems.forEach((subProblem) =>
    subProblem.methodIds.forEach((id) => check(id, `sub-problem "${subProblem.name}"`)),
  );
  doc.frontier.forEach((entry, i) => check(entry.methodId, `frontier entry ${i + 1}`));
  return problems;
}
