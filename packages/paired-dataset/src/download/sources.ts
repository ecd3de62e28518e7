import { FSDD_VERSION } from '../checksums';

/** Where each dataset is fetched from. Override for mirrors, proxies or tests. */
export interface DatasetSources {
  /** Folders serving the four canonical MNIST `.gz` files; tried in order until one verifies. */
  mnistBaseUrls: readonly string[];
  /** The FSDD release tarball. */
  fsddTarballUrl: string;
}

export const DEFAULT_SOURCES: DatasetSources = Object.freeze({
  // yann.lecun.com answers 403 to scripts nowadays; these two mirror it byte for byte and are the ones
  // torchvision and TensorFlow Datasets use.
  mnistBaseUrls: Object.freeze([
    'https://ossci-datasets.s3.amazonaws.com/mnist/',
    'https://storage.googleapis.com/cvdf-datasets/mnist/',
  ]),
  fsddTarballUrl: `https://github.com/Jakobovski/free-spoken-digit-dataset/archive/refs/tags/v${FSDD_VERSION}.tar.gz`,
});
