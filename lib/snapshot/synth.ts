/**
 * Synthetic snapshots for benchmarks and scale tests: any number of methods spread over topics, with
 * names shaped like the knowledge base's real ones and sections as full as a real topic's. Deterministic:
 * the same options always give the same snapshot. Nothing in it is real data.
 */
import { slugify } from './ids';
import {
  FORMAT_VERSION,
  SNAPSHOT_FORMAT,
  type Alternative,
  type Critique,
  type DatedEntry,
  type HeadToHead,
  type Method,
  type Snapshot,
  type Status,
  type SubProblem,
  type TopicDocument,
} from './schema';

export interface SynthOptions {
  methods: number;
  /** Different seeds give different snapshots of the same shape. */
  seed?: number;
  methodsPerTopic?: number;
}

export const MAX_SYNTH_METHODS = 200_000;
const DEFAULT_METHODS_PER_TOPIC = 1_000;
export const DEFAULT_SEED = 1;
/** Fixed, so that the output depends on the options alone. */
export const SYNTH_GENERATED_AT = '2026-06-18T00:00:00.000Z';
const SYNTH_UPDATED = '2026-06-18';
/** The most topics a SnapshotIndex accepts. */
const MAX_TOPICS = 10_000;

/** Per-method averages of the three big sections. */
const CRITIQUES_PER_METHOD = 5;
const RESULTS_PER_METHOD = 20;
const ALTERNATIVES_PER_METHOD = 5;
const METHODS_PER_SUB_PROBLEM = 30;
/** The KB ranks a topic's most-superseded baselines; the top few name the families. */
const RANKED_BASELINES = 12;
const FAMILY_HEADS = 3;
const SUB_PROBLEM_LISTED_IDS = 12;
const FRONTIER_LISTED = 12;

/**
 * Real names from the knowledge base (plus everyday ML terms) that synthetic names must never take, so a
 * benchmark can load the synthetic dictionary next to the real one without two methods sharing a name.
 */
const RESERVED_NAMES = [
  'GPTQ', 'AWQ', 'QuIP#', 'QuIP', 'SmoothQuant', 'LLM.int8()', 'SQ+', 'TAH-Quant',
  'Tile-wise Adaptive Hadamard Quantization', 'TAH-Quant (Tile-wise Adaptive Hadamard Quantization)',
  'Grouped Lattice Vector Quantization', 'GLVQ', 'Grouped Lattice Vector Quantization (GLVQ)', 'PB-LLM', 'SVDQuant',
  'ADMM-Q', 'Bi-VLM', 'FAIR-Calib', 'STaR-Quant', 'AQLM', 'SEPTQ', 'LieQ', 'LFQ', 'QuaRot', 'OmniQuant', 'FlatQuant',
  'SpinQuant', 'AffineQuant', 'FlexRound', 'ZeroQuant', 'SplitQuantV2', 'LRQ', 'AdpQ', 'AQ-SGD', 'AMAQ', 'QServe',
  'APEX4', 'LiquidGEMM', 'QMC', 'ApiQ', 'TesseraQ', 'VLMQ', 'QVGGT', 'ParetoQ', 'EfficientQAT',
  'LLM', 'LLMs', 'GPU', 'CPU', 'TPU', 'API', 'SOTA', 'PTQ', 'QAT', 'FP16', 'FP8', 'INT8', 'INT4', 'BF16', 'MLP', 'FFN',
  'KV', 'PPL', 'SGD', 'MSE', 'BERT', 'GPT', 'OPT', 'MoE', 'LoRA', 'QLoRA', 'ViT', 'CNN', 'RNN', 'NLP', 'MMLU', 'PIQA',
  'GSM8K', 'Adam', 'Avg',
];

const TOPIC_THEMES = [
  'Weight-only quantization', 'KV-cache compression', 'Activation outlier handling', 'Structured pruning',
  'Speculative decoding', 'Knowledge distillation', 'Low-rank adaptation', 'Mixture-of-experts routing',
  'Long-context attention', 'Diffusion model acceleration', 'Vision-language compression', 'Sparse attention kernels',
];

export function synthesizeSnapshot(options: SynthOptions): Snapshot {
  return { generatedAt: SYNTH_GENERATED_AT, topics: [...synthesizeTopics(options)] };
}

/**
 * The snapshot's topics one at a time, so a writer can hold a single topic in memory at any size.
 * Checks the options at once (throwing a RangeError) rather than on the first topic.
 */
export function synthesizeTopics(options: SynthOptions): Generator<TopicDocument, void, undefined> {
  const { methods, seed, methodsPerTopic } = checkOptions(options);
  return generateTopics(methods, seed, methodsPerTopic);
}

function checkOptions(options: SynthOptions): Required<SynthOptions> {
  const { methods, seed = DEFAULT_SEED, methodsPerTopic = DEFAULT_METHODS_PER_TOPIC } = options;
  if (!Number.isInteger(methods) || methods < 1 || methods > MAX_SYNTH_METHODS) {
    throw new RangeError(`methods must be a whole number from 1 to ${MAX_SYNTH_METHODS} (got ${methods})`);
  }
  if (!Number.isInteger(methodsPerTopic) || methodsPerTopic < 1) {
    throw new RangeError(`methods per topic must be a whole number of at least 1 (got ${methodsPerTopic})`);
  }
  const topics = Math.ceil(methods / methodsPerTopic);
  if (topics > MAX_TOPICS) {
    throw new RangeError(
      `${methods} methods at ${methodsPerTopic} per topic make ${topics} topics; an index holds at most ${MAX_TOPICS}`,
    );
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new RangeError(`seed must be a whole number from 0 to ${0xffff_ffff} (got ${seed})`);
  }
  return { methods, seed, methodsPerTopic };
}

function* generateTopics(methods: number, seed: number, methodsPerTopic: number) {
  const random = new Random(seed);
  // One registry for the whole snapshot: names must be unique across topics, not just within one.
  const names = new NameRegistry();
  for (let first = 0, topic = 0; first < methods; first += methodsPerTopic, topic++) {
    yield synthesizeTopic(random, names, topic, Math.min(methodsPerTopic, methods - first));
  }
}

function synthesizeTopic(random: Random, names: NameRegistry, topicIndex: number, size: number): TopicDocument {
  const theme = TOPIC_THEMES[topicIndex % TOPIC_THEMES.length]!;
  const topicName = `${theme} (synthetic ${topicIndex + 1})`;
  const methods = Array.from({ length: size }, () => synthesizeMethod(random, names, topicName));
  const subProblems = assignSubProblems(random, methods);
  const critiques = synthesizeCritiques(random, methods);
  const results = synthesizeResults(random, methods);
  rankBaselines(random, methods);
  return {
    format: SNAPSHOT_FORMAT,
    formatVersion: FORMAT_VERSION,
    topic: {
      name: topicName,
      description: `Synthetic data for benchmarks and scale tests, shaped like a topic on ${theme.toLowerCase()}; nothing in it is real.`,
      papers: methods.filter((method) => method.paperTitle !== null).length + Math.round(size * 0.2),
      critiqueReceipts: critiques.length,
      benchmarkResults: results.length,
      updated: SYNTH_UPDATED,
    },
    methods,
    critiques,
    results,
    alternatives: synthesizeAlternatives(random, methods, subProblems.frontierBySubProblem),
    subProblems: subProblems.entries,
    frontier: synthesizeFrontier(random, methods),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: tiny, fast and plenty for test data. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Uniform whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** Draws indices with probability proportional to their weights. */
class WeightedPicker {
  private readonly runningTotals: Float64Array;
  readonly total: number;

  constructor(weights: readonly number[]) {
    this.runningTotals = new Float64Array(weights.length);
    let total = 0;
    weights.forEach((weight, i) => (this.runningTotals[i] = total += weight));
    this.total = total;
  }

  pick(random: Random): number {
    const target = random.next() * this.total;
    let low = 0;
    let high = this.runningTotals.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.runningTotals[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

/** Splits `total` items over the methods in proportion to their weights (all zero when every weight is). */
function allocate(random: Random, total: number, weights: readonly number[]): Uint32Array {
  const counts = new Uint32Array(weights.length);
  const picker = new WeightedPicker(weights);
  if (picker.total > 0) for (let i = 0; i < total; i++) counts[picker.pick(random)]!++;
  return counts;
}

type StatusOrUnstated = Status | 'unstated';
const statusOf = (method: Method): StatusOrUnstated => method.status ?? 'unstated';

// ---------------------------------------------------------------------------------------------------------
// Names

interface MethodNames {
  name: string;
  aliases: string[];
}

/** Whether two labels would read as the same name: case, spacing and punctuation aside (`Omni-Quant` = `OmniQuant`). */
const nameKey = (label: string) => slugify(label).replace(/-/g, '');

class NameRegistry {
  private readonly taken = new Set(RESERVED_NAMES.map(nameKey));

  /** Takes all the labels, or none when any is already taken. */
  claim(labels: readonly string[]): boolean {
    const keys = labels.map(nameKey);
    if (new Set(keys).size !== keys.length || keys.some((key) => this.taken.has(key))) return false;
    for (const key of keys) this.taken.add(key);
    return true;
  }
}

const UPPER = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const CONSONANTS = [...'bcdfghklmnprstvz'];
const VOWELS = [...'aeiou'];
const SYLLABLE_ENDINGS = ['', '', '', 'n', 'r', 'l', 'x', 's', 'm', 'k'];
const STEMS = [
  'Omni', 'Smooth', 'Flat', 'Spin', 'Affine', 'Flex', 'Split', 'Liquid', 'Tessera', 'Pareto', 'Quark', 'Lumen',
  'Prism', 'Vortex', 'Nimbus', 'Atlas', 'Ember', 'Helix', 'Sigma', 'Kappa', 'Orbit', 'Pivot', 'Rapid', 'Stable',
  'Sparse', 'Dyna', 'Hyper', 'Micro', 'Nano', 'Turbo', 'Swift', 'Coda', 'Mosaic', 'Fusion', 'Cobalt', 'Aurora',
  'Zephyr', 'Photon', 'Granite', 'Quasar',
];
const SUFFIXES = [
  'Quant', 'Q', 'Round', 'Rot', 'GEMM', 'Calib', 'Prune', 'Pack', 'Scale', 'Shift', 'Code', 'Bit', 'Mix', 'Clip',
  'KV', 'Serve', 'Fold', 'Merge', 'Quantizer', 'Lattice', 'Hash', 'Cache',
];
const HYPHEN_TAILS = ['Q', 'Lite', 'Pro', 'Fast'];
const SHORT_PREFIXES = ['Bi', 'Tri', 'Uni', 'Duo', 'Meta', 'Mu'];
const NUMBER_FORMATS = ['int', 'fp', 'nf', 'mx', 'q'];
const BIT_WIDTHS = [2, 3, 4, 6, 8];
const DESCRIPTORS = [
  'Adaptive', 'Tile-wise', 'Hadamard', 'Grouped', 'Lattice', 'Vector', 'Block-wise', 'Channel-wise', 'Layer-wise',
  'Outlier-aware', 'Hessian-guided', 'Low-rank', 'Mixed-precision', 'Residual', 'Sparse', 'Dynamic', 'Learned',
  'Stochastic', 'Orthogonal', 'Incoherent', 'Progressive', 'Token-aware', 'Saliency-driven', 'Kernel',
  'Entropy-coded', 'Balanced', 'Rotated', 'Quadratic', 'Nested', 'Unified', 'Joint', 'Iterative', 'Greedy',
  'Bayesian', 'Spectral', 'Zero-shot', 'Cross-layer', 'Attention-guided', 'Error-compensated', 'Variance-aware',
  'Wavelet', 'Fisher', 'Momentum', 'Elastic', 'Harmonic', 'Ternary', 'Binary', 'Microscaled', 'Polar', 'Kronecker',
  'Cosine', 'Quantile', 'Uniform', 'Jittered', 'Evolutionary', 'Fractional', 'Implicit', 'Nonuniform', 'Permuted',
  'Scaled', 'Twin', 'Windowed', 'Yield-aware', 'Gated', 'Dual', 'Exponent-sharing', 'Ordered', 'Virtual',
];
const HEAD_NOUNS = [
  'Quantization', 'Compression', 'Pruning', 'Calibration', 'Rotation', 'Decomposition', 'Distillation', 'Codebooks',
  'Rounding', 'Smoothing',
];

function acronym(random: Random, length: number): string {
  let letters = '';
  for (let i = 0; i < length; i++) letters += random.pick(UPPER);
  // Many real acronyms end in Q (AWQ, LRQ, GPTQ).
  return random.chance(0.4) ? letters.slice(0, -1) + 'Q' : letters;
}

/** A pronounceable capitalised word such as `Varnix`. */
function syllableWord(random: Random, syllables: number): string {
  let word = '';
  for (let i = 0; i < syllables; i++) {
    word += random.pick(CONSONANTS) + random.pick(VOWELS) + random.pick(SYLLABLE_ENDINGS);
  }
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `OmniQuant`-like; `stretch` > 0 (after collisions) only uses invented stems, longer ones each time. */
function camelCase(random: Random, stretch: number): string {
  const stem = stretch === 0 && random.chance(0.5) ? random.pick(STEMS) : syllableWord(random, 2 + stretch);
  return stem + random.pick(SUFFIXES);
}

/** `QuIP`-, `STaR`-like. */
function mixedCase(random: Random, stretch: number): string {
  return acronym(random, random.int(1, 2)) + random.pick(VOWELS) + acronym(random, random.int(1, 2) + stretch);
}

function multiWord(random: Random, stretch: number): MethodNames {
  const words = new Set<string>();
  const descriptorCount = random.int(2, 3) + stretch;
  while (words.size < descriptorCount) words.add(random.pick(DESCRIPTORS));
  words.add(random.pick(HEAD_NOUNS));
  const name = [...words].join(' ');
  const initials = [...words].map((word) => word.charAt(0).toUpperCase()).join('');
  return { name, aliases: [initials, `${name} (${initials})`] };
}

type NameShape = (random: Random, stretch: number) => MethodNames;
const alone = (name: string): MethodNames => ({ name, aliases: [] });

/** Each shape a real name has, with how common it is. `stretch` grows after collisions, widening the space. */
const NAME_SHAPES: readonly (readonly [NameShape, number])[] = [
  [(random, stretch) => alone(acronym(random, random.int(3, 4) + stretch)), 18], // ZQKV
  [(random, stretch) => alone(camelCase(random, stretch)), 24], // OmniQuant
  [
    (random, stretch) =>
      alone(
        random.chance(0.5)
          ? acronym(random, random.int(3, 4) + stretch) + random.int(2, 9) // APEX4
          : `${camelCase(random, stretch)}V${random.int(2, 4)}`, // SplitQuantV2
      ),
    10,
  ],
  [(random, stretch) => alone(`${mixedCase(random, stretch)}#`), 5], // QuIP#
  [
    (random, stretch) =>
      alone(`${random.chance(0.6) ? acronym(random, random.int(2, 3) + stretch) : camelCase(random, stretch)}+`), // SQ+
    5,
  ],
  [(random, stretch) => alone(hyphenated(random, stretch)), 16], // PB-LLM
  [
    (random, stretch) =>
      alone(`${acronym(random, random.int(2, 4) + stretch)}.${random.pick(NUMBER_FORMATS)}${random.pick(BIT_WIDTHS)}()`), // LLM.int8()
    5,
  ],
  [multiWord, 17], // Grouped Lattice Vector Quantization, alias GLVQ
];
const SHAPE_PICKER = new WeightedPicker(NAME_SHAPES.map(([, weight]) => weight));

function hyphenated(random: Random, stretch: number): string {
  const shortAcronym = () => acronym(random, random.int(2, 4) + stretch);
  switch (random.int(0, 4)) {
    case 0:
      return `${shortAcronym()}-${shortAcronym()}`; // PB-LLM, AQ-SGD
    case 1:
      return `${shortAcronym()}-${random.pick(HYPHEN_TAILS)}`; // ADMM-Q
    case 2:
      return `${random.pick(SHORT_PREFIXES)}-${shortAcronym()}`; // Bi-VLM
    case 3:
      return `${shortAcronym()}-${random.pick(SUFFIXES)}`; // FAIR-Calib
    default:
      return `${mixedCase(random, stretch)}-${random.pick(SUFFIXES)}`; // STaR-Quant
  }
}

function uniqueMethodNames(random: Random, names: NameRegistry): MethodNames {
  // The shape is drawn once, so collisions do not skew the mix of shapes.
  const [shape] = NAME_SHAPES[SHAPE_PICKER.pick(random)]!;
  for (let attempt = 0; ; attempt++) {
    const candidate = shape(random, Math.floor(attempt / 4));
    if (names.claim([candidate.name, ...candidate.aliases])) return candidate;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Methods

const DAY_MS = 86_400_000;
const EARLIEST_FIRST_SEEN = Date.UTC(2021, 0, 1);
const LATEST_FIRST_SEEN = Date.UTC(2026, 5, 17);
/** Methods first seen since then are recent enough to be on the frontier. */
const FRONTIER_SINCE = LATEST_FIRST_SEEN - 270 * DAY_MS;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const FRONTIER_SINCE_DAY = isoDay(FRONTIER_SINCE);

/** Skewed towards recent dates: the field publishes more every year. */
function firstSeenDate(random: Random): string {
  const days = (LATEST_FIRST_SEEN - EARLIEST_FIRST_SEEN) / DAY_MS;
  return isoDay(EARLIEST_FIRST_SEEN + Math.floor(Math.sqrt(random.next()) * (days + 1)) * DAY_MS);
}

function recentDate(random: Random): string {
  return isoDay(FRONTIER_SINCE + random.int(0, (LATEST_FIRST_SEEN - FRONTIER_SINCE) / DAY_MS) * DAY_MS);
}

function statusFor(random: Random, firstSeen: string | null): Status | null {
  if (firstSeen === null) return random.chance(0.5) ? 'superseded' : null;
  if (firstSeen >= FRONTIER_SINCE_DAY) return random.chance(0.8) ? 'frontier' : null;
  const draw = random.next();
  return draw < 0.05 ? 'heavily superseded' : draw < 0.6 ? 'superseded' : null;
}

const TITLE_LEADS = [
  'Accurate', 'Efficient', 'Outlier-Free', 'Hardware-Friendly', 'Calibration-Free', 'Scalable', 'Lossless',
  'Training-Free', 'Robust', 'Fast', 'Simple', 'Memory-Efficient',
];
const TECHNIQUES = [
  'Post-Training Quantization', 'Low-Bit Weight Quantization', 'KV-Cache Compression', 'Mixed-Precision Inference',
  'Rotation-Based Quantization', 'Vector Quantization', 'Activation Smoothing', 'Structured Pruning',
  'Low-Rank Compensation', 'Quantization-Aware Training',
];
const TARGETS = [
  'Large Language Models', 'Vision-Language Models', 'Diffusion Transformers', 'Edge Devices',
  'Long-Context Inference', 'Mixture-of-Experts Models', 'Small Language Models', 'Speech Recognition Models',
];
const SURVEY_LEADS = ['A Systematic Study of', 'Rethinking', 'Revisiting', 'Towards Better', 'On the Limits of', 'Benchmarking'];

function paperTitle(random: Random, name: string): string {
  const subject = `${random.pick(TECHNIQUES)} for ${random.pick(TARGETS)}`;
  return random.chance(0.3)
    ? `${name}: ${random.pick(TITLE_LEADS)} and ${random.pick(TITLE_LEADS)} ${subject}`
    : `${name}: ${random.pick(TITLE_LEADS)} ${subject}`;
}

/** A paper that names no method of its own, such as a survey. */
function surveyTitle(random: Random): string {
  return `${random.pick(SURVEY_LEADS)} ${random.pick(TECHNIQUES)} for ${random.pick(TARGETS)}`;
}

function synthesizeMethod(random: Random, names: NameRegistry, topic: string): Method {
  const { name, aliases } = uniqueMethodNames(random, names);
  const firstSeen = random.chance(0.05) ? null : firstSeenDate(random);
  const status = statusFor(random, firstSeen);
  // Counts start at zero and are filled once the critiques and results exist; some the KB does not give.
  const counted = status !== null || random.chance(0.9);
  return {
    id: slugify(name), // unique because names are unique even ignoring punctuation
    name,
    aliases,
    paperTitle: random.chance(0.08) ? null : paperTitle(random, name),
    topic,
    firstSeen,
    status,
    critiquedBy: counted ? 0 : null,
    beatenBy: counted ? 0 : null,
    rank: null,
    family: null,
    subProblem: null,
  };
}

/** The topic's most critiqued-or-beaten methods get a rank; the top few name the families of the rest. */
function rankBaselines(random: Random, methods: Method[]) {
  const score = (method: Method) => (method.critiquedBy ?? 0) + (method.beatenBy ?? 0);
  const ranked = methods
    .filter((method) => score(method) > 0)
    .sort((a, b) => score(b) - score(a))
    .slice(0, RANKED_BASELINES);
  const familyNames = ranked.slice(0, FAMILY_HEADS).map((method) => method.name);
  ranked.forEach((method, position) => {
    method.rank = position + 1;
    method.family = position < FAMILY_HEADS ? method.name : random.pick(familyNames);
  });
}

/** Sub-problems named after their first method; most methods belong to one. */
function assignSubProblems(random: Random, methods: Method[]) {
  const count = Math.max(1, Math.round(methods.length / METHODS_PER_SUB_PROBLEM));
  const members: Method[][] = Array.from({ length: count }, () => []);
  methods.forEach((method, i) => {
    const subProblem = i < count ? i : random.chance(0.9) ? random.int(0, count - 1) : null;
    if (subProblem === null) return;
    members[subProblem]!.push(method);
    method.subProblem = methods[subProblem]!.name;
  });
  const entries: SubProblem[] = members.map((group) => ({
    name: group[0]!.name,
    methodCount: group.length,
    methodIds: group.slice(0, SUB_PROBLEM_LISTED_IDS).map((method) => method.id),
  }));
  const frontierBySubProblem = new Map(
    members.map((group) => [group[0]!.name, group.filter((method) => method.status === 'frontier')]),
  );
  return { entries, frontierBySubProblem };
}

// ---------------------------------------------------------------------------------------------------------
// Critiques

/** How much more often a method of each status draws critiques and defeats: old baselines draw most. */
const CRITIQUE_WEIGHTS: Record<StatusOrUnstated, number> = {
  'heavily superseded': 15,
  superseded: 4,
  unstated: 1.5,
  frontier: 0.5,
};

const FLAWS = [
  'requires calibration data to choose its scaling factors',
  'suffers substantial accuracy degradation below 3 bits',
  'relies on a codebook lookup that does not fit in the L1 cache',
  'treats all tokens uniformly when minimizing the layer-wise reconstruction loss',
  'cannot protect outlier weights when the scaling factor is too small',
  'is actually slower than FP16 on modern GPUs',
  'needs hours of per-layer optimisation on a single GPU',
  'ignores the interaction between attention heads',
  'collapses to unusable models at 2-bit precision',
  'depends on a hand-tuned migration strength',
];
const STRENGTHS = ['reduces the memory footprint', 'keeps accuracy at 4 bits', 'is simple to apply', 'avoids retraining'];
const CONSEQUENCES = [
  'which limits its use on edge devices',
  'leaving a large gap to full precision',
  'so its perplexity grows quickly at low bit-widths',
  'making deployment costly',
  'particularly on text generation benchmarks',
];

function critiqueQuote(random: Random, name: string): string {
  switch (random.int(0, 4)) {
    case 0:
      return `${name} ${random.pick(FLAWS)}.`;
    case 1:
      return `While ${name} ${random.pick(STRENGTHS)}, it ${random.pick(FLAWS)}, ${random.pick(CONSEQUENCES)}.`;
    case 2:
      return `We observe that ${name} ${random.pick(FLAWS)}, ${random.pick(CONSEQUENCES)}.`;
    case 3:
      return `Like other training-free methods, ${name} ${random.pick(FLAWS)}, ${random.pick(CONSEQUENCES)}.`;
    default: {
      const points = (random.int(300, 800) / 10).toFixed(1);
      const gap = (random.int(5, 150) / 10).toFixed(1);
      return `Among PTQ methods, ${name} achieves ${points} points, but it falls ${gap} points short of full precision.`;
    }
  }
}

/** The KB's count of distinct papers: those listed, plus now and then a few it counts but does not list. */
const paperCount = (random: Random, listed: number) => listed + (listed > 0 && random.chance(0.3) ? random.int(1, 3) : 0);

function synthesizeCritiques(random: Random, methods: Method[]): Critique[] {
  const critiques: Critique[] = [];
  const titles = methods.flatMap((method) => (method.paperTitle === null ? [] : [method.paperTitle]));
  const perMethod = allocate(
    random,
    Math.round(CRITIQUES_PER_METHOD * methods.length),
    methods.map((method) => CRITIQUE_WEIGHTS[statusOf(method)]),
  );
  methods.forEach((method, i) => {
    const sources = new Set<string>();
    for (let n = 0; n < perMethod[i]!; n++) {
      const citing = titles.length > 0 && random.chance(0.85) ? random.pick(titles) : null;
      const sourceTitle = citing === null || citing === method.paperTitle ? surveyTitle(random) : citing;
      sources.add(sourceTitle);
      critiques.push({ methodId: method.id, quote: critiqueQuote(random, method.name), sourceTitle });
    }
    if (method.critiquedBy !== null) method.critiquedBy = paperCount(random, sources.size);
  });
  return critiques;
}

// ---------------------------------------------------------------------------------------------------------
// Head-to-head results

/** Frontier methods are, by definition, not yet beaten. */
const LOSER_WEIGHTS: Record<StatusOrUnstated, number> = {
  'heavily superseded': 25,
  superseded: 5,
  unstated: 1.5,
  frontier: 0,
};
const WINNER_WEIGHTS: Record<StatusOrUnstated, number> = {
  frontier: 5,
  unstated: 2,
  superseded: 1,
  'heavily superseded': 0.2,
};

interface Metric {
  name: string;
  lowerIsBetter: boolean;
}
const METRICS: readonly Metric[] = [
  ...['perplexity', 'Wiki2', 'C4', 'PPL', 'WikiText2 PPL', 'C4 PPL', 'WikiText-2 perplexity'].map((name) => ({
    name,
    lowerIsBetter: true,
  })),
  ...['ArcC', 'ArcE', 'PIQA', 'HellaSwag', 'Winogrande', '0-shot accuracy', 'Avg.', 'MMLU', 'GSM8K', 'LAMBADA acc'].map(
    (name) => ({ name, lowerIsBetter: false }),
  ),
];
const MODELS = [
  'Llama2-7B', 'LLaMA-2-13B', 'L2-7B', '2-70B', 'LLaMA-3-8B', 'LLaMA-3.2B', 'Mistral-7B', 'OPT-6.7B', 'Qwen2.5-7B',
  'LLADA-8B', 'DREAM-7B',
];
/** How sources print the winner when it differs from the method's name, e.g. `QMC (no noise)`. */
const WINNER_LABEL_VARIANTS = [' (no noise)', ' (ours)', '-W4A8', '†', ' + FT', ' (g128)'];

/** The bracketed setting, in the shapes sources print it. */
function benchmarkSetting(random: Random): string {
  const model = random.pick(MODELS);
  const bits = random.pick(BIT_WIDTHS);
  switch (random.int(0, 6)) {
    case 0:
      return `${bits}-bit`;
    case 1:
      return `${model}, ${bits}-bit`;
    case 2:
      return `${model} ${bits}.00 bits`;
    case 3:
      return `${model}, ${bits} bits`;
    case 4:
      return `W${bits}A${bits} (${bits}-bit weight and activation) on ${model}`;
    case 5:
      return `${model}, A:${bits}, W:${bits}, A:INT${bits}, W:INT${bits}`;
    default:
      return model;
  }
}

/** Printed values, winner's first: whole hundredths (or tenths) so rounding never makes them tie. */
function printedValues(random: Random, metric: Metric): [string, string] {
  if (metric.lowerIsBetter) {
    const winner = 300 + Math.floor(4_000 * random.next() ** 3);
    // Now and then a baseline falls apart (`68.62 vs 251.84`).
    const loser = random.chance(0.03)
      ? Math.round(winner * (2 + 8 * random.next()))
      : winner + 1 + Math.floor(winner * 0.25 * random.next() ** 2);
    return [(winner / 100).toFixed(2), random.chance(0.01) ? 'OOM' : (loser / 100).toFixed(2)];
  }
  const decimals = random.chance(0.5) ? 1 : 2;
  const unit = 10 ** decimals;
  const winner = random.int(25 * unit, 90 * unit);
  const loser = winner - random.int(1, 10 * unit);
  return [(winner / unit).toFixed(decimals), (loser / unit).toFixed(decimals)];
}

const printedNumber = (value: string) => (/^\d+(\.\d+)?$/.test(value) ? Number(value) : null);

/** A winner other than the loser, newer than it when a few draws allow. */
function pickWinner(random: Random, winners: WeightedPicker, methods: Method[], loser: Method): Method {
  let fallback: Method | undefined;
  for (let attempt = 0; attempt < 4; attempt++) {
    const candidate = methods[winners.pick(random)]!;
    if (candidate === loser) continue;
    if (candidate.firstSeen === null || loser.firstSeen === null || candidate.firstSeen >= loser.firstSeen) return candidate;
    fallback ??= candidate;
  }
  return fallback ?? methods[(methods.indexOf(loser) + 1) % methods.length]!;
}

function synthesizeResults(random: Random, methods: Method[]): HeadToHead[] {
  const results: HeadToHead[] = [];
  if (methods.length < 2) return results;
  const perLoser = allocate(
    random,
    Math.round(RESULTS_PER_METHOD * methods.length),
    methods.map((method) => LOSER_WEIGHTS[statusOf(method)]),
  );
  const winners = new WeightedPicker(methods.map((method) => WINNER_WEIGHTS[statusOf(method)]));
  methods.forEach((loser, i) => {
    const papers = new Set<string>();
    // Results come in runs: one paper reports several metrics and settings against the same baseline.
    for (let remaining = perLoser[i]!; remaining > 0; ) {
      const winner = pickWinner(random, winners, methods, loser);
      const sourceTitle = winner.paperTitle ?? surveyTitle(random);
      const winnerLabel = random.chance(0.06) ? winner.name + random.pick(WINNER_LABEL_VARIANTS) : null;
      const run = Math.min(remaining, random.int(1, 6));
      for (let n = 0; n < run; n++) {
        const metric = random.pick(METRICS);
        const [winnerValue, loserValue] = printedValues(random, metric);
        results.push({
          winnerId: winner.id,
          winnerLabel,
          loserId: loser.id,
          sourceTitle,
          metric: metric.name,
          setting: random.chance(0.2) ? null : benchmarkSetting(random),
          winnerValue,
          loserValue,
          winnerNumber: printedNumber(winnerValue),
          loserNumber: printedNumber(loserValue),
        });
      }
      papers.add(sourceTitle);
      remaining -= run;
    }
    if (loser.beatenBy !== null) loser.beatenBy = paperCount(random, papers.size);
  });
  return results;
}

// ---------------------------------------------------------------------------------------------------------
// Newer alternatives and the frontier

const byDateDescending = (a: DatedEntry, b: DatedEntry) => (b.date ?? '').localeCompare(a.date ?? '');

/** Newer frontier methods of the same sub-problem; like the KB, some entries give a date and no name. */
function synthesizeAlternatives(
  random: Random,
  methods: Method[],
  frontierBySubProblem: ReadonlyMap<string, Method[]>,
): Alternative[] {
  const alternatives: Alternative[] = [];
  const topicFrontier = methods.filter((method) => method.status === 'frontier');
  const perMethod = allocate(
    random,
    Math.round(ALTERNATIVES_PER_METHOD * methods.length),
    methods.map((method) => (method.status === 'frontier' ? 0 : 1)),
  );
  methods.forEach((method, i) => {
    const sameSubProblem = method.subProblem === null ? [] : (frontierBySubProblem.get(method.subProblem) ?? []);
    const pool = sameSubProblem.length > 0 ? sameSubProblem : topicFrontier;
    const listed = new Set<string>();
    const entries: DatedEntry[] = [];
    for (let n = 0; n < perMethod[i]!; n++) {
      const newer = pool.length > 0 && random.chance(0.65) ? random.pick(pool) : null;
      if (newer === null || listed.has(newer.id)) {
        entries.push({ methodId: null, date: recentDate(random) });
      } else {
        listed.add(newer.id);
        entries.push({ methodId: newer.id, date: newer.firstSeen });
      }
    }
    for (const entry of entries.sort(byDateDescending)) alternatives.push({ ...entry, ofMethodId: method.id });
  });
  return alternatives;
}

function synthesizeFrontier(random: Random, methods: Method[]): DatedEntry[] {
  const newest: DatedEntry[] = methods
    .filter((method) => method.status === 'frontier')
    .map((method) => ({ methodId: method.id, date: method.firstSeen }))
    .sort(byDateDescending)
    .slice(0, FRONTIER_LISTED - 3);
  const unnamed = Array.from({ length: random.int(1, 3) }, () => ({ methodId: null, date: recentDate(random) }));
  return [...newest, ...unnamed].sort(byDateDescending).slice(0, FRONTIER_LISTED);
}
