export { detectOtlpSignal, ingestOtlpJson, type OtlpIngestOptions } from './ingest';
export {
  createOtlpReceiver,
  DEFAULT_MAX_BODY_BYTES,
  type OtlpReceiverOptions,
  type OtlpRequestHandler,
} from './receiver';
export { startOtlpReceiver, type OtlpServerOptions, type RunningOtlpReceiver } from './server';
export { OTLP_SOURCE, otlpSignals, type OtlpIngestResult, type OtlpSignal } from './types';
