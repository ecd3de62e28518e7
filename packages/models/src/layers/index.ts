export {
  InstanceNormalization,
  type InstanceNormalizationArgs,
  registerCustomLayers,
} from './instance-normalization';
export * from './torch-style';
export {
  TwiceDifferentiableLeakyReLU,
  type TwiceDifferentiableLeakyReluArgs,
} from './twice-differentiable-leaky-relu';
