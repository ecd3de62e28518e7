export { assertSafeRelativePath } from './paths';
export {
  FORMAT_VERSION,
  type IfaModelManifest,
  type LoadModelOptions,
  loadModel,
  MANIFEST_FILE,
  readModelManifest,
  type SaveModelOptions,
  saveModel,
} from './save-load';
export {
  type HttpReaderOptions,
  httpFolderReader,
  type ModelFolderReader,
  type ModelFolderWriter,
} from './store';
