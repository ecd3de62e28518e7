export {
  InstanceNormalization,
  type InstanceNormalizationArgs,
  registerCustomLayers,
} from './instance-normalization';
export * from './torch-style';
