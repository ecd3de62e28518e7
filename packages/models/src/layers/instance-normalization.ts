import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TwiceDifferentiableLeakyReLU } from './twice-differentiable-leaky-relu';

export interface InstanceNormalizationArgs {
  /** Added to the variance before the square root (PyTorch InstanceNorm2d default 1e-5). */
  epsilon?: number;
  name?: string;
}

type LayerVariable = ReturnType<tfl.layers.Layer['addWeight']>;
type LayerShape = tfl.Shape | tfl.Shape[];

/**
 * PyTorch's `InstanceNorm2d(affine=True)` for NHWC: each sample's channel is normalised over H and W with its
 * own statistics (no running averages, same in training and inference), then scaled and shifted per channel.
 * tfjs-layers has no instance norm, and `layerNormalization` normalises over channels too, so this small
 * custom layer fills the gap. It is built only from differentiable core ops, so the WGAN-GP gradient
 * penalty can differentiate through it twice.
 */
export class InstanceNormalization extends tfl.layers.Layer {
  static readonly className = 'IfaInstanceNormalization';
  private readonly epsilon: number;
  private gamma: LayerVariable | null = null;
  private beta: LayerVariable | null = null;

  constructor(args: InstanceNormalizationArgs = {}) {
    super(args.name === undefined ? {} : { name: args.name });
    this.epsilon = args.epsilon ?? 1e-5;
  }

  override build(inputShape: LayerShape): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null) {
      throw new Error('InstanceNormalization needs a known channel count (last axis).');
    }
    this.gamma = this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const { mean, variance } = tf.moments(x, [1, 2], true);
      const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalised, this.gamma!.read()), this.beta!.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

let registered = false;

/**
 * Registers our custom layers with tfjs serialization so saved models can be deserialised. Called by the
 * model factories and `loadModel`, never at import time, so importing the package registers nothing.
 */
export function registerCustomLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(InstanceNormalization);
  tf.serialization.registerClass(TwiceDifferentiableLeakyReLU);
  registered = true;
}
