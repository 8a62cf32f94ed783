// Public entry point of the fake imini aggregator used by tests.
export { FakeImini } from './fake-imini.ts';
export { createProblem, IMINI_MODELS } from './validate-create.ts';
export { DEFAULT_VIDEO_BYTES, DISCORD_UPLOAD_LIMIT_BYTES, FakeVideo } from '../fake-video.ts';
export type { IminiInjectedFailure, IminiQuery, IminiReceived, IminiStartOptions, IminiStatus, IminiTaskRecord, IminiVideo, JsonObject } from './types.ts';
