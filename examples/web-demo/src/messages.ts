import { IfaError } from '@ifa/core';
import { DemoInputError } from './errors';

/** What the page says about a failure: a headline and what to do. */
export interface Explanation {
  title: string;
  detail: string;
  /** False for bugs: the page logs them to the console as well. */
  expected: boolean;
}

const MICROPHONE: Record<string, Omit<Explanation, 'expected'>> = {
  NotAllowedError: {
    title: 'The microphone is blocked.',
    detail:
      "This page may not use the microphone (denied now or earlier). Allow it in the browser's site " +
      'settings (the icon left of the address), then press the button again, or drop a WAV file instead.',
  },
  SecurityError: {
    title: 'The microphone is blocked.',
    detail: 'The browser does not let this page use a microphone here. Drop a WAV file instead.',
  },
  NotFoundError: {
    title: 'No microphone found.',
    detail: 'Connect one (or choose one in the system settings) and try again, or drop a WAV file.',
  },
  OverconstrainedError: {
    title: 'No suitable microphone found.',
    detail: 'Connect one and try again, or drop a WAV file.',
  },
  NotReadableError: {
    title: 'The microphone cannot be read.',
    detail:
      'Another program may be using it, or the system blocked it. Close that program, or drop a WAV file.',
  },
  AbortError: {
    title: 'The microphone stopped.',
    detail: 'Try again, or drop a WAV file.',
  },
};

const IFA_TITLES: Record<string, string> = {
  IFA_WAV_FORMAT: 'That file is not a WAV this page can read.',
  IFA_SILENT_AUDIO: 'The recording is silent.',
  IFA_EMPTY_AUDIO: 'The recording is empty.',
  IFA_AUDIO_TOO_LONG: 'That is too much sound to draw.',
  IFA_BACKEND_UNAVAILABLE: 'That backend cannot run here.',
  [DemoInputError.NOT_A_WAV]: 'That file is not a WAV recording.',
  [DemoInputError.FILE_TOO_BIG]: 'That file is too big.',
  [DemoInputError.CLIP_TOO_LONG]: 'That recording is too long.',
  [DemoInputError.NO_SPEECH]: 'No speech heard.',
};

const IFA_HINTS: Record<string, string> = {
  IFA_WAV_FORMAT: 'Drop a .wav recording (PCM or float samples).',
  IFA_EMPTY_AUDIO: 'Hold the button while you speak, or drop a WAV file with sound in it.',
  IFA_BACKEND_UNAVAILABLE: 'Choose "auto" in the backend list to let the page pick one that works.',
};

/**
 * The library's own messages speak to programmers (`pass { allowSilence: true }`); for these the page
 * says it in a user's terms, from the error's fields.
 */
function userDetail(error: IfaError): string | undefined {
  const { source } = error as { source?: string };
  const what = source ?? 'The recording';
  if (error.code === 'IFA_SILENT_AUDIO') {
    return `${what} is digital silence: every sample is (nearly) zero. Check that the right microphone is chosen and not muted, or drop another file.`;
  }
  if (error.code === 'IFA_AUDIO_TOO_LONG') {
    const { durationSeconds, maxDurationSeconds } = error as {
      durationSeconds?: number;
      maxDurationSeconds?: number;
    };
    return (
      `${what} holds ${durationSeconds?.toFixed(1)} s of sound; the model draws from at most ` +
      `${maxDurationSeconds} s (one spoken digit is about half a second). Cut it to the word.`
    );
  }
  return undefined;
}

/** Turns anything thrown while loading, recording or drawing into words for the page. */
export function explain(error: unknown): Explanation {
  if (IfaError.isInstance(error)) {
    const own = userDetail(error);
    if (own !== undefined)
      return { title: IFA_TITLES[error.code] ?? 'That did not work.', detail: own, expected: true };
    const hint = IFA_HINTS[error.code];
    return {
      title: IFA_TITLES[error.code] ?? 'That did not work.',
      detail: hint === undefined ? error.message : `${error.message} ${hint}`,
      expected: true,
    };
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && name in MICROPHONE) return { ...MICROPHONE[name]!, expected: true };
  const message = error instanceof Error ? error.message : String(error);
  return {
    title: 'Something went wrong.',
    detail: `${message} (This is a bug in the page; the console has the details.)`,
    expected: false,
  };
}
