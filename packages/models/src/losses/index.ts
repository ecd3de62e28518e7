import * as tf from '@tensorflow/tfjs-core';

/**
 * Pure loss functions over tensors, matching the original PyTorch training code. None of them owns
 * variables; each returns a new scalar and keeps no intermediates (all math runs in `tf.tidy`).
 */

const PROBABILITY_EPSILON = 1e-7;

/**
 * Mean binary cross-entropy of probabilities against a constant target (PyTorch `BCELoss`, mean reduction).
 * Probabilities are clipped to [1e-7, 1 - 1e-7] so a saturated sigmoid gives a large finite loss rather
 * than Infinity/NaN (PyTorch clamps the log at -100 for the same reason).
 */
export function binaryCrossEntropy(probabilities: tf.Tensor, target: 0 | 1): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.clipByValue(probabilities, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
    return tf.neg(tf.mean(target === 1 ? tf.log(p) : tf.log1p(tf.neg(p)))) as tf.Scalar;
  });
}

/** Sum of squared differences over every element of the batch (PyTorch `mse_loss(reduction='sum')`). */
export function sumSquaredError(prediction: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.squaredDifference(prediction, target)) as tf.Scalar);
}

/**
 * KL divergence of N(mu, exp(logvar)) from N(0, 1) as the original computes it:
 * `-0.5 * mean(1 + logvar - mu^2 - exp(logvar))`. Note the mean over batch *and* latent units, where the
 * VAE paper sums; the original's loss weights (1e-4, 1e-3) were tuned for this mean.
 */
export function klDivergence(mu: tf.Tensor, logvar: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(gaussianKlTerms(mu, logvar)) as tf.Scalar);
}

/** KL of N(mu, exp(logvar)) from N(0, 1) per latent unit: `-0.5 * (1 + logvar - mu^2 - exp(logvar))`. */
function gaussianKlTerms(mu: tf.Tensor, logvar: tf.Tensor): tf.Tensor {
  return tf.mul(-0.5, tf.sub(tf.sub(tf.add(1, logvar), tf.square(mu)), tf.exp(logvar)));
}

/** Discriminator loss of the CGAN and VAE-GAN: `(BCE(D(real), 1) + BCE(D(fake), 0)) / 2`. */
export function cganDiscriminatorLoss(realScores: tf.Tensor, fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(
    () =>
      tf.div(tf.add(binaryCrossEntropy(realScores, 1), binaryCrossEntropy(fakeScores, 0)), 2) as tf.Scalar,
  );
}

export interface CganGeneratorLossWeights {
  adversarialWeight: number;
  reconstructionWeight: number;
}

/** CGAN generator loss: `adversarialWeight * BCE(D(fake), 1) + reconstructionWeight * SSE(fake, target)`. */
export function cganGeneratorLoss(
  fakeScores: tf.Tensor,
  fakeImages: tf.Tensor,
  targetImages: tf.Tensor,
  weights: CganGeneratorLossWeights,
): tf.Scalar {
  return tf.tidy(
    () =>
      tf.add(
        tf.mul(weights.adversarialWeight, binaryCrossEntropy(fakeScores, 1)),
        tf.mul(weights.reconstructionWeight, sumSquaredError(fakeImages, targetImages)),
      ) as tf.Scalar,
  );
}

export interface CvaeLossWeights {
  reconstructionWeight: number;
  klWeight: number;
}

/** CVAE loss: `reconstructionWeight * SSE(reconstruction, target) + klWeight * KL(mu, logvar)`. */
export function cvaeLoss(
  reconstruction: tf.Tensor,
  target: tf.Tensor,
  mu: tf.Tensor,
  logvar: tf.Tensor,
  weights: CvaeLossWeights,
): tf.Scalar {
  return tf.tidy(
    () =>
      tf.add(
        tf.mul(weights.reconstructionWeight, sumSquaredError(reconstruction, target)),
        tf.mul(weights.klWeight, klDivergence(mu, logvar)),
      ) as tf.Scalar,
  );
}

/**
 * Binary cross-entropy of pixel logits against targets in [0, 1], summed over each image's pixels and
 * averaged over the images: the negative log-likelihood of a Bernoulli decoder. Computed from logits
 * (`max(l, 0) - l * t + log(1 + exp(-|l|))`) so saturated pixels give finite losses and gradients.
 */
export function bernoulliNegativeLogLikelihood(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const perPixel = tf.add(
      tf.sub(tf.relu(logits), tf.mul(logits, targets)),
      tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
    );
    return tf.div(tf.sum(perPixel), logits.shape[0] ?? 1) as tf.Scalar;
  });
}

/**
 * KL divergence of N(mu, exp(logvar)) from N(0, 1) summed over latent units and averaged over the batch,
 * as in the VAE paper's ELBO (unlike {@link klDivergence}, the original's mean over every unit).
 */
export function gaussianKlPerSample(mu: tf.Tensor, logvar: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(gaussianKlTerms(mu, logvar)), mu.shape[0] ?? 1) as tf.Scalar);
}

/** Mean softmax cross-entropy of class logits `[N, K]` against integer labels `[N]`. */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const logProbabilities = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProbabilities), 1))) as tf.Scalar;
  });
}

export interface VaeganGeneratorLossWeights extends CvaeLossWeights {
  adversarialWeight: number;
}

/** VAE-GAN generator loss: `a * BCE(D(fake), 1) + r * SSE(fake, target) + k * KL(mu, logvar)`. */
export function vaeganGeneratorLoss(
  fakeScores: tf.Tensor,
  fakeImages: tf.Tensor,
  targetImages: tf.Tensor,
  mu: tf.Tensor,
  logvar: tf.Tensor,
  weights: VaeganGeneratorLossWeights,
): tf.Scalar {
  return tf.tidy(
    () =>
      tf.add(
        tf.mul(weights.adversarialWeight, binaryCrossEntropy(fakeScores, 1)),
        cvaeLoss(fakeImages, targetImages, mu, logvar, weights),
      ) as tf.Scalar,
  );
}

/** The VAE-GAN discriminator is trained exactly like the CGAN one. */
export const vaeganDiscriminatorLoss = cganDiscriminatorLoss;

/** Wasserstein critic loss without the penalty: `mean(C(fake)) - mean(C(real))` (minimised). */
export function wassersteinCriticLoss(realScores: tf.Tensor, fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(tf.mean(fakeScores), tf.mean(realScores)) as tf.Scalar);
}

/** Wasserstein generator loss: `-mean(C(fake))`. */
export function wassersteinGeneratorLoss(fakeScores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(fakeScores)) as tf.Scalar);
}

/** `epsilon * real + (1 - epsilon) * fake`, epsilon broadcast per sample (shape [N, 1, 1, 1]). */
export function interpolateSamples(real: tf.Tensor4D, fake: tf.Tensor4D, epsilon: tf.Tensor): tf.Tensor4D {
  return tf.tidy(() => tf.add(tf.mul(epsilon, real), tf.mul(tf.sub(1, epsilon), fake)) as tf.Tensor4D);
}

/**
 * Keeps the gradient of sqrt finite when a sample's gradient is exactly zero (sqrt'(0) is infinite).
 * Small enough not to move the norm of any realistic gradient.
 */
const NORM_EPSILON = 1e-12;

/**
 * WGAN-GP gradient penalty (Gulrajani et al. 2017): `mean_i (||d critic(x_i) / d x_i||_2 - 1)^2` at the
 * interpolates `x = epsilon * real + (1 - epsilon) * fake`. The norm is over all of a sample's H, W, C.
 *
 * `critic` maps a batch of images to one score per sample (any shape whose sum is the sum of the scores);
 * close over the conditioning input if there is one. Because it calls `tf.grad` inside, differentiating
 * this penalty with respect to the critic's weights needs second-order gradients; tfjs provides them for
 * every op our critics use (conv2d, its input gradient, instance norm's moments, leakyRelu, dense, concat),
 * which the package tests check against finite differences.
 */
export function gradientPenalty(
  critic: (images: tf.Tensor4D) => tf.Tensor,
  real: tf.Tensor4D,
  fake: tf.Tensor4D,
  epsilon: tf.Tensor,
): tf.Scalar {
  return tf.tidy(() => {
    const interpolates = interpolateSamples(real, fake, epsilon);
    // Summing the per-sample scores gives each sample's own gradient, since samples do not interact
    // in the critic (instance norm, not batch norm).
    const gradients = tf.grad((x: tf.Tensor) => tf.sum(critic(x as tf.Tensor4D)))(interpolates);
    const norms = tf.sqrt(tf.add(tf.sum(tf.square(gradients), [1, 2, 3]), NORM_EPSILON));
    return tf.mean(tf.square(tf.sub(norms, 1))) as tf.Scalar;
  });
}
