import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandModule } from './command-module.ts';

export const COMMANDS_DIR = resolve(import.meta.dirname, '../../commands');

/**
 * Loads every command module in commands/ and checks its shape; used by the bot and by the
 * registration script, so both see the same commands. Reports every broken module at once.
 */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<Map<string, CommandModule>> {
  const files = (await readdir(dir)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.test.ts')).sort();
  const commands = new Map<string, CommandModule>();
  const problems: string[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as Partial<CommandModule>;
    const problem = checkModule(module);
    if (problem) {
      problems.push(`${file}: ${problem}`);
      continue;
    }
    const command = module as CommandModule;
    if (commands.has(command.data.name)) problems.push(`${file}: command name "${command.data.name}" is used twice`);
    commands.set(command.data.name, command);
  }
  if (problems.length > 0) throw new Error(`Invalid command modules:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return commands;
}

function checkModule(module: Partial<CommandModule>): string | null {
  if (!module.data || typeof module.data.toJSON !== 'function') return 'exports no `data` command definition';
  if (typeof module.execute !== 'function') return 'exports no `execute` function';
  const json = module.data.toJSON();
  // Slash command names are lower-case words; context-menu names are free text of 1–32 characters.
  const isSlash = json.type === undefined || json.type === 1;
  const validName = isSlash ? /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u.test(json.name) : json.name.length >= 1 && json.name.length <= 32;
  if (!validName) return `command name "${json.name}" is not a valid Discord ${isSlash ? 'slash' : 'context-menu'} command name`;
  if ('description' in json && (typeof json.description !== 'string' || json.description.length > 100)) return 'description must be at most 100 characters';
  return null;
}
