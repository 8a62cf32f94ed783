// Public entry point of the fake Runware server used by tests and benchmarks.
export { FakeRunware } from './fake-runware.ts';
export { MODEL_SIZES } from './validate-video.ts';
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
  VideoTaskRecord,
  WebhookDelivery,
  WebhookShape,
} from './types.ts';
