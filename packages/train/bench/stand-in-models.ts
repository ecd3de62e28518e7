/**
 * Stand-ins for the @ifa/models `seed` architectures (issue 4), used by the benchmark until
 * @ifa/models exports createCgan/createCvae/createVaegan. PyTorch padding is an explicit ZeroPadding2D
 * + 'valid' conv and PyTorch ConvTranspose2d padding a crop, as @ifa/models does, so the kernels run
 * are the ones the real models run. bench/pytorch-peer.py builds the same layers in PyTorch.
 */
import * as tfl from '@tensorflow/tfjs-layers';

type S = tfl.SymbolicTensor;
const ap = (layer: tfl.layers.Layer, x: S | S[]): S => layer.apply(x) as S;

function conv(x: S, filters: number, kernel: number, stride: number, padding: number, useBias = true): S {
  const padded = padding > 0 ? ap(tfl.layers.zeroPadding2d({ padding }), x) : x;
  return ap(
    tfl.layers.conv2d({ filters, kernelSize: kernel, strides: stride, padding: 'valid', useBias }),
    padded,
  );
}

function convT(x: S, filters: number, kernel: number, stride: number, padding: number, useBias = true): S {
  const y = ap(
    tfl.layers.conv2dTranspose({ filters, kernelSize: kernel, strides: stride, padding: 'valid', useBias }),
    x,
  );
  const end = padding + Math.max(stride - kernel, 0);
  if (padding === 0 && end === 0) return y;
  return ap(
    tfl.layers.cropping2D({
      cropping: [
        [padding, end],
        [padding, end],
      ],
    }),
    y,
  );
}

const bn = (x: S): S => ap(tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }), x);
const relu = (x: S): S => ap(tfl.layers.reLU(), x);
const lrelu = (x: S): S => ap(tfl.layers.leakyReLU({ alpha: 0.2 }), x);

function residualBlock(x: S, filters: number, stride: number): S {
  let y = relu(bn(x));
  y = conv(y, filters, 3, stride, 1);
  y = relu(bn(y));
  y = conv(y, filters, 3, 1, 1);
  const skip = bn(conv(x, filters, 3, stride, 1));
  return ap(tfl.layers.add(), [y, skip]);
}

export function cganGenerator(
  widths: [number, number, number, number] = [64, 128, 256, 512],
): tfl.LayersModel {
  const [f0, f1, f2, f3] = widths;
  const audio = tfl.input({ shape: [28, 28, 1] });
  let a = conv(audio, f0, 3, 1, 1);
  a = conv(relu(bn(a)), f0, 3, 1, 1);
  const x1 = ap(tfl.layers.add(), [a, conv(audio, f0, 3, 1, 1)]);
  const x2 = residualBlock(x1, f1, 2);
  const x3 = residualBlock(x2, f2, 2);
  const x4 = residualBlock(x3, f3, 2);
  let u = convT(x4, f3, 3, 2, 1);
  u = residualBlock(ap(tfl.layers.concatenate(), [u, x3]), f2, 1);
  u = convT(u, f2, 4, 2, 1);
  u = residualBlock(ap(tfl.layers.concatenate(), [u, x2]), f1, 1);
  u = convT(u, f1, 4, 2, 1);
  u = residualBlock(ap(tfl.layers.concatenate(), [u, x1]), f0, 1);
  return tfl.model({ inputs: audio, outputs: conv(u, 1, 1, 1, 0) });
}

/** Discriminator on concat(image, audio[, noise-free]); inputs are given already concatenated. */
export function pairDiscriminator(inChannels: number, filters = 64): tfl.LayersModel {
  const pair = tfl.input({ shape: [28, 28, inChannels] });
  let x = lrelu(conv(pair, filters, 2, 2, 1, false));
  x = relu(bn(conv(x, filters * 2, 2, 2, 1, false)));
  x = relu(bn(conv(x, filters * 4, 2, 2, 1, false)));
  x = conv(x, 1, 4, 2, 0, false);
  x = ap(tfl.layers.flatten(), x);
  return tfl.model({ inputs: pair, outputs: ap(tfl.layers.activation({ activation: 'sigmoid' }), x) });
}

/** CVAE encoder: conv k2 s2 p1 (-> 64), LeakyReLU, [conv, BN, ReLU] -> 128, 256, conv k4 s2 -> 512; mu, logvar. */
export function vaeEncoder(inChannels: number, latent = 10): tfl.LayersModel {
  const x0 = tfl.input({ shape: [28, 28, inChannels] });
  let x = lrelu(conv(x0, 64, 2, 2, 1));
  x = relu(bn(conv(x, 128, 2, 2, 1)));
  x = relu(bn(conv(x, 256, 2, 2, 1)));
  x = ap(tfl.layers.flatten(), conv(x, 512, 4, 2, 0));
  const mu = ap(tfl.layers.dense({ units: latent }), x);
  const logvar = ap(tfl.layers.dense({ units: latent }), x);
  return tfl.model({ inputs: x0, outputs: [mu, logvar] });
}

/**
 * CVAE decoder from [N, 1, 1, latent]: ConvT k4 s1 (1 -> 4, 256), k3 s2 p1 (4 -> 7, 128), k4 s1 (7 -> 10, 64),
 * then the original's ConvTranspose2d(64, 1, k1, s3) without bias (10 -> 28).
 */
export function vaeDecoder(latent = 10): tfl.LayersModel {
  const z = tfl.input({ shape: [1, 1, latent] });
  let x = relu(bn(convT(z, 256, 4, 1, 0)));
  x = relu(bn(convT(x, 128, 3, 2, 1)));
  x = relu(bn(convT(x, 64, 4, 1, 0)));
  x = convT(x, 1, 1, 3, 0, false);
  return tfl.model({ inputs: z, outputs: x });
}
