import * as tf from '@tensorflow/tfjs-core';
import { backend_util, type GradConfig, type NamedAttrMap, util } from '@tensorflow/tfjs-core';

/**
 * Mean's gradient without a tensor of ones. tfjs's own computes `dy * ones(x.shape) / n`: it fills a
 * full-size array of ones in JavaScript, uploads it and multiplies by it. Batch norm takes the mean of
 * every activation on each training step, so on the VAE-GAN `seed` step that was 37 ms of `ones` alone.
 * Here `dy / n` is computed at dy's size and then tiled to x's shape: every element is the same float32
 * division as before, so the gradient is equal to the bit (the tests check that).
 */
export const leanMeanGradConfig: GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs: NamedAttrMap) => {
    const x = saved[0] as tf.Tensor;
    const axes = util.parseAxisParam(attrs.axis as number | number[], x.shape);
    const [, reduceShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
    const reduceSize = util.sizeFromShape(reduceShape);
    return {
      x: () => {
        const expandedShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
        const gradient = dy as tf.Tensor;
        // tfjs's version is float32 whatever dy is (its ones are float32).
        const asFloat = gradient.dtype === 'float32' ? gradient : tf.cast(gradient, 'float32');
        return tf.broadcastTo(tf.div(tf.reshape(asFloat, expandedShape), reduceSize), x.shape);
      },
    };
  },
};
