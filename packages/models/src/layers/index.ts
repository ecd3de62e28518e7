export {
  InstanceNormalization,
  type InstanceNormalizationArgs,
  registerCustomLayers,
} from './instance-normalization';
export {
  checkModelSeed,
  type LayerInitializer,
  type SeededInitializers,
  seededInitializers,
} from './seeded-initializers';
export * from './torch-style';
export {
  TwiceDifferentiableLeakyReLU,
  type TwiceDifferentiableLeakyReluArgs,
} from './twice-differentiable-leaky-relu';
