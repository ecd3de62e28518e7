export interface FsddFileName {
  label: number;
  speaker: string;
  take: number;
}

const FSDD_NAME = /^(\d)_([a-z][a-z0-9]*)_(\d+)\.wav$/i;

/** Parses `{digit}_{speaker}_{take}.wav`; returns undefined for anything else. */
export function parseFsddFileName(fileName: string): FsddFileName | undefined {
  const match = FSDD_NAME.exec(fileName);
  if (!match) return undefined;
  return { label: Number(match[1]), speaker: match[2]!.toLowerCase(), take: Number(match[3]) };
}
