// Public entry point of the fake Kling AI server used by tests.
// Usage:
//   const kling = await FakeKling.start({ accessKey: 'ak', secretKey: 'sk' });   // KLING_API_URL = kling.url
//   const create = await kling.waitForCreate((c) => c.endpoint === 'text2video');
//   await kling.progress(String(create.body.external_task_id));
//   await kling.succeed(String(create.body.external_task_id), { units: 3 });
export { FakeKling } from './fake-kling.ts';
export { signatureHeaders, statusForCode } from './wire.ts';
export { DEFAULT_VIDEO_BYTES, DISCORD_UPLOAD_LIMIT_BYTES, FakeVideo } from '../fake-video.ts';
export type {
  KlingCallbackDelivery,
  KlingCallbackStyle,
  KlingCreate,
  KlingDeliveryStatus,
  KlingElementRecord,
  KlingEndpoint,
  KlingInjected,
  KlingQueryCounts,
  KlingReceived,
  KlingSigning,
  KlingStartOptions,
  KlingTaskRecord,
  KlingVideo,
  SucceedOptions,
} from './types.ts';
