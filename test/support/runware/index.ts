// Public entry point of the fake Runware server used by tests and benchmarks.
export { FakeRunware } from './fake-runware.ts';
export { MODEL_SIZES } from './validate-video.ts';
export { DEFAULT_VIDEO_BYTES, DISCORD_UPLOAD_LIMIT_BYTES, FakeVideo } from '../fake-video.ts';
export type {
  AutoCompleteOptions,
  CompleteOptions,
  DeliveryStatus,
  FailOptions,
  InjectedFailure,
  ReceivedRequest,
  StartOptions,
  TaskError,
  UploadRecord,
  VideoRejection,
  VideoResultItem,
  VideoPut,
  VideoTaskRecord,
  WebhookDelivery,
  WebhookShape,
} from './types.ts';
