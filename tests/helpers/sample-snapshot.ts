/**
 * A small handmade snapshot: two topics, six methods, with critiques, head-to-head results, newer
 * alternatives, sub-problems and a frontier. Every call returns fresh objects, free to mutate.
 */
import type { Method, Snapshot, TopicDocument } from '@/lib/snapshot/schema';

const GPTQ_PAPER = 'GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers';
export const AWQ_PAPER = 'AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration';
export const QUIP_PAPER = 'QuIP#: Even Better LLM Quantization with Hadamard Incoherence and Lattice Codebooks';
const ADAMW_PAPER = 'Decoupled Weight Decay Regularization';

function method(fields: Partial<Method> & Pick<Method, 'id' | 'name' | 'topic'>): Method {
  return {
    aliases: [],
    paperTitle: null,
    firstSeen: null,
    status: null,
    critiquedBy: null,
    beatenBy: null,
    rank: null,
    family: null,
    subProblem: null,
    ...fields,
  };
}

function quantization(): TopicDocument {
  const topic = 'LLM quantization';
  return {
    format: 'method-lens-snapshot',
    formatVersion: 1,
    topic: {
      name: topic,
      description: 'Compressing large language model weights and activations to few bits.',
      papers: 42,
      critiqueReceipts: 3,
      benchmarkResults: 3,
      updated: '2025-05-01',
    },
    methods: [
      method({
        id: 'gptq',
        name: 'GPTQ',
        aliases: ['OPTQ'],
        paperTitle: GPTQ_PAPER,
        topic,
        firstSeen: '2022-10-31',
        status: 'heavily superseded',
        critiquedBy: 2,
        beatenBy: 3,
        rank: 1,
        family: 'GPTQ',
        subProblem: 'Weight-only quantization',
      }),
      method({
        id: 'awq',
        name: 'AWQ',
        aliases: ['Activation-aware Weight Quantization'],
        paperTitle: AWQ_PAPER,
        topic,
        firstSeen: '2023-06-01',
        status: 'superseded',
        critiquedBy: 1,
        beatenBy: 1,
        rank: 2,
        subProblem: 'Weight-only quantization',
      }),
      method({
        id: 'smoothquant',
        name: 'SmoothQuant',
        topic,
        firstSeen: '2022-11-18',
        status: 'superseded',
        rank: 3,
        subProblem: 'Weight-activation quantization',
      }),
      method({ id: 'quip-sharp', name: 'QuIP#', paperTitle: QUIP_PAPER, topic, firstSeen: '2024-02-06', status: 'frontier' }),
    ],
    critiques: [
      { methodId: 'gptq', quote: 'GPTQ overfits its calibration set.', sourceTitle: AWQ_PAPER },
      { methodId: 'awq', quote: 'AWQ leaves accuracy on the table at 2 bits.', sourceTitle: QUIP_PAPER },
      { methodId: 'gptq', quote: 'GPTQ collapses at 2 bits.', sourceTitle: 'quip#: even better LLM quantization with hadamard incoherence and lattice codebooks' },
    ],
    results: [
      result('awq', 'gptq', AWQ_PAPER, '6.24', '6.29'),
      { ...result('quip-sharp', 'gptq', QUIP_PAPER, '8.22', '36.8'), winnerLabel: 'QuIP# (no fine-tuning)' },
      result('quip-sharp', 'awq', QUIP_PAPER, '8.22', '12.1'),
    ],
    alternatives: [
      { ofMethodId: 'gptq', methodId: 'awq', date: '2023-06-01' },
      { ofMethodId: 'gptq', methodId: 'quip-sharp', date: '2024-02-06' },
      { ofMethodId: 'gptq', methodId: null, date: '2024-05-01' },
    ],
    subProblems: [
      { name: 'Weight-only quantization', methodCount: 3, methodIds: ['gptq', 'awq', 'quip-sharp'] },
      { name: 'Weight-activation quantization', methodCount: 1, methodIds: ['smoothquant'] },
    ],
    frontier: [
      { methodId: 'quip-sharp', date: '2024-02-06' },
      { methodId: null, date: '2024-09-01' },
    ],
  };
}

function optimizers(): TopicDocument {
  const topic = 'Optimizers';
  return {
    format: 'method-lens-snapshot',
    formatVersion: 1,
    topic: { name: topic, description: null, papers: 7, critiqueReceipts: 1, benchmarkResults: 1, updated: '2025-04-20' },
    methods: [
      method({ id: 'adam', name: 'Adam', aliases: ['ADAM optimizer'], topic, status: 'heavily superseded', rank: 1, beatenBy: 1 }),
      method({ id: 'adamw', name: 'AdamW', aliases: ['Decoupled weight decay'], paperTitle: ADAMW_PAPER, topic, status: 'frontier' }),
    ],
    critiques: [{ methodId: 'adam', quote: 'L2 regularisation is not weight decay for Adam.', sourceTitle: ADAMW_PAPER }],
    results: [result('adamw', 'adam', ADAMW_PAPER, '91.2', '90.1')],
    alternatives: [{ ofMethodId: 'adam', methodId: 'adamw', date: '2017-11-14' }],
    subProblems: [],
    // Frontier entries may name methods of other topics.
    frontier: [{ methodId: 'quip-sharp', date: '2024-02-06' }],
  };
}

function result(winnerId: string, loserId: string, sourceTitle: string, winnerValue: string, loserValue: string) {
  return {
    winnerId,
    winnerLabel: null,
    loserId,
    sourceTitle,
    metric: 'WikiText-2 perplexity',
    setting: 'Llama-2-7B, 3-bit',
    winnerValue,
    loserValue,
    winnerNumber: Number(winnerValue),
    loserNumber: Number(loserValue),
  };
}

export function sampleSnapshot(): Snapshot {
  return { generatedAt: '2025-05-02T10:00:00Z', topics: [quantization(), optimizers()] };
}
