import type * as tfl from '@tensorflow/tfjs-layers';

function shapeOf(shape: unknown): number[] {
  const s = (Array.isArray(shape) && Array.isArray(shape[0]) ? shape[0] : shape) as Array<number | null>;
  return s.slice(1).map((d) => d ?? 1);
}

function kernelSize(layer: tfl.layers.Layer): [number, number] {
  const k = (layer.getConfig() as { kernelSize?: number | number[] }).kernelSize ?? 1;
  return Array.isArray(k) ? [k[0]!, k[1] ?? k[0]!] : [k, k];
}

/**
 * Floating-point operations for one sample through a model, counted as 2 x multiply-accumulates of its
 * Conv2D, Conv2DTranspose and Dense layers (the usual convention; normalisation, activations, additions
 * and padding are ignored, they are < 1% here). Uses the layers' static shapes, so it runs nothing.
 */
export function countFlopsPerSample(model: tfl.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const name = layer.getClassName();
    if (name !== 'Conv2D' && name !== 'Conv2DTranspose' && name !== 'Dense') continue;
    const inputTensor = layer.input;
    const input = shapeOf((Array.isArray(inputTensor) ? inputTensor[0]! : inputTensor).shape);
    const output = shapeOf(layer.outputShape);
    const inChannels = input[input.length - 1]!;
    const outChannels = output[output.length - 1]!;
    if (name === 'Dense') {
      flops += 2 * inChannels * outChannels;
      continue;
    }
    const [kh, kw] = kernelSize(layer);
    // Conv2D: every output pixel is a kh*kw*inC dot product. Transposed: every input pixel scatters a
    // kh*kw*outC patch.
    const positions = name === 'Conv2D' ? output[0]! * output[1]! : input[0]! * input[1]!;
    flops += 2 * positions * kh * kw * inChannels * outChannels;
  }
  return flops;
}
