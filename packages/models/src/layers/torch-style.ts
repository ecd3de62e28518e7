import * as tfl from '@tensorflow/tfjs-layers';
import type { SeededInitializers } from './seeded-initializers';

type Symbolic = tfl.SymbolicTensor;

export interface TorchConvOptions {
  filters: number;
  kernel: number;
  stride: number;
  /** PyTorch `padding`: zeros added on every side before the conv. */
  padding: number;
  useBias: boolean;
  name: string;
}

function apply(layer: tfl.layers.Layer, input: Symbolic | Symbolic[]): Symbolic {
  return layer.apply(input) as Symbolic;
}

/**
 * PyTorch `Conv2d(k, s, p)` in NHWC. tfjs `'same'` pads asymmetrically (extra zeros at the bottom/right) when
 * the stride is > 1, which shifts the sampling grid against PyTorch's symmetric padding, so strided convs
 * get an explicit ZeroPadding2D followed by a `'valid'` conv. The kernel is drawn from N(0, 0.02)
 * (`init.ganKernel()`, the original's `initialize_weights`); the bias starts at zero.
 */
export function torchConv2d(x: Symbolic, o: TorchConvOptions, init: SeededInitializers): Symbolic {
  // With stride 1 and an odd kernel, 'same' pads (k - 1) / 2 on every side, exactly PyTorch's p; it saves
  // a separate pad layer whose gradient (a 4-D slice) is slow on the cpu backend.
  const same = o.stride === 1 && o.kernel % 2 === 1 && o.padding === (o.kernel - 1) / 2;
  const padded =
    o.padding > 0 && !same
      ? apply(
          tfl.layers.zeroPadding2d({
            padding: [
              [o.padding, o.padding],
              [o.padding, o.padding],
            ],
            name: `${o.name}_pad`,
          }),
          x,
        )
      : x;
  return apply(
    tfl.layers.conv2d({
      filters: o.filters,
      kernelSize: o.kernel,
      strides: o.stride,
      padding: same ? 'same' : 'valid',
      useBias: o.useBias,
      kernelInitializer: init.ganKernel(),
      name: o.name,
    }),
    padded,
  );
}

/**
 * PyTorch `ConvTranspose2d(k, s, p)` in NHWC, output `(in - 1) * s + k - 2p`. tfjs `'valid'` transposed conv
 * gives `in * s + max(k - s, 0)`, i.e. PyTorch's un-padded output plus `max(s - k, 0)` trailing zeros; we
 * crop `p` from the start and `p + max(s - k, 0)` from the end so sizes (4 -> 7 -> 14 -> 28) match exactly.
 * Kernel init as `torchConv2d`.
 */
export function torchConvTranspose2d(x: Symbolic, o: TorchConvOptions, init: SeededInitializers): Symbolic {
  const y = apply(
    tfl.layers.conv2dTranspose({
      filters: o.filters,
      kernelSize: o.kernel,
      strides: o.stride,
      padding: 'valid',
      useBias: o.useBias,
      kernelInitializer: init.ganKernel(),
      name: o.name,
    }),
    x,
  );
  const start = o.padding;
  const end = o.padding + Math.max(o.stride - o.kernel, 0);
  if (start === 0 && end === 0) return y;
  return apply(
    tfl.layers.cropping2D({
      cropping: [
        [start, end],
        [start, end],
      ],
      name: `${o.name}_crop`,
    }),
    y,
  );
}

/** PyTorch `BatchNorm2d` defaults: momentum 0.1 (0.9 in Keras terms) and epsilon 1e-5. */
export function torchBatchNorm(x: Symbolic, name: string): Symbolic {
  return apply(tfl.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5, name }), x);
}

export function relu(x: Symbolic, name: string): Symbolic {
  return apply(tfl.layers.reLU({ name }), x);
}

export function leakyRelu(x: Symbolic, name: string, alpha = 0.2): Symbolic {
  return apply(tfl.layers.leakyReLU({ alpha, name }), x);
}

export function activation(x: Symbolic, kind: 'sigmoid' | 'tanh' | 'linear', name: string): Symbolic {
  return kind === 'linear' ? x : apply(tfl.layers.activation({ activation: kind, name }), x);
}

export function concat(xs: Symbolic[], name: string): Symbolic {
  return apply(tfl.layers.concatenate({ axis: -1, name }), xs);
}

export function add(xs: Symbolic[], name: string): Symbolic {
  return apply(tfl.layers.add({ name }), xs);
}
