import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  REST,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { ModelKey } from '../domain/models.ts';
import type { ElementLibrary } from '../elements/element-library.ts';
import type { Logger } from '../logging/log.ts';
import type { ProviderRegistry } from '../flow/provider-registry.ts';
import type { MediaStore } from '../media/media-store.ts';
import type Keyv from 'keyv';
import type { Database } from '../store/database.ts';
import type { GuildSettings } from '../store/guild-settings.ts';
import type { TaskRepository } from '../store/task-repository.ts';
import type { VideoRequests } from './video-requests.ts';

/** Services a command may use. Commands stay thin: they read options and call these. */
export interface CommandContext {
  video: VideoRequests;
  elements: ElementLibrary;
  guildSettings: GuildSettings;
  tasks: TaskRepository;
  /** Plain key-value records (drafts of forms, caches). */
  kv: Keyv;
  media: MediaStore;
  providers: ProviderRegistry;
  rest: REST;
  defaultModel: ModelKey;
  maxVariants: number;
  log: Logger;
  /** The store itself, for the money commands (/budget, /usage) and their buttons. */
  database: Database;
}

/**
 * The shape of every module in commands/: the command's definition and its handler. Slash
 * commands get a ChatInputCommandInteraction, message context-menu commands a
 * MessageContextMenuCommandInteraction. Modals a command opens use custom ids starting with
 * `<command name>:` and come back to its `modalSubmit`; buttons likewise to its `button`.
 */
export interface CommandModule {
  data: { name: string; toJSON(): RESTPostAPIApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, context: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
  modalSubmit?(interaction: ModalSubmitInteraction, context: CommandContext): Promise<void>;
  /** Buttons whose custom id starts with `<command name>:`. */
  button?(interaction: ButtonInteraction, context: CommandContext): Promise<void>;
}
