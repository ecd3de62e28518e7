/**
 * A trained model shipped inside an npm package: one URL per file of its model folder, by the file's path
 * inside the folder. Structurally an @ifa/models `ModelFileMap`, so `loadModel(pretrained)` and
 * `loadPainter(pretrained)` take it as it is; this package itself depends on nothing.
 */
export interface PretrainedModel {
  /** Short name, as `ifa generate --model <name>` takes it. */
  readonly name: string;
  /** The @ifa/models kind stored in its `ifa-model.json`. */
  readonly kind: 'cgan' | 'cvae' | 'vaegan' | 'wgan';
  /** One line: what it draws from what. */
  readonly description: string;
  /** Licence of the weights (SPDX). */
  readonly license: string;
  /**
   * Path inside the model folder -> URL of the file. In Node these are `file:` URLs into this package
   * (offline, no download); a bundler (webpack 5, Vite, Parcel, esbuild with a file loader) copies each
   * file and rewrites its URL.
   */
  readonly files: Readonly<Record<string, URL>>;
  /** Shown in error messages: where `ifa-model.json` is. */
  readonly location: string;
  /**
   * In Node, the model folder inside this package (a `file:` URL: `fileURLToPath(folder)` is a path
   * `loadModel`, `evaluate` and `ifa generate --model` accept). After bundling, files may be renamed and
   * scattered: use `files` there.
   */
  readonly folder: URL;
}

/** Builds a {@link PretrainedModel} from its file URLs (`ifa-model.json` among them). */
export function describePretrained(options: {
  name: string;
  kind: PretrainedModel['kind'];
  description: string;
  license: string;
  files: Record<string, URL>;
}): PretrainedModel {
  const manifest = options.files['ifa-model.json'];
  if (manifest === undefined) throw new Error(`pretrained model ${options.name} lists no ifa-model.json`);
  return Object.freeze({
    name: options.name,
    kind: options.kind,
    description: options.description,
    license: options.license,
    files: Object.freeze({ ...options.files }),
    location: manifest.protocol === 'data:' ? `${options.name} (bundled)` : manifest.href,
    folder: new URL('./', manifest),
  });
}
