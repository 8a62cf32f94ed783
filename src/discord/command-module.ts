import type { AutocompleteInteraction, ChatInputCommandInteraction, RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { ModelKey } from '../domain/models.ts';
import type { Logger } from '../flow/ports.ts';
import type { VideoStarter } from './video-starter.ts';

/** Services a command may use. Commands stay thin: they read options and call these. */
export interface CommandContext {
  video: VideoStarter;
  defaultModel: ModelKey;
  maxVariants: number;
  log: Logger;
}

/** The shape of every module in commands/: the command's definition and its handler. */
export interface CommandModule {
  data: { name: string; toJSON(): RESTPostAPIApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
}
