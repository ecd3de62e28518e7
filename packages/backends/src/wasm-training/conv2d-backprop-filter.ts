import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { gatherPatchesTransposed, isPatchGemmConv } from './patch-gemm.js';
import {
  conv2d,
  matMul,
  release,
  slice,
  swapOuterInner,
  swapOuterMiddle,
  view,
} from './wasm-kernel-calls.js';
import { WasmTrainingError } from './wasm-training-error.js';

/**
 * dW[i, j, ci, co] = sum over b, ho, wo of x[b, ho*s + i*d - padTop, wo*s + j*d - padLeft, ci] * dy[b, ho, wo, co].
 *
 * That is itself a convolution, which lets XNNPACK do the work: put the batch in the channel slot
 * (x as [Ci, H, W, B]), use dy as the filter ([Ho, Wo, B, Co]), and swap the roles of stride and
 * dilation. The result [Ci, kh, kw, Co] is transposed back to the filter layout.
 */
export function conv2dBackpropFilterWasm(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') {
    throw new WasmTrainingError(
      `Conv2DBackpropFilter on wasm supports dataFormat 'NHWC' only, got '${dataFormat}'. Use channels-last tensors.`,
    );
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  if (isPatchGemmConv(info)) return patchGemmBackpropFilter(backend, x, dy, info);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  // Bottom/right padding that makes the "convolution" produce exactly filterHeight x filterWidth outputs;
  // when negative, the trailing rows/columns of x are never read by the forward conv and are cropped.
  const padBottom =
    (filterHeight - 1) * dilationHeight + (outHeight - 1) * strideHeight + 1 - inHeight - padTop;
  const padRight = (filterWidth - 1) * dilationWidth + (outWidth - 1) * strideWidth + 1 - inWidth - padLeft;

  const owned: TensorInfo[] = [];
  try {
    let source = x;
    if (padBottom < 0 || padRight < 0) {
      source = slice(
        backend,
        x,
        [0, 0, 0, 0],
        [batchSize, inHeight + Math.min(padBottom, 0), inWidth + Math.min(padRight, 0), inChannels],
      );
      owned.push(source);
    }
    const [, keptHeight, keptWidth] = source.shape as [number, number, number, number];
    const xT = swapOuterInner(backend, source, batchSize, keptHeight * keptWidth, inChannels, [
      inChannels,
      keptHeight,
      keptWidth,
      batchSize,
    ]);
    owned.push(xT);
    const dyT = swapOuterMiddle(backend, dy, batchSize, outHeight * outWidth, outChannels, [
      outHeight,
      outWidth,
      batchSize,
      outChannels,
    ]);
    owned.push(dyT);
    const grad = conv2d(backend, xT, dyT, {
      strides: [dilationHeight, dilationWidth],
      dilations: [strideHeight, strideWidth],
      pad: [
        [0, 0],
        [padTop, Math.max(padBottom, 0)],
        [padLeft, Math.max(padRight, 0)],
        [0, 0],
      ],
    });
    owned.push(grad);
    if (grad.shape[1] !== filterHeight || grad.shape[2] !== filterWidth || grad.shape[3] !== outChannels) {
      throw new WasmTrainingError(
        `Conv2DBackpropFilter on wasm produced shape [${grad.shape}] instead of [${inChannels},${filterHeight},${filterWidth},${outChannels}] for x [${x.shape}], dy [${dy.shape}]; please report this input.`,
      );
    }
    return swapOuterMiddle(backend, grad, inChannels, filterHeight * filterWidth, outChannels, [
      filterHeight,
      filterWidth,
      inChannels,
      outChannels,
    ]);
  } finally {
    release(backend, ...owned);
  }
}

/**
 * dW [K, Co] = patches^T [K, N] @ dy [N, Co] for windows that do not overlap (`patch-gemm.ts`). The stock
 * GEMM takes no transposed operand, so the patches are gathered transposed. The other way round, dW^T =
 * dy^T @ patches, would transpose dy instead but make XNNPACK pack all of the patches as its weights
 * (about 4 ns a float here) and leave dW^T to transpose: for the CVAE encoder's 4 x 4 conv to 1 x 1 that
 * took 14 ms a call in a training step, against 2.5-3.4 ms this way (two threads).
 */
function patchGemmBackpropFilter(
  backend: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const co = info.outChannels;
  const patchesT = gatherPatchesTransposed(backend, x, info);
  try {
    const grad = matMul(backend, patchesT, view(dy, [rows, co]));
    return view(grad, [info.filterHeight, info.filterWidth, info.inChannels, co]);
  } finally {
    release(backend, patchesT);
  }
}

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterWasm as unknown as KernelFunc,
};
