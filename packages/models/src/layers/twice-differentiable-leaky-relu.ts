import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerShape = tfl.Shape | tfl.Shape[];

export interface TwiceDifferentiableLeakyReluArgs {
  alpha?: number;
  name?: string;
}

/**
 * Leaky ReLU written as `(1 + a) / 2 * x + (1 - a) / 2 * |x|`, which equals `x` for x >= 0 and `a * x`
 * otherwise. tfjs' own leakyRelu kernel has a gradient that builds a `greater(x, 0)` mask, and `Greater`
 * has no gradient in tfjs 4.22, so the WGAN-GP penalty (a gradient of a gradient) fails with
 * "gradient function not found for Greater". `abs` differentiates through `step`, which does have one
 * (zero), so this form supports the second-order gradients the critic needs.
 */
export class TwiceDifferentiableLeakyReLU extends tfl.layers.Layer {
  static readonly className = 'IfaLeakyReLU';
  private readonly alpha: number;

  constructor(args: TwiceDifferentiableLeakyReluArgs = {}) {
    super(args.name === undefined ? {} : { name: args.name });
    this.alpha = args.alpha ?? 0.2;
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return tf.add(tf.mul((1 + this.alpha) / 2, x), tf.mul((1 - this.alpha) / 2, tf.abs(x)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}
