// Public entry point of the local Discord-compatible test server (REST + gateway on 127.0.0.1).
// Usage:
//   const fake = await FakeDiscord.start({ botToken, applicationId, guilds: [{ id, name, channels, members }] });
//   const client = new Client({ intents, partials, rest: { api: fake.apiUrl } });   // or DISCORD_API_URL=fake.apiUrl
//   await client.login(botToken); await fake.waitForIdentify();
//   const { id } = fake.sendChatCommand({ guildId, channelId, userId, name: 'video', options: [...] });
//   await fake.waitForMessage(channelId, (m) => m.content.includes('done'));
//   Other interactions: sendAutocomplete → autocompleteChoices(id); sendMessageCommand (context menu on a
//   message) → modalShown(id); sendButton (a button on a stored message) → interactionResponses(id) or
//   modalShown(id); sendModalSubmit (optionally fromInteractionId: the one that showed the modal).
//   Member `permissions` become a role of their own, so member.permissionsIn(channel) in the bot matches the
//   spec (see FakeUser in types.ts). Guild `attachmentSizeLimit` caps each uploaded file (413 above it).
//   Interaction tokens expire (option interactionTokenLifetimeMs, or expireInteractionToken(id)).
//   Message bodies are checked like Discord's: content ≤ 2000 characters, embeds within their limits (400 / 50035).
//   Rate limits: option `rateLimits: true` (or numbers), later fake.rateLimits.configure(...) / .stats().
//   GET /channels/{id}/messages serves history; storeMessage() seeds messages users wrote earlier.
//   ... await client.destroy(); await fake.close();
// See /work/shared/docs/discord-test-server.md for what discord.js needs from such a server.
export { FakeDiscord } from './fake-discord.ts';
export { ALL_PERMISSIONS } from './fixtures.ts';
export type {
  AutocompleteChoice,
  AutocompleteInput,
  ButtonInput,
  ChannelFailure,
  ChatCommandInput,
  ChatCommandOption,
  FakeAttachmentSpec,
  FakeChannelSpec,
  FakeDiscordOptions,
  FakeGuildSpec,
  FakeUser,
  InteractionOrigin,
  InteractionRecord,
  MessageCommandInput,
  ModalSubmitInput,
  RateLimitOptions,
  RateLimitStats,
  ReactionInput,
  RestCall,
  SeedMessageSpec,
  ShownModal,
  ShownTextInput,
  StoredAttachment,
  StoredMessage,
  TargetMessageSpec,
  UploadedFile,
} from './types.ts';
export type { SentInteraction } from './interaction-delivery.ts';
export type { RateLimitControls } from './rate-limits.ts';
export { GatewayProbe } from './gateway-probe.ts';
export type { Dispatch } from './gateway-probe.ts';
