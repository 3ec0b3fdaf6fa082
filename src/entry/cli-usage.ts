import type { CliCommand, CommandInput } from './cli.ts';

/** A command given wrong arguments: what was wrong, then its help; exit code 2. */
export function usageError(input: CommandInput, command: CliCommand, message: string): number {
  input.io.err(`duban ${command.name}: ${message}`);
  input.io.err(command.help);
  return 2;
}
