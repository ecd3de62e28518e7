import { probeBackends, selectBackend } from '@ifa/backends';
import { packageVersions } from '@ifa/train/internal';
import type { CliIo } from '../io';

export async function infoCommand(io: CliIo): Promise<void> {
  const lines: string[] = ['versions:'];
  for (const [name, version] of Object.entries(packageVersions()))
    lines.push(`  ${name.padEnd(24)} ${version ?? '-'}`);
  lines.push('backends:');
  for (const b of await probeBackends()) {
    const state = b.available ? (b.canTrain ? 'can train' : 'inference only') : 'unavailable';
    lines.push(`  ${b.backend.padEnd(15)} ${state.padEnd(15)} ${b.detail}`);
  }
  const choice = await selectBackend({ prefer: 'auto', log: null });
  lines.push(`auto would choose: ${choice.backend}`);
  lines.push(`  because ${choice.reason}`);
  io.stdout(`${lines.join('\n')}\n`);
}
