import * as tf from '@tensorflow/tfjs-core';

export { buildVaeDecoder, buildVaeEncoder, type VaeArchitecture } from './architecture';

/** `z = mu + exp(logvar / 2) * eps` with `eps ~ N(0, 1)` given; keeps gradients to mu and logvar. */
export function reparameterize(mu: tf.Tensor, logvar: tf.Tensor, eps: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logvar)), eps)) as tf.Tensor2D);
}
