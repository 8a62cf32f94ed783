// What the end-to-end tests of result messages share: the embed's parts, bytes by SHA-256, the
// bucket's copies, which Discord requests count against the bot's global rate limit, and results
// made by a team of members whose buttons get pressed.
import { createHash } from 'node:crypto';
import { PermissionFlagsBits } from 'discord.js';
import { IDS, STORAGE, type World } from '../support/bot-harness.ts';
import type { RestCall, StoredMessage } from '../support/discord/index.ts';
import type { FakeS3, S3Operation } from '../support/s3/index.ts';
import { STRING, delivered, sendVideo, textOf, type CommandOption } from './helpers.ts';

export const KiB = 1024;
export const DAY_MS = 24 * 3600_000;

export const provider = (name: 'runware' | 'kling' | 'imini'): CommandOption => ({ name: 'provider', type: STRING, value: name });

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface Embed {
  title?: string;
  description?: string;
  url?: string;
  thumbnail?: { url: string };
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
  footer?: { text: string };
}

/** The result message's one embed. */
export function embedOf(message: Pick<StoredMessage, 'embeds'>): Embed {
  const [embed] = message.embeds as Embed[];
  if (!embed) throw new Error('the message has no embed');
  return embed;
}

/** The value of the embed field named `name` (undefined when there is none). */
export function field(message: Pick<StoredMessage, 'embeds'>, name: string): string | undefined {
  return embedOf(message).fields?.find((f) => f.name === name)?.value;
}

/** Where S3_PUBLIC_URL serves the copy of result `index` of a task (src/media/archive-plan.ts videoKey). */
export function keptUrl(taskId: string, index = 0): string {
  return `${STORAGE.publicUrl}/${keyOf(taskId, index)}`;
}

export function keyOf(taskId: string, index = 0): string {
  return `videos/${taskId}/${index}.mp4`;
}

export function bucket(world: World): FakeS3 {
  if (!world.s3) throw new Error('this world was started without storage');
  return world.s3;
}

const WRITES: S3Operation[] = ['PutObject', 'CreateMultipartUpload', 'CompleteMultipartUpload'];

/** Successful writes of `key` (a PUT, or the start and end of a multipart upload), with how each was signed. */
export function writesOf(s3: FakeS3, key: string): Array<{ operation: S3Operation; auth: string }> {
  return s3.requests.filter((r) => r.key === key && r.status < 300 && WRITES.includes(r.operation)).map((r) => ({ operation: r.operation, auth: r.auth }));
}

/** SHA-256 of the object under `key`, if there is one. */
export function storedSha256(s3: FakeS3, key: string): string | undefined {
  const object = s3.object(key);
  return object ? sha256(object.bytes) : undefined;
}

/**
 * Requests made with the bot token: every route but the interaction callback and the interaction
 * webhook, which Discord exempts from the global rate limit (https://discord.com/developers/docs/topics/rate-limits#global-rate-limit).
 */
export function botTokenCalls(calls: RestCall[]): RestCall[] {
  return calls.filter((c) => !/^\/(webhooks|interactions)\//.test(c.path));
}

/** REST calls the fake received from index `mark` on. */
export function callsSince(world: World, mark: number): RestCall[] {
  return world.discord.restCalls.slice(mark);
}

/** Plain members may use commands and react; carol may also manage messages. */
const MEMBER =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands;
export const CAROL = '400000000000000003';
export const TEAM = [
  { id: IDS.alice, username: 'alice', permissions: String(MEMBER) },
  { id: IDS.bob, username: 'bob', permissions: String(MEMBER) },
  { id: CAROL, username: 'carol', permissions: String(MEMBER | PermissionFlagsBits.ManageMessages) },
];

export interface MadeResult {
  taskId: string;
  url: string;
  result: StoredMessage;
}

/** /video as `userId` on Runware, finished, posted and recorded. */
export async function makeResult(world: World, userId: string, options: CommandOption[]): Promise<MadeResult> {
  sendVideo(world, options, { userId });
  const text = String(options.find((o) => o.name === 'prompt')?.value);
  const taskId = String((await world.runware.waitForVideoTask((r) => r.positivePrompt === text)).taskUUID);
  await world.runware.completeTask(taskId);
  const url = String(world.runware.videoTasks.get(taskId)?.results[0]?.videoURL);
  const result = await world.discord.waitForMessage(IDS.channel, (m) => textOf(m).includes(`Task ${taskId}`));
  await delivered(world, taskId);
  return { taskId, url, result };
}

/** Presses a result's button (🔁 Rerun, ✏️ Remix, ✉️ DM me, ❌ Delete) as `userId`. */
export function press(world: World, userId: string, made: MadeResult, action: 'rerun' | 'remix' | 'dm' | 'delete') {
  return world.discord.sendButton({
    guildId: IDS.guild,
    channelId: IDS.channel,
    userId,
    messageId: made.result.id,
    customId: `result:${action}:${made.taskId}`,
  });
}

/** The bot's answers to an interaction, once it gave its first one. */
export async function answers(world: World, interactionId: string) {
  await world.discord.waitForRest((c) => c.path.startsWith(`/interactions/${interactionId}/`));
  return world.discord.interactionResponses(interactionId);
}
