import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SPECTROGRAM_ENCODER_CONFIG } from '@ifa/audio-features';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Cgan,
  createCgan,
  IfaError,
  InvalidPreprocessingError,
  loadModel,
  MissingPreprocessingError,
  PREPROCESSING_VERSION,
  readModelManifest,
  saveModel,
  UnsupportedPreprocessingVersionError,
} from '../src';
import { withTempDir } from './helpers';
import { useCpuBackend } from './setup-backend';

beforeAll(useCpuBackend);

let model: Cgan;
beforeAll(() => {
  model = createCgan('tiny', { seed: 3 });
});
afterAll(() => model.dispose());

const FULL = { ...DEFAULT_SPECTROGRAM_ENCODER_CONFIG };

async function editManifest(dir: string, edit: (json: Record<string, unknown>) => void): Promise<void> {
  const path = join(dir, 'ifa-model.json');
  const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  edit(json);
  await writeFile(path, JSON.stringify(json));
}

async function loadError(dir: string, options: { requirePreprocessing?: boolean } = {}): Promise<unknown> {
  return loadModel(dir, options).then(
    (loaded) => {
      loaded.dispose();
      return null;
    },
    (error: unknown) => error,
  );
}

describe('preprocessing in ifa-model.json', () => {
  it('saveModel writes a complete, versioned record; loadModel validates it and sets model.preprocessing', async () => {
    await withTempDir(async (dir) => {
      const manifest = await saveModel(model, dir, {
        preprocessing: { encoder: { nMels: 28, hopLength: 64 } },
      });
      // Without speaker normalisation the record is version 1, which older readers understand.
      expect(manifest.preprocessing).toEqual({ version: 1, encoder: FULL });
      const onDisk = JSON.parse(await readFile(join(dir, 'ifa-model.json'), 'utf8'));
      expect(onDisk.preprocessing).toEqual({ version: 1, encoder: FULL });
      const loaded = await loadModel(dir, { requirePreprocessing: true });
      expect(loaded.preprocessing).toEqual({ version: 1, encoder: FULL });
      // It round-trips: saving the loaded model writes the same record.
      await withTempDir(async (again) => {
        expect((await saveModel(loaded, again)).preprocessing).toEqual(loaded.preprocessing);
      });
      loaded.dispose();
    });
  });

  it('a model without a record loads with preprocessing null, and no field is written', async () => {
    await withTempDir(async (dir) => {
      const manifest = await saveModel(model, dir);
      expect(manifest.preprocessing).toBeNull();
      const onDisk = JSON.parse(await readFile(join(dir, 'ifa-model.json'), 'utf8'));
      expect('preprocessing' in onDisk).toBe(false);
      const loaded = await loadModel(dir);
      expect(loaded.preprocessing).toBeNull();
      loaded.dispose();
    });
  });

  it('missing: requirePreprocessing refuses a model with no record (MissingPreprocessingError)', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir);
      const error = await loadError(dir, { requirePreprocessing: true });
      expect(error).toBeInstanceOf(MissingPreprocessingError);
      expect(error).toBeInstanceOf(IfaError);
      expect(error).toMatchObject({ code: 'IFA_MISSING_PREPROCESSING', source: dir });
      expect((error as Error).message).toMatch(/no "preprocessing" record .*saveModel/);
    });
  });

  it.each([
    ['not an object', (p: Record<string, unknown>) => ({ ...p, preprocessing: 'stft' }), 'preprocessing'],
    [
      'version missing',
      (p: Record<string, unknown>) => ({ ...p, preprocessing: { encoder: FULL } }),
      'preprocessing.version',
    ],
    [
      'version a string',
      (p: Record<string, unknown>) => ({ ...p, preprocessing: { version: '1', encoder: FULL } }),
      'preprocessing.version',
    ],
    [
      'encoder missing',
      (p: Record<string, unknown>) => ({ ...p, preprocessing: { version: 1 } }),
      'preprocessing.encoder',
    ],
    [
      'an encoder field missing',
      (p: Record<string, unknown>) => {
        const { nMels: _, ...rest } = FULL;
        return { ...p, preprocessing: { version: 1, encoder: rest } };
      },
      'preprocessing.encoder.nMels',
    ],
    [
      'an encoder field wrong-typed',
      (p: Record<string, unknown>) => ({
        ...p,
        preprocessing: { version: 1, encoder: { ...FULL, nMels: '28' } },
      }),
      'preprocessing.encoder.nMels',
    ],
    [
      'a boolean field wrong-typed',
      (p: Record<string, unknown>) => ({ ...p, preprocessing: { version: 1, encoder: { ...FULL, htk: 0 } } }),
      'preprocessing.encoder.htk',
    ],
    [
      'an unknown encoder field',
      (p: Record<string, unknown>) => ({
        ...p,
        preprocessing: { version: 1, encoder: { ...FULL, dither: 1 } },
      }),
      'preprocessing.encoder.dither',
    ],
    [
      'a value the encoder rejects',
      (p: Record<string, unknown>) => ({
        ...p,
        preprocessing: { version: 1, encoder: { ...FULL, nFrames: 0 } },
      }),
      'preprocessing.encoder.nFrames',
    ],
    [
      'an unknown top-level field',
      (p: Record<string, unknown>) => ({ ...p, preprocessing: { version: 1, encoder: FULL, dither: true } }),
      'preprocessing.dither',
    ],
  ])('wrong-typed or malformed (%s): InvalidPreprocessingError naming the field', async (_, edit, field) => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir, { preprocessing: { encoder: {} } });
      await editManifest(dir, (json) => Object.assign(json, edit(json)));
      for (const attempt of [loadError(dir), readModelManifest(dir).catch((e: unknown) => e)]) {
        const error = await attempt;
        expect(error).toBeInstanceOf(InvalidPreprocessingError);
        expect(error).toMatchObject({ code: 'IFA_INVALID_PREPROCESSING', field, source: dir });
        expect((error as Error).message.startsWith(`${dir}: ${field} `)).toBe(true);
      }
    });
  });

  it('future version: UnsupportedPreprocessingVersionError, before the encoder is looked at', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir, { preprocessing: { encoder: {} } });
      await editManifest(dir, (json) => {
        json.preprocessing = { version: PREPROCESSING_VERSION + 1, encoder: { melScale: 'future' } };
      });
      const error = await loadError(dir);
      expect(error).toBeInstanceOf(UnsupportedPreprocessingVersionError);
      expect(error).toMatchObject({
        code: 'IFA_UNSUPPORTED_PREPROCESSING_VERSION',
        version: PREPROCESSING_VERSION + 1,
        supportedVersion: PREPROCESSING_VERSION,
      });
      expect((error as Error).message).toMatch(
        new RegExp(`version ${PREPROCESSING_VERSION + 1} is newer .*Upgrade @ifa/models`),
      );
    });
  });

  it('speaker normalisation is stored as version 2, validated, and round-trips', async () => {
    const referenceBandMeans = Array.from({ length: FULL.nMels }, (_, i) => 0.3 + i / 100);
    const referenceBandStds = referenceBandMeans.map((m) => m / 2);
    const speakerNormalisation = { referenceBandMeans, referenceBandStds };
    await withTempDir(async (dir) => {
      const manifest = await saveModel(model, dir, {
        preprocessing: { encoder: {}, speakerNormalisation },
      });
      expect(manifest.preprocessing).toEqual({ version: 2, encoder: FULL, speakerNormalisation });
      const loaded = await loadModel(dir, { requirePreprocessing: true });
      expect(loaded.preprocessing?.speakerNormalisation).toEqual(speakerNormalisation);
      loaded.dispose();
      for (const [edit, field] of [
        [{ version: 1 }, 'preprocessing.speakerNormalisation'],
        [
          { speakerNormalisation: { referenceBandMeans: [1, 2] } },
          'preprocessing.speakerNormalisation.referenceBandMeans',
        ],
        [
          { speakerNormalisation: { referenceBandMeans: referenceBandMeans.map(() => null) } },
          'preprocessing.speakerNormalisation.referenceBandMeans',
        ],
        [{ speakerNormalisation: [] }, 'preprocessing.speakerNormalisation'],
      ] as const) {
        await editManifest(dir, (json) => {
          json.preprocessing = { ...(json.preprocessing as object), ...edit };
        });
        expect(await loadError(dir)).toMatchObject({ code: 'IFA_INVALID_PREPROCESSING', field });
        await editManifest(dir, (json) => {
          json.preprocessing = manifest.preprocessing;
        });
      }
    });
    await expect(
      withTempDir((dir) =>
        saveModel(model, dir, {
          preprocessing: { version: 1, encoder: {}, speakerNormalisation },
        }),
      ),
    ).rejects.toMatchObject({ field: 'preprocessing.speakerNormalisation' });
  });

  it('old-format checkpoints (metadata.encoder, no preprocessing) still load, as version 1', async () => {
    await withTempDir(async (dir) => {
      // What @ifa/train wrote before the record existed, partial configs included.
      await saveModel(model, dir, {
        metadata: { encoder: { nMels: 28, topDb: 60 }, trainedWith: '@ifa/train' },
      });
      const onDisk = JSON.parse(await readFile(join(dir, 'ifa-model.json'), 'utf8'));
      expect('preprocessing' in onDisk).toBe(false);
      const loaded = await loadModel(dir, { requirePreprocessing: true });
      expect(loaded.preprocessing).toEqual({ version: 1, encoder: { ...FULL, topDb: 60 } });
      expect(loaded.metadata.encoder).toEqual({ nMels: 28, topDb: 60 });
      loaded.dispose();
      // A wrong-typed legacy record is refused just the same, naming metadata.encoder.
      await editManifest(dir, (json) => {
        json.metadata = { encoder: { nMels: 'many' } };
      });
      expect(await loadError(dir)).toMatchObject({ field: 'metadata.encoder.nMels' });
    });
  });

  it('the typed record wins over a legacy metadata.encoder', async () => {
    await withTempDir(async (dir) => {
      await saveModel(model, dir, {
        metadata: { encoder: { topDb: 60 } },
        preprocessing: { version: 1, encoder: { topDb: 70 } },
      });
      expect((await readModelManifest(pathToFileURL(dir))).preprocessing?.encoder.topDb).toBe(70);
    });
  });

  it('saveModel refuses an invalid record before writing anything', async () => {
    await withTempDir(async (dir) => {
      const target = join(dir, 'm');
      await expect(
        saveModel(model, target, { preprocessing: { encoder: { nMels: -1 } } }),
      ).rejects.toBeInstanceOf(InvalidPreprocessingError);
      await expect(
        saveModel(model, target, { preprocessing: { version: 9, encoder: {} } }),
      ).rejects.toBeInstanceOf(UnsupportedPreprocessingVersionError);
      await expect(readFile(join(target, 'ifa-model.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
