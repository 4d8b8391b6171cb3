/**
 * What a command takes, said once: its options with one help line each, its arguments and an example. Parsing
 * through it gives every command `--help` (and `-h`) and usage errors that name the option and point to the help.
 */
import { parseArgs } from 'node:util';
import { ArchiveError } from '../core/errors.js';

type OptionConfig = { type: 'string' | 'boolean'; short?: string; default?: string | boolean };

/** A command's options (parseArgs' own configuration) and its help, kept side by side. */
export interface CommandSpec<O extends Record<string, OptionConfig>> {
  /** The words after `dateline`, e.g. "ingest". */
  name: string;
  /** The arguments, e.g. "PATH..."; empty when the command takes none (any is then refused). */
  args: string;
  /** What the command does, a sentence or two. */
  about: string;
  options: O;
  /** Per option: the value it takes ('' for a switch) and what it does, one line. */
  help: { readonly [K in keyof O]: readonly [value: string, text: string] };
  /** Command lines to copy, each as typed after `dateline`. */
  examples: readonly string[];
}

type Config<O> = { args: string[]; options: O; allowPositionals: true; strict: true };

/** The parsed values, typed from the options as parseArgs types them. */
export type Parsed<O extends Record<string, OptionConfig>> = {
  values: ReturnType<typeof parseArgs<Config<O>>>['values'];
  positionals: string[];
};

/** Defines a command; a function so that the options keep their literal types. */
export function commandSpec<const O extends Record<string, OptionConfig>>(
  spec: CommandSpec<O>,
): CommandSpec<O> {
  return spec;
}

/** The usage line: `Usage: dateline NAME ARGS [options]`. */
export function usageLine(spec: CommandSpec<Record<string, OptionConfig>>): string {
  return `Usage: dateline ${spec.name}${spec.args ? ` ${spec.args}` : ''} [options]`;
}

/** The full help: usage, what the command does, each option on one line, and the examples. */
export function formatHelp(spec: CommandSpec<Record<string, OptionConfig>>): string {
  const rows: [string, string][] = Object.entries(spec.options).map(([name, o]) => {
    const [value, text] = spec.help[name]!;
    const short = o.short ? `-${o.short}, ` : '';
    return [`${short}--${name}${value ? ` ${value}` : ''}`, text];
  });
  rows.push(['-h, --help', 'print this help']);
  const width = Math.min(30, Math.max(...rows.map(([left]) => left.length)));
  const lines = rows.map(([left, text]) =>
    left.length > width ? `  ${left}\n  ${' '.repeat(width)}  ${text}` : `  ${left.padEnd(width)}  ${text}`,
  );
  return [
    usageLine(spec),
    '',
    spec.about,
    '',
    'Options:',
    ...lines,
    '',
    spec.examples.length > 1 ? 'Examples:' : 'Example:',
    ...spec.examples.map((e) => `  dateline ${e}`),
    '',
  ].join('\n');
}

/** Why parseArgs refused the arguments, as a usage error that names the option and points to the help. */
function usageError(spec: CommandSpec<Record<string, OptionConfig>>, err: unknown): ArchiveError {
  const code = (err as { code?: string }).code;
  const message = (err as Error).message;
  const see = `See "dateline ${spec.name} --help".`;
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return new ArchiveError('USAGE', `Unknown option '${option}' for dateline ${spec.name}. ${see}`, {
      cause: err,
    });
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = option.replace(/^-+/, '');
    const value = spec.help[name]?.[0];
    return new ArchiveError(
      'USAGE',
      value
        ? `Option ${option} needs a value (${option} ${value}). ${see}`
        : `Option ${option} takes no value. ${see}`,
      { cause: err },
    );
  }
  return new ArchiveError('USAGE', `${message} ${see}`, { cause: err });
}

/**
 * Parses a command's arguments. With `--help` or `-h` it prints the help to stdout and returns null (the
 * command then exits 0); an unknown option, a missing value or an argument the command does not take is a
 * USAGE error.
 */
export function parseCommand<O extends Record<string, OptionConfig>>(
  spec: CommandSpec<O>,
  args: string[],
): Parsed<O> | null {
  const general = spec as unknown as CommandSpec<Record<string, OptionConfig>>;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    // `--help` wins over any other mistake on the line, so the help is always there to read.
    if (args.some((a) => a === '--help' || a === '-h')) return printHelp(general);
    throw usageError(general, err);
  }
  if (parsed.values.help) return printHelp(general);
  if (!spec.args && parsed.positionals.length > 0)
    throw new ArchiveError(
      'USAGE',
      `dateline ${spec.name} takes no arguments; got "${parsed.positionals[0]}". See "dateline ${spec.name} --help".`,
    );
  delete parsed.values.help;
  return parsed as Parsed<O>;
}

function printHelp(spec: CommandSpec<Record<string, OptionConfig>>): null {
  process.stdout.write(formatHelp(spec));
  return null;
}
