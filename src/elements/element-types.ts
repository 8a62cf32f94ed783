import type { ElementRef } from '../domain/request.ts';

/** A saved character or object in a server's library. */
export interface StoredElement extends ElementRef {
  guildId: string;
  creatorId: string;
  createdAt: number;
  /** 'created' with /element create, 'saved' from an existing provider id with /element save. */
  source: 'created' | 'saved';
}
