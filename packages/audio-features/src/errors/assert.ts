import { InvalidOptionError } from '@ifa/core';

export function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new InvalidOptionError({ option: name, value, expected: 'a positive integer' });
  }
}

export function assertPositiveFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError({ option: name, value, expected: 'a positive finite number' });
  }
}
