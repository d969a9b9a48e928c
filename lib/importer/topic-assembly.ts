/**
 * Collects everything the pages say about one topic and turns it into a TopicDocument. Pages are
 * added in import order and read top to bottom, which fixes the order of methods (first mention).
 */
import { IdAllocator } from '../snapshot/ids';
import { FORMAT_VERSION, SNAPSHOT_FORMAT, type TopicDocument, type TopicInfo } from '../snapshot/schema';
import { ImportError, quoted } from './errors';
import { MethodRegistry, type MethodFacts, type PageLocation, type RegisteredMethod } from './method-registry';
import { methodNameFromTitle, parseListedName } from './method-names';
import type { ListEntry, MethodPage, OverviewPage, PageResult } from './page';
import { parsePrintedNumber } from './printed-numbers';

/** Each part of the document keeps where its page printed it, for an error found in the finished document. */
interface Located {
  at: PageLocation;
}

interface Critique extends Located {
  method: RegisteredMethod;
  quote: string;
  sourceTitle: string;
}

interface Result extends Omit<PageResult, 'winner' | 'line'>, Located {
  winner: RegisteredMethod;
  loser: RegisteredMethod;
}

interface DatedMention extends Located {
  method: RegisteredMethod | null;
  date: string | null;
}

interface SubProblem extends Located {
  name: string;
  methodCount: number;
  members: RegisteredMethod[];
}

export class TopicAssembly {
  private info: TopicInfo;
  private overviewFile: string | null = null;
  private readonly registry: MethodRegistry;
  private readonly ownPages = new Map<RegisteredMethod, string>();
  private readonly critiques: Critique[] = [];
  private readonly results: Result[] = [];
  private readonly alternatives: (DatedMention & { of: RegisteredMethod })[] = [];
  private readonly subProblems: SubProblem[] = [];
  private readonly frontier: DatedMention[] = [];

  constructor(name: string, warn: (message: string) => void) {
    // Without an overview page the topic is known only by name.
    this.info = { name, description: null, papers: null, critiqueReceipts: null, benchmarkResults: null, updated: null };
    this.registry = new MethodRegistry(warn);
  }

  addMethodPage(page: MethodPage): void {
    const own: PageLocation = { file: page.file, line: 1, ownPage: true };
    // A page titled `Name (Alias)` names its method as a list entry does.
    const method = this.registry.mention(parseListedName(page.name), own);
    const earlierPage = this.ownPages.get(method);
    if (earlierPage) throw new ImportError(`${quoted(method.name)} already has a page in this import (${earlierPage})`, page.file, 1);
    this.ownPages.set(method, page.file);
    const { paperTitle, firstSeen, status, critiquedBy, beatenBy } = page;
    this.recordPresent(method, { paperTitle, firstSeen, status, critiquedBy, beatenBy }, own);

    for (const critique of page.critiques) {
      const at = { file: page.file, line: critique.line };
      this.mentionTitle(critique.sourceTitle, at);
      this.critiques.push({ method, quote: critique.quote, sourceTitle: critique.sourceTitle, at });
    }
    for (const { winner: winnerName, line, ...result } of page.results) {
      const at = { file: page.file, line };
      this.mentionTitle(result.sourceTitle, at);
      const winner = this.registry.mention({ name: winnerName, aliases: [] }, at);
      if (winner === method) throw new ImportError(`the result has ${quoted(method.name)} beating itself`, page.file, line);
      this.results.push({ ...result, winner, loser: method, at });
    }
    for (const entry of page.alternatives) {
      this.alternatives.push({ method: this.mentionEntry(entry, page.file), date: entry.date, of: method, at: { file: page.file, line: entry.line } });
    }
  }

  addOverviewPage(page: OverviewPage): void {
    if (this.overviewFile) throw new ImportError(`the topic ${quoted(this.info.name)} already has an overview page (${this.overviewFile})`, page.file, 1);
    this.overviewFile = page.file;
    this.info = page.topic;

    for (const ranked of page.ranking) {
      const at = { file: page.file, line: ranked.line };
      const method = this.registry.mention({ name: ranked.name, aliases: [] }, at);
      // The family label names the method whose line of work this is, so it is a method too.
      this.registry.mention({ name: ranked.family, aliases: [] }, at);
      const { rank, family, paperTitle, critiquedBy, beatenBy } = ranked;
      this.recordPresent(method, { rank, family, paperTitle, critiquedBy, beatenBy }, at);
    }
    for (const subProblem of page.subProblems) {
      const at = { file: page.file, line: subProblem.line };
      const members = subProblem.members.map((named) => {
        const method = this.registry.mention(named, at);
        this.registry.record(method, 'subProblem', subProblem.name, at);
        return method;
      });
      this.subProblems.push({ name: subProblem.name, methodCount: subProblem.methodCount, members, at });
    }
    for (const entry of page.frontier) {
      const at = { file: page.file, line: entry.line };
      const method = this.mentionEntry(entry, page.file);
      // Being listed in "The frontier" is the page stating that status.
      if (method) this.registry.record(method, 'status', 'frontier', at);
      this.frontier.push({ method, date: entry.date, at });
    }
  }

  /** The names of the topic's methods, once every page is added. */
  methodNames(): string[] {
    return this.registry.methods.map((method) => method.name);
  }

  /**
   * Where the pages printed the part of the finished document at `path` (`['results', 1, 'metric']`);
   * undefined for the topic's own fields, which the error quotes instead.
   */
  locate([list, index, field]: readonly PropertyKey[]): PageLocation | undefined {
    if (typeof index !== 'number') return undefined;
    if (list === 'methods') return this.registry.methods[index]?.locate(field);
    const parts: Record<string, readonly Located[]> = {
      critiques: this.critiques,
      results: this.results,
      alternatives: this.alternatives,
      subProblems: this.subProblems,
      frontier: this.frontier,
    };
    return typeof list === 'string' ? parts[list]?.[index]?.at : undefined;
  }

  toDocument(ids: IdAllocator): TopicDocument {
    const idOf = new Map(this.registry.methods.map((method) => [method, ids.idFor(method.name)]));
    const id = (method: RegisteredMethod) => idOf.get(method)!;
    const optionalId = (method: RegisteredMethod | null) => (method ? id(method) : null);
    return {
      format: SNAPSHOT_FORMAT,
      formatVersion: FORMAT_VERSION,
      topic: this.info,
      methods: this.registry.methods.map((method) => method.toMethod(id(method), this.info.name)),
      critiques: this.critiques.map(({ method, quote, sourceTitle }) => ({ methodId: id(method), quote, sourceTitle })),
      results: this.results.map(({ winner, loser, winnerLabel, sourceTitle, metric, setting, winnerValue, loserValue }) => ({
        winnerId: id(winner),
        winnerLabel,
        loserId: id(loser),
        sourceTitle,
        metric,
        setting,
        winnerValue,
        loserValue,
        winnerNumber: parsePrintedNumber(winnerValue),
        loserNumber: parsePrintedNumber(loserValue),
      })),
      alternatives: this.alternatives.map(({ method, date, of }) => ({ methodId: optionalId(method), date, ofMethodId: id(of) })),
      subProblems: this.subProblems.map(({ name, methodCount, members }) => ({ name, methodCount, methodIds: members.map(id) })),
      frontier: this.frontier.map(({ method, date }) => ({ methodId: optionalId(method), date })),
    };
  }

  /** A title such as `QuIP#: Even Better…` introduces a method, which gets that title as its paper. */
  private mentionTitle(title: string, at: PageLocation): void {
    const name = methodNameFromTitle(title);
    if (name !== null) this.registry.record(this.registry.mention({ name, aliases: [] }, at), 'paperTitle', title, at);
  }

  private mentionEntry(entry: ListEntry, file: string): RegisteredMethod | null {
    if (!entry.method) return null;
    const at = { file, line: entry.line };
    const method = this.registry.mention(entry.method, at);
    if (entry.paperTitle !== null) this.registry.record(method, 'paperTitle', entry.paperTitle, at);
    return method;
  }

  /** Records the facts a page states; a null means the page does not say, so nothing is recorded. */
  private recordPresent(method: RegisteredMethod, facts: { [K in keyof MethodFacts]?: MethodFacts[K] | null }, at: PageLocation): void {
    for (const key of Object.keys(facts) as (keyof MethodFacts)[]) {
      const value = facts[key];
      if (value !== null && value !== undefined) this.registry.record(method, key, value, at);
    }
  }
}
