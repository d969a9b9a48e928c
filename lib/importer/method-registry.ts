/**
 * One topic's methods, merged by name and alias so each method exists once, in order of first
 * mention. Facts about a method may come from several pages; the method's own page wins, otherwise
 * the first mention, and any disagreement is reported as a warning.
 */
import type { Method, Status } from '../snapshot/schema';
import { ImportError, quoted } from './errors';
import { unclearCharacterIn } from './method-names';
import type { NamedMethod } from './page';

export interface MethodFacts {
  paperTitle: string;
  firstSeen: string;
  status: Status;
  critiquedBy: number;
  beatenBy: number;
  rank: number;
  family: string;
  subProblem: string;
}

/** Where a fact or mention was printed. */
export interface PageLocation {
  file: string;
  line: number;
  /** True on the method's own page, whose facts win. */
  ownPage?: boolean;
}

type RecordedFacts = { [K in keyof MethodFacts]?: { value: MethodFacts[K]; at: PageLocation } };

export class RegisteredMethod {
  readonly aliases: string[] = [];
  readonly facts: RecordedFacts = {};

  constructor(
    public name: string,
    /** Where the method was first named, for an error about its name or aliases. */
    readonly firstMention: PageLocation,
  ) {}

  /** Where the page printed what a field of the finished method holds: its fact's place, else its first mention. */
  locate(field: PropertyKey | undefined): PageLocation {
    const fact = typeof field === 'string' && Object.hasOwn(this.facts, field) ? this.facts[field as keyof MethodFacts] : undefined;
    return fact?.at ?? this.firstMention;
  }

  toMethod(id: string, topic: string): Method {
    const fact = <K extends keyof MethodFacts>(key: K): MethodFacts[K] | null => this.facts[key]?.value ?? null;
    return {
      id,
      name: this.name,
      aliases: [...this.aliases],
      paperTitle: fact('paperTitle'),
      topic,
      firstSeen: fact('firstSeen'),
      status: fact('status'),
      critiquedBy: fact('critiquedBy'),
      beatenBy: fact('beatenBy'),
      rank: fact('rank'),
      family: fact('family'),
      subProblem: fact('subProblem'),
    };
  }
}

export class MethodRegistry {
  readonly methods: RegisteredMethod[] = [];
  private readonly byLabel = new Map<string, RegisteredMethod>();

  constructor(private readonly warn: (message: string) => void) {}

  /** The method these labels name, registered on first mention; new aliases are added to it. */
  mention(named: NamedMethod, at: PageLocation): RegisteredMethod {
    // A space glued on by a separator the page doubled would make `SEPTQ ` a second method.
    for (const label of [named.name, ...named.aliases]) {
      if (/^\s|\s$|\s\s/.test(label)) throw new ImportError(`the method name ${quoted(label)} has stray spaces`, at.file, at.line);
      const unclear = unclearCharacterIn(label);
      if (unclear) throw new ImportError(`the method name ${quoted(label)} holds ${unclear}`, at.file, at.line);
    }
    const byName = this.byLabel.get(named.name);
    const byAlias = named.aliases.map((alias) => this.byLabel.get(alias)).filter((found) => found !== undefined);
    const found = new Set([byName, ...byAlias].filter((method) => method !== undefined));
    if (found.size > 1) {
      const names = [...found].map((method) => quoted(method.name)).join(' and ');
      throw new ImportError(`${quoted(named.name)} and its aliases name different methods (${names})`, at.file, at.line);
    }
    let method = [...found][0];
    if (!method) {
      method = new RegisteredMethod(named.name, at);
      this.methods.push(method);
    } else if (!byName) {
      // Known only by one of the aliases: fine if it was first mentioned by that alias (`GLVQ`, later
      // `Grouped Lattice Vector Quantization (GLVQ)`), a clash if it is another method's alias.
      if (!named.aliases.includes(method.name)) {
        throw new ImportError(`${quoted(named.name)} gives an alias that belongs to ${quoted(method.name)}`, at.file, at.line);
      }
      method.aliases.unshift(method.name);
      method.name = named.name;
    }
    for (const label of [method.name, ...named.aliases]) {
      if (label !== method.name && !method.aliases.includes(label)) method.aliases.push(label);
      this.byLabel.set(label, method);
    }
    return method;
  }

  record<K extends keyof MethodFacts>(method: RegisteredMethod, key: K, value: MethodFacts[K], at: PageLocation): void {
    const current = method.facts[key];
    const replaces = !!at.ownPage && !current?.at.ownPage;
    if (current && current.value !== value) {
      const kept = replaces ? value : current.value;
      const reason = replaces || current.at.ownPage ? 'the method’s own page wins' : 'the first mention wins';
      this.warn(
        `${method.name}: ${key} is ${JSON.stringify(value)} at ${where(at)} but ${JSON.stringify(current.value)} at ${where(current.at)}; keeping ${JSON.stringify(kept)} (${reason})`,
      );
    }
    if (!current || replaces) method.facts[key] = { value, at } as RecordedFacts[K];
  }
}

export function where(at: PageLocation): string {
  return `${at.file}:${at.line}`;
}
