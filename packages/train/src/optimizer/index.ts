import { applyAdamUpdate } from '@ifa/backends/internal';
import * as tf from '@tensorflow/tfjs-core';

export interface AdamOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** The original trainer's settings: Adam(lr 3e-4, betas (0.0, 0.9)). */
export const DEFAULT_ADAM: AdamOptions = { learningRate: 3e-4, beta1: 0, beta2: 0.9, epsilon: 1e-8 };

/** Adam moments as plain arrays, in the order of the variables the optimizer was built with. */
export interface AdamState {
  step: number;
  firstMoments: Float32Array[];
  secondMoments: Float32Array[];
}

/**
 * Adam over a fixed, ordered list of variables. tfjs's own optimizer keys its moments by variable name,
 * and tfjs-layers names variables with a process-wide counter, so a model rebuilt in another process (or a
 * second model in the same one) would not match a saved state; here the state is positional, which makes
 * checkpoints resumable bit for bit.
 */
export class PositionalAdam {
  readonly options: AdamOptions;
  private readonly variables: tf.Variable[];
  private readonly firstMoments: tf.Variable[];
  private readonly secondMoments: tf.Variable[];
  private stepCount = 0;

  constructor(variables: readonly tf.Variable[], options: Partial<AdamOptions> = {}) {
    this.options = { ...DEFAULT_ADAM, ...options };
    this.variables = [...variables];
    this.firstMoments = this.variables.map((v) => tf.variable(tf.zerosLike(v), false));
    this.secondMoments = this.variables.map((v) => tf.variable(tf.zerosLike(v), false));
  }

  get step(): number {
    return this.stepCount;
  }

  /** Applies one update; `gradients[i]` belongs to the i-th variable. Disposes nothing it was given. */
  apply(gradients: readonly tf.Tensor[]): void {
    if (gradients.length !== this.variables.length) {
      throw new Error(
        `PositionalAdam: got ${gradients.length} gradients for ${this.variables.length} variables`,
      );
    }
    this.stepCount += 1;
    const { learningRate, beta1, beta2, epsilon } = this.options;
    // Bias corrections folded into the step size, as in Kingma & Ba (2015), Algorithm 1's last lines.
    const correctedRate =
      (learningRate * Math.sqrt(1 - beta2 ** this.stepCount)) / (1 - beta1 ** this.stepCount);
    this.variables.forEach((variable, i) => {
      applyAdamUpdate(variable, gradients[i]!, this.firstMoments[i]!, this.secondMoments[i]!, {
        beta1,
        beta2,
        epsilon,
        stepSize: correctedRate,
      });
    });
  }

  async getState(): Promise<AdamState> {
    const read = async (list: tf.Variable[]) =>
      Promise.all(list.map(async (t) => new Float32Array(await t.data<'float32'>())));
    return {
      step: this.stepCount,
      firstMoments: await read(this.firstMoments),
      secondMoments: await read(this.secondMoments),
    };
  }

  setState(state: AdamState): void {
    const check = (arrays: Float32Array[], what: string) => {
      if (arrays.length !== this.variables.length) {
        throw new Error(
          `optimizer state has ${arrays.length} ${what} for ${this.variables.length} variables`,
        );
      }
      arrays.forEach((array, i) => {
        if (array.length !== this.variables[i]!.size) {
          throw new Error(
            `optimizer ${what} #${i} has ${array.length} values, expected ${this.variables[i]!.size}`,
          );
        }
      });
    };
    check(state.firstMoments, 'first moments');
    check(state.secondMoments, 'second moments');
    this.stepCount = state.step;
    tf.tidy(() => {
      state.firstMoments.forEach((values, i) => {
        this.firstMoments[i]!.assign(tf.tensor(values, this.variables[i]!.shape, 'float32'));
      });
      state.secondMoments.forEach((values, i) => {
        this.secondMoments[i]!.assign(tf.tensor(values, this.variables[i]!.shape, 'float32'));
      });
    });
  }

  dispose(): void {
    for (const t of [...this.firstMoments, ...this.secondMoments]) t.dispose();
  }
}
