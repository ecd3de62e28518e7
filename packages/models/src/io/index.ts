export { assertSafeRelativePath } from './paths';
export { encodeWeights, float32ToFloat16Bits, WEIGHT_STORAGES, type WeightStorage } from './quantize';
export {
  FORMAT_VERSION,
  type IfaModelManifest,
  type LoadModelOptions,
  loadModel,
  MANIFEST_FILE,
  type ModelSource,
  readModelManifest,
  type SaveModelOptions,
  saveModel,
} from './save-load';
export {
  fileMapReader,
  type HttpReaderOptions,
  httpFolderReader,
  type ModelFileMap,
  type ModelFolderReader,
  type ModelFolderWriter,
} from './store';
