import type { TrainingPhase } from '@ifa/models';
import {
  checkpointExists,
  type RunFingerprint,
  readTrainerState,
  type TrainerPosition,
  type TrainerState,
  trainerStatePath,
} from '../checkpoint';
import { CheckpointError } from '../errors';
import type { AdamState, PositionalAdam } from '../optimizer';
import { compareFingerprints } from './fingerprint';

/** The checkpoint a resumed run continues from, read and checked field by field. */
export interface ResumeState {
  dir: string;
  state: TrainerState;
  optimizers: { name: string; state: AdamState }[];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : noun.endsWith('h') ? 'es' : 's'}`;
}

/** Finds the checkpoint to resume from (`latest`) and reads its trainer state. */
export async function openResumeCheckpoint(latest: string): Promise<ResumeState> {
  if (!(await checkpointExists(latest))) {
    throw new CheckpointError(
      latest,
      'nothing to resume from; start the run without --resume (with --overwrite when the folder holds a ' +
        'run that stopped before its first checkpoint).',
    );
  }
  const { state, optimizers } = await readTrainerState(latest);
  return { dir: latest, state, optimizers };
}

/**
 * Refuses to resume with options or data other than the checkpoint's (naming every difference). Fields an
 * older checkpoint did not record are reported through `say` and not checked.
 */
export function checkFingerprint(
  resume: ResumeState,
  fingerprint: RunFingerprint,
  say: (message: string) => void,
): void {
  const { changes, unchecked } = compareFingerprints(resume.state.fingerprint, fingerprint);
  if (changes.length > 0) {
    throw new CheckpointError(
      resume.dir,
      `cannot resume: ${changes.join('; ')}. Resume with the original options, or start a new run with a ` +
        'new --out (or --overwrite).',
    );
  }
  if (unchecked.length > 0) {
    say(
      `warning: checkpoint ${resume.dir} was written by an older @ifa/train; not checked: ` +
        `${unchecked.join(', ')}. Resuming as if they match.`,
    );
  }
}

/** Checks the saved position against the run's batches per epoch and returns it. */
export function checkPosition(resume: ResumeState, batchesPerEpoch: number): TrainerPosition {
  const path = trainerStatePath(resume.dir);
  const { epoch, batchInEpoch, step } = resume.state;
  if (batchInEpoch > batchesPerEpoch) {
    throw new CheckpointError(
      path,
      `"batchInEpoch" is ${batchInEpoch} but an epoch has ${count(batchesPerEpoch, 'batch')}; the trainer state is damaged.`,
    );
  }
  const expected = epoch * batchesPerEpoch + batchInEpoch;
  if (step !== expected) {
    throw new CheckpointError(
      path,
      `"step" is ${step} but epoch ${epoch}, batch ${batchInEpoch} means step ${expected} ` +
        `(${count(batchesPerEpoch, 'batch')} per epoch); the trainer state is damaged.`,
    );
  }
  return { epoch, batchInEpoch, step };
}

/**
 * Puts the saved Adam moments back into `optimizers` (one per phase), after checking each optimizer's
 * update count against the schedule: a phase run every `every` batches has made `floor(step / every)`.
 */
export function restoreOptimizers(
  resume: ResumeState,
  phases: readonly TrainingPhase[],
  optimizers: readonly PositionalAdam[],
): void {
  const path = trainerStatePath(resume.dir);
  phases.forEach((phase, i) => {
    const index = resume.optimizers.findIndex((o) => o.name === phase.name);
    if (index < 0) throw new CheckpointError(resume.dir, `no optimizer state for '${phase.name}'.`);
    const saved = resume.optimizers[index]!.state;
    const updates = Math.floor(resume.state.step / phase.every);
    if (saved.step !== updates) {
      throw new CheckpointError(
        path,
        `"optimizers[${index}].step" is ${saved.step} but step ${resume.state.step} means ` +
          `${count(updates, 'update')} of '${phase.name}'; the trainer state is damaged.`,
      );
    }
    optimizers[i]!.setState(saved);
  });
}
