/**
 * Our scripts' command lines. `--help` prints the usage and exits before any work: a benchmark builds,
 * writes hundreds of megabytes and runs for minutes. An unknown option or a missing value is said with
 * the usage, not a stack trace, and exits with code 1.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export function readCommandLine<const O extends ParseArgsOptionsConfig>(script: string, usage: string, options: O) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs({ args, options, strict: true }).values;
  } catch (error) {
    return usageError(script, usage, (error as Error).message);
  }
}

/** Says what is wrong with the command line, and the usage, then exits with code 1. */
export function usageError(script: string, usage: string, problem: string): never {
  console.error(`${script}: ${problem}\n${usage}`);
  process.exit(1);
}
