import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

// This file deliberately imports no backend: vitest runs each test file in its own process.
describe('importing @ifa/models', () => {
  it('selects no backend and registers no custom layer until a model is created', async () => {
    const serializationMap = tf.serialization.SerializationMap.getMap().classNameMap;
    const models = await import('../src');
    expect(Object.keys(tf.engine().registryFactory)).toEqual([]);
    expect(tf.engine().backendName).toBeFalsy();
    expect(serializationMap.IfaInstanceNormalization).toBeUndefined();
    expect(serializationMap.IfaLeakyReLU).toBeUndefined();
    models.registerCustomLayers();
    expect(serializationMap.IfaInstanceNormalization).toBeDefined();
    expect(serializationMap.IfaLeakyReLU).toBeDefined();
  });
});
