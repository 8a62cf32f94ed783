// Guild roles and owner the fake invents so discord.js computes member permissions from the spec.
// @everyone grants nothing; every member (the bot too) has one role of its own carrying its
// `permissions` (default ALL_PERMISSIONS). So `member.permissionsIn(channel)` in the bot equals
// exactly what the spec says (channels have no permission overwrites).
import type { APIRole, RoleFlags } from 'discord-api-types/v10';
import { nextSnowflake } from './snowflake.ts';
import type { FakeGuildSpec, FakeUser } from './types.ts';

/** Every permission bit as Discord sends it (a decimal string); includes Administrator. */
export const ALL_PERMISSIONS = '2199023255551';
/** Bit-flag enums have no 0 member; Discord sends 0 for "no flags". */
const NO_FLAGS = 0 as RoleFlags;

const roleIds = new Map<string, string>();
const ownerIds = new Map<string, string>();

/** The id of the role that carries this member's permissions in that guild (stable for the process). */
export function memberRoleId(guildId: string, userId: string): string {
  const key = `${guildId}/${userId}`;
  const id = roleIds.get(key) ?? nextSnowflake();
  roleIds.set(key, id);
  return id;
}

function role(id: string, name: string, position: number, permissions: string): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position,
    permissions,
    managed: false,
    mentionable: false,
    flags: NO_FLAGS,
  };
}

/** @everyone (id = guild id, no permissions), one permissions role per member, then the members' further `roles` (no permissions). */
export function guildRoles(guildId: string, members: FakeUser[]): APIRole[] {
  const further = [...new Set(members.flatMap((m) => m.roles ?? []))];
  return [
    role(guildId, '@everyone', 0, '0'),
    ...members.map((m, i) => role(memberRoleId(guildId, m.id), `${m.username} permissions`, i + 1, m.permissions ?? ALL_PERMISSIONS)),
    ...further.map((id, i) => role(id, `role ${id}`, members.length + i + 1, '0')),
  ];
}

/**
 * The guild owner (discord.js gives the owner every permission, whatever its roles): `ownerId` when
 * set, else the first human member without explicit `permissions`, else the bot when it has none,
 * else a made-up user that is not a member.
 */
export function ownerIdOf(spec: FakeGuildSpec, bot: FakeUser): string {
  if (spec.ownerId !== undefined) return spec.ownerId;
  const plainHuman = spec.members.find((m) => !m.bot && m.id !== bot.id && m.permissions === undefined);
  if (plainHuman) return plainHuman.id;
  if (bot.permissions === undefined) return bot.id;
  const id = ownerIds.get(spec.id) ?? nextSnowflake();
  ownerIds.set(spec.id, id);
  return id;
}
