export { importFile } from './import-file';
export {
  importFormats,
  type FileImportSummary,
  type ImportFormat,
  type ImportOptions,
  type ImportProgress,
  type ImportSignal,
  type LogStage,
} from './types';
