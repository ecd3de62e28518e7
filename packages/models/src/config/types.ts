/**
 * Built-in starting points. `seed` reproduces the original PyTorch models; `small` and `tiny` are the same
 * recipes at CPU and test sizes; `recommended` is each kind's best measured recipe at a CPU-friendly size
 * (the README's tables say which, and what it reaches).
 */
/**
 * The audio classifier's layout (see `buildAudioClassifier`):
 * - `'small'` (every preset): two stride-2 convs.
 * - `'deep'`: four batch-normalised convs, two at each scale, at several times the classifier's training
 *   cost. An option for voices the model never heard; what it changes there is measured, speaker by
 *   speaker, in the root README ("Voices never heard").
 */
export type AudioClassifierLayout = 'small' | 'deep';

export type PresetName = 'seed' | 'small' | 'tiny' | 'recommended';

export const PRESET_NAMES: readonly PresetName[] = ['seed', 'small', 'tiny', 'recommended'];

/** A preset name, or overrides on top of a preset (`preset` defaults to `'seed'`). */
export type ConfigInput<C extends { preset: PresetName }> =
  | PresetName
  | (Partial<Omit<C, 'preset'>> & { preset?: PresetName });

/**
 * How the CVAE/VAE-GAN decoder reaches the image size.
 * - `'seed-stride3'`: the original's last `ConvTranspose2d(64, 1, kernel 1, stride 3, no bias)` from a 10 x 10
 *   map, which can only write every third row and column (100 of 784 pixels). 28 x 28 only.
 * - `'full'`: 1 -> 7 -> 14 -> 28 (or 1 -> 4 -> 8 -> 16 -> 32 -> 64) transposed convs then a 3 x 3 conv, so
 *   every pixel can be painted.
 */
export type VaeDecoderKind = 'seed-stride3' | 'full';

/**
 * Shared by all models: the spectrogram image going in and the image coming out. Every kind builds
 * 28 x 28 (the original layouts) and 64 x 64 images, grey or RGB; `IMAGE_64_RGB` holds the overrides for
 * 64 x 64 RGB from 64 x 64 spectrograms.
 */
export interface ImageShapeConfig {
  /**
   * Height of the spectrogram image fed to the model. The CGAN, the VAE-GAN and the audio-conditioned
   * WGAN need it (and the width) equal to `imageSize`; the CVAE takes any size its encoder can read.
   */
  inputHeight: number;
  /** Width of the spectrogram image fed to the model. */
  inputWidth: number;
  /** Side of the square output image: 28 or 64. */
  imageSize: number;
  /** Channels of the output image: 1 (grey, MNIST) or 3 (RGB). */
  imageChannels: number;
}

export interface CganConfig extends ImageShapeConfig {
  preset: PresetName;
  /**
   * ResUNet widths: input block, two encoder residual blocks, bridge (original: 64, 128, 256, 512); the
   * bridge is at 4 x 4 for 28 x 28 images and 8 x 8 for 64 x 64.
   */
  generatorFilters: [number, number, number, number];
  /** Width of the discriminator's first conv; later convs use 2x and 4x (original: 64). */
  discriminatorFilters: number;
  /** Weight of the BCE term in the generator loss (original: 1). */
  adversarialWeight: number;
  /** Weight of the sum-squared reconstruction error in the generator loss (original: 1). */
  reconstructionWeight: number;
}

/**
 * What the CVAE's decoder is conditioned on.
 * - `'audio'` (the original): the encoder reads the spectrogram and the decoder decodes its latent alone.
 *   Same-label random pairing makes the target random given the audio, so this regresses onto the class
 *   average (see the README, "Why reconstruction stalls").
 * - `'class'`: a true conditional VAE (Sohn et al. 2015). An audio classifier reads the spectrogram; the
 *   encoder reads the target image with its class, q(z | image, class); the decoder draws
 *   p(image | z, class). Training feeds the pair's label to encoder and decoder and teaches the audio
 *   classifier on the same labels; generation feeds the classifier's probabilities and draws z from the
 *   prior, so each noise draw gives another handwriting of the digit heard. Needs `labels` in the batch.
 */
export type CvaeConditioning = 'audio' | 'class';

export interface CvaeConfig extends ImageShapeConfig {
  preset: PresetName;
  /** `'audio'` (original) or `'class'` (true conditional VAE); see {@link CvaeConditioning}. */
  conditioning: CvaeConditioning;
  /**
   * Width of the first encoder conv; later layers use 2x, 4x, 8x (original: 64). With conditioning
   * `'class'`, the width of the audio classifier's first conv (its second, and at 64 x 64 its third, use
   * 2x) and, at 64 x 64, of the image encoder's first conv (then 2x, 4x, 4x; the decoder mirrors them).
   */
  filters: number;
  /** Conditioning `'class'`: units of the encoder's and decoder's hidden dense layers (the second is half). */
  hiddenUnits: number;
  /** Conditioning `'class'`: how many classes the audio classifier tells apart (10 digits). */
  classCount: number;
  /**
   * Conditioning `'class'`: the audio classifier's layout, `'small'` (every preset) or `'deep'` (more
   * convs, several times the classifier's cost); see `AudioClassifierLayout`.
   */
  audioClassifierLayout: AudioClassifierLayout;
  /**
   * Conditioning `'class'`: standard deviation of the prior draw of z at generation (1 is the prior
   * itself; below 1 trades diversity for cleaner, more recognisable images, as in Kingma & Dhariwal 2018).
   */
  samplingTemperature: number;
  /** Conditioning `'class'`: weight of the audio classifier's cross-entropy in the loss. */
  audioClassifierWeight: number;
  /** Size of mu / logvar / z (original: 10). */
  latentSize: number;
  decoder: VaeDecoderKind;
  /** `'linear'` as in the original (no output activation) or `'sigmoid'` for targets in [0, 1]. */
  outputActivation: 'linear' | 'sigmoid';
  /**
   * Weight of the reconstruction term (original: 1): the batch's sum-squared error with conditioning
   * `'audio'`; with `'class'`, the per-image binary cross-entropy (summed over pixels, mean over images).
   */
  reconstructionWeight: number;
  /**
   * Weight of the KL term (original: 1e-4): with conditioning `'audio'` the original's mean over batch and
   * latent units; with `'class'` summed over latent units and averaged over images (the ELBO; a weight
   * above 1 is a beta-VAE).
   */
  klWeight: number;
}

/**
 * What the VAE-GAN is conditioned on.
 * - `'audio'` (the original): the encoder reads spectrogram and noise map; the discriminator scores
 *   (image, audio).
 * - `'class'` (the `recommended` preset): the class-conditioned CVAE (audio classifier, q(z | image,
 *   class), p(image | z, class), trained on the ELBO) with a projection discriminator on (image, class)
 *   that judges images decoded from prior draws, so what `generate` draws is pushed towards real
 *   handwriting (a CVAE-GAN, after Bao et al. 2017). Needs `labels` in the batch.
 */
export type VaeganConditioning = 'audio' | 'class';

export interface VaeganConfig extends ImageShapeConfig {
  preset: PresetName;
  /** `'audio'` (original) or `'class'`; see {@link VaeganConditioning}. */
  conditioning: VaeganConditioning;
  /**
   * Width of the encoder's first conv (later 2x, 4x, 8x). Conditioning `'class'`: as the CVAE's `filters`
   * (audio classifier and, at 64 x 64, image path).
   */
  filters: number;
  /** Conditioning `'class'`: units of the encoder's and decoder's hidden dense layers (the second is half). */
  hiddenUnits: number;
  /** Conditioning `'class'`: how many classes the audio classifier tells apart. */
  classCount: number;
  /**
   * Conditioning `'class'`: the audio classifier's layout, `'small'` (every preset) or `'deep'` (more
   * convs, several times the classifier's cost); see `AudioClassifierLayout`.
   */
  audioClassifierLayout: AudioClassifierLayout;
  /** Conditioning `'class'`: standard deviation of the prior draw of z at generation. */
  samplingTemperature: number;
  latentSize: number;
  /**
   * Channels of the Gaussian noise map concatenated with the audio before the encoder (original: 100;
   * conditioning 'audio' only).
   */
  noiseChannels: number;
  decoder: VaeDecoderKind;
  outputActivation: 'linear' | 'sigmoid';
  discriminatorFilters: number;
  /** Weight of BCE(D(fake), 1) in the generator loss (original: 1). */
  adversarialWeight: number;
  /**
   * Weight of the sum-squared reconstruction error (original: 1). Zelaszczyk & Mandziuk (2021) show that
   * lowering it trades consistency with the audio for diversity of the images. Conditioning `'class'`: of
   * the per-image binary cross-entropy (summed over pixels, mean over images), as the CVAE's.
   */
  reconstructionWeight: number;
  /**
   * Weight of the KL term (original: 1e-3, on the original's mean over units). Conditioning `'class'`: on
   * the KL summed over latent units, averaged over images (the ELBO), as the CVAE's.
   */
  klWeight: number;
}

export interface WganConfig extends ImageShapeConfig {
  preset: PresetName;
  /**
   * `'audio'`: the generator gets `concat(noise, audioEncoder(audio))` and the critic sees
   * `concat(image, audio)` as channels (needs inputHeight = inputWidth = imageSize).
   * `'none'`: the original unconditioned WGAN-GP (audio only sets the batch size in `generate`).
   * `'class'` (the `recommended` preset): an audio classifier hears the class; the generator draws from
   * `concat(noise, class vector)` and a projection critic scores (image, class). Training feeds the pair's
   * label (and teaches the classifier on it in its own phase); generation feeds the classifier's
   * probabilities. Needs `labels` in the batch; any spectrogram size.
   */
  conditioning: 'audio' | 'none' | 'class';
  /** Conditioning `'class'`: how many classes the audio classifier tells apart (10 digits). */
  classCount: number;
  /**
   * Conditioning `'class'`: the audio classifier's layout, `'small'` (every preset) or `'deep'` (more
   * convs, several times the classifier's cost); see `AudioClassifierLayout`.
   */
  audioClassifierLayout: AudioClassifierLayout;
  /** Length of the noise vector (original: 100). */
  noiseSize: number;
  /** Length of the audio embedding concatenated with the noise (conditioning 'audio' only). */
  audioEmbeddingSize: number;
  /**
   * Width of the audio encoder's first conv (conditioning 'audio'), or of the audio classifier's
   * (conditioning 'class').
   */
  audioEncoderFilters: number;
  /** Generator width unit; blocks use 16x, 8x, 4x (and 2x at 64 x 64) of it (original: 64). */
  generatorFilters: number;
  /** Critic width unit; blocks use 1x, 2x, 4x, 8x of it (original: 64). */
  criticFilters: number;
  /** Lambda of the gradient penalty (original: 10). */
  gradientPenaltyWeight: number;
  /** Critic updates per generator update (original: 5). Used by trainers, not by the models. */
  criticStepsPerGeneratorStep: number;
}

/**
 * The config type of each model kind. The registry table (`MODEL_REGISTRY` in src/registry) has exactly
 * these keys, which the compiler checks; `MODEL_KINDS` is read from the table.
 */
export interface ConfigByKind {
  cgan: CganConfig;
  cvae: CvaeConfig;
  vaegan: VaeganConfig;
  wgan: WganConfig;
}

/** `'cgan' | 'cvae' | 'vaegan' | 'wgan'`. */
export type ModelKind = keyof ConfigByKind;
