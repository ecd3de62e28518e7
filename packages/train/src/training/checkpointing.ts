import type { IfaModel, JsonObject, ModelPreprocessing, TrainingPhase } from '@ifa/models';
import { type RunFingerprint, type TrainerPosition, writeCheckpoint } from '../checkpoint';
import type { PositionalAdam } from '../optimizer';

/** Writes the model, every optimizer's state and `position` into a checkpoint folder, atomically. */
export type CheckpointSaver = (dir: string, position: TrainerPosition) => Promise<void>;

export function checkpointSaver(options: {
  model: IfaModel;
  phases: readonly TrainingPhase[];
  optimizers: readonly PositionalAdam[];
  fingerprint: RunFingerprint;
  /** Stored in the model's `ifa-model.json` (run info). */
  metadata: JsonObject;
  /** Stored as the model's `preprocessing` record: how audio is encoded for it. */
  preprocessing: ModelPreprocessing;
}): CheckpointSaver {
  const { model, phases, optimizers, fingerprint, metadata, preprocessing } = options;
  return async (dir, position) => {
    const states = await Promise.all(
      phases.map(async (phase, i) => ({ name: phase.name, state: await optimizers[i]!.getState() })),
    );
    await writeCheckpoint(dir, model, { position, fingerprint, optimizers: states, metadata, preprocessing });
  };
}
