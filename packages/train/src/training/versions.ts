import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);

function versionOf(name: string): string | null {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Versions recorded in run.json and printed by `ifa info`. */
export function packageVersions(): Record<string, string | null> {
  return {
    '@ifa/train': versionOf('@ifa/train'),
    '@ifa/models': versionOf('@ifa/models'),
    '@ifa/backends': versionOf('@ifa/backends'),
    '@ifa/paired-dataset': versionOf('@ifa/paired-dataset'),
    '@ifa/audio-features': versionOf('@ifa/audio-features'),
    '@ifa/core': versionOf('@ifa/core'),
    '@tensorflow/tfjs-core': tf.version_core,
    '@tensorflow/tfjs-layers': versionOf('@tensorflow/tfjs-layers'),
    node: process.versions.node,
  };
}
