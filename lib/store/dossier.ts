/**
 * A dossier: everything one topic says about one method (the critiques of it, the results it lost
 * and won, its newer alternatives, those it is listed as a newer alternative of, its frontier
 * listing) or about one source paper (the critiques it makes). Dossiers are
 * stored packed into pages of UTF-8 JSON bytes: IndexedDB in Chromium writes bytes several times
 * faster than the same data as structured objects, and its cost per record (~0.1 ms) makes a record
 * per critique or result far too slow at a million results (bench:sync).
 *
 * Bytes are what an import waits for, so a page is written compactly, by hand rather than with a
 * general compressor (fflate or CompressionStream cost more time than the writes they save):
 * - rows are tuples, not objects (field names were half of a result's bytes), and the method a
 *   dossier belongs to is implied;
 * - every string longer than SHARED_MIN is stored once per page, in its string table, and rows hold
 *   its index: source titles, metrics and settings repeat across a page's rows (0.57× the bytes on
 *   synthetic snapshots).
 */
import type { Alternative, Critique, HeadToHead } from '../snapshot/schema';

/** A topic's frontier naming the method: the KB's "recent methods not yet superseded". */
export interface FrontierListing {
  topic: string;
  date: string | null;
}

export interface MethodDossier {
  /** Critiques of the method. */
  critiques: Critique[];
  /** Results the method lost. */
  losses: HeadToHead[];
  /** Results the method won. */
  wins: HeadToHead[];
  /** Newer alternatives of the method. */
  alternatives: Alternative[];
  /** Entries naming the method as a newer alternative of another. */
  alternativeTo: Alternative[];
  /** Where the topic's frontier lists the method. */
  frontier: FrontierListing[];
}

export interface SourceDossier {
  /** Critiques that one source paper makes. */
  made: Critique[];
}

/** A string as a page holds it: itself, or its index in the page's string table. */
type Text = string | number;
type CritiqueRow = [quote: Text, sourceTitle: Text];
type MadeRow = [methodId: Text, quote: Text, sourceTitle: Text];
/** A result seen from one side: `otherId` is the winner of a loss, the loser of a win. */
type ResultRow = [
  otherId: Text,
  winnerLabel: Text | null,
  sourceTitle: Text,
  metric: Text,
  setting: Text | null,
  winnerValue: Text,
  loserValue: Text,
  winnerNumber: number | null,
  loserNumber: number | null,
];
type AlternativeRow = [methodId: Text | null, date: Text | null];
type AlternativeToRow = [ofMethodId: Text, date: Text | null];
type FrontierRow = [topic: Text, date: Text | null];

/** A dossier as a page holds it; empty lists are left out. */
export interface EncodedDossier {
  c?: CritiqueRow[];
  l?: ResultRow[];
  w?: ResultRow[];
  a?: AlternativeRow[];
  /** Absent in pages laid out before store layout 2 (`LAYOUT_VERSION`), like an empty list. */
  t?: AlternativeToRow[];
  f?: FrontierRow[];
  m?: MadeRow[];
}

/** A decoded page: its string table, its dossiers, and the names of its topic's methods they mention. */
export interface Page {
  strings: string[];
  dossiers: EncodedDossier[];
  names: Record<string, string>;
}

/** Strings this long or shorter are written out: an index would save little. */
const SHARED_MIN = 8;

/**
 * Builds one page: dossiers are added one at a time (each gets the next slot), and `size` estimates
 * the JSON length so far, so the caller can close the page when it is full. Rows are arrays turned
 * into JSON once per page by `JSON.stringify`, which writes one flat string: building the JSON by
 * hand made ropes that cost more to flatten and encode than they saved.
 */
export class PageBuilder {
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly dossiers: EncodedDossier[] = [];
  private readonly names = new Map<string, string>();
  private estimate = 0;

  get size(): number {
    return this.estimate;
  }

  get dossierCount(): number {
    return this.dossiers.length;
  }

  /** Adds a method's dossier; returns its slot. */
  addMethodDossier(dossier: MethodDossier): number {
    const encoded: EncodedDossier = {};
    if (dossier.critiques.length) encoded.c = dossier.critiques.map((critique) => [this.text(critique.quote), this.text(critique.sourceTitle)]);
    if (dossier.losses.length) encoded.l = dossier.losses.map((result) => this.resultRow(result, result.winnerId));
    if (dossier.wins.length) encoded.w = dossier.wins.map((result) => this.resultRow(result, result.loserId));
    if (dossier.alternatives.length) {
      encoded.a = dossier.alternatives.map((alternative) => [this.nullableText(alternative.methodId), this.nullableText(alternative.date)]);
    }
    if (dossier.alternativeTo.length) {
      encoded.t = dossier.alternativeTo.map((alternative) => [this.text(alternative.ofMethodId), this.nullableText(alternative.date)]);
    }
    if (dossier.frontier.length) encoded.f = dossier.frontier.map((listing) => [this.text(listing.topic), this.nullableText(listing.date)]);
    const rows = dossier.critiques.length * 2 + (dossier.losses.length + dossier.wins.length) * 9;
    this.estimate += 8 * (rows + (dossier.alternatives.length + dossier.alternativeTo.length + dossier.frontier.length) * 2) + 8;
    return this.dossiers.push(encoded) - 1;
  }

  /** Adds a source paper's dossier; returns its slot. */
  addSourceDossier(dossier: SourceDossier): number {
    this.estimate += 8 * dossier.made.length * 3 + 8;
    return this.dossiers.push({ m: dossier.made.map((critique) => [this.text(critique.methodId), this.text(critique.quote), this.text(critique.sourceTitle)]) }) - 1;
  }

  /** Records the name of a method of the page's own topic that its dossiers mention. */
  addName(id: string, name: string): void {
    if (this.names.has(id)) return;
    this.names.set(id, name);
    this.estimate += id.length + name.length + 6;
  }

  /** The page as UTF-8 JSON: `{"s": strings, "d": dossiers, "n": names}`. */
  toBytes(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify({ s: this.strings, d: this.dossiers, n: Object.fromEntries(this.names) }));
  }

  private resultRow(result: HeadToHead, otherId: string): ResultRow {
    return [
      this.text(otherId),
      this.nullableText(result.winnerLabel),
      this.text(result.sourceTitle),
      this.text(result.metric),
      this.nullableText(result.setting),
      this.text(result.winnerValue),
      this.text(result.loserValue),
      result.winnerNumber,
      result.loserNumber,
    ];
  }

  private nullableText(value: string | null): Text | null {
    return value === null ? null : this.text(value);
  }

  /** Short strings as themselves, longer ones as their index in the string table. */
  private text(value: string): Text {
    if (value.length <= SHARED_MIN) {
      this.estimate += value.length;
      return value;
    }
    let index = this.stringIndex.get(value);
    if (index === undefined) {
      index = this.strings.push(value) - 1;
      this.stringIndex.set(value, index);
      this.estimate += value.length + 3;
    }
    return index;
  }
}

export function decodePage(bytes: Uint8Array): Page {
  const { s, d, n } = JSON.parse(new TextDecoder().decode(bytes)) as { s: string[]; d: EncodedDossier[]; n: Record<string, string> };
  return { strings: s, dossiers: d, names: n };
}

export function decodeMethodDossier(methodId: string, encoded: EncodedDossier, strings: readonly string[]): MethodDossier {
  const text = textReader(strings);
  return {
    critiques: (encoded.c ?? []).map(([quote, sourceTitle]) => ({ methodId, quote: text(quote), sourceTitle: text(sourceTitle) })),
    losses: (encoded.l ?? []).map((row) => result(row, text(row[0]), methodId, text)),
    wins: (encoded.w ?? []).map((row) => result(row, methodId, text(row[0]), text)),
    alternatives: (encoded.a ?? []).map(([alternativeId, date]) => ({
      methodId: nullableText(alternativeId, text),
      date: nullableText(date, text),
      ofMethodId: methodId,
    })),
    alternativeTo: (encoded.t ?? []).map(([ofMethodId, date]) => ({ methodId, date: nullableText(date, text), ofMethodId: text(ofMethodId) })),
    frontier: (encoded.f ?? []).map(([topic, date]) => ({ topic: text(topic), date: nullableText(date, text) })),
  };
}

export function decodeSourceDossier(encoded: EncodedDossier, strings: readonly string[]): SourceDossier {
  const text = textReader(strings);
  return { made: (encoded.m ?? []).map(([methodId, quote, sourceTitle]) => ({ methodId: text(methodId), quote: text(quote), sourceTitle: text(sourceTitle) })) };
}

function textReader(strings: readonly string[]): (value: Text) => string {
  return (value) => (typeof value === 'number' ? strings[value]! : value);
}

function nullableText(value: Text | null, text: (value: Text) => string): string | null {
  return value === null ? null : text(value);
}

function result(row: ResultRow, winnerId: string, loserId: string, text: (value: Text) => string): HeadToHead {
  const [, winnerLabel, sourceTitle, metric, setting, winnerValue, loserValue, winnerNumber, loserNumber] = row;
  return {
    winnerId,
    winnerLabel: nullableText(winnerLabel, text),
    loserId,
    sourceTitle: text(sourceTitle),
    metric: text(metric),
    setting: nullableText(setting, text),
    winnerValue: text(winnerValue),
    loserValue: text(loserValue),
    winnerNumber,
    loserNumber,
  };
}
