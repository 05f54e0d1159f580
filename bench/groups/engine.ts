/** Placeholder until the engine comparison exists. */
import type { BenchContext } from '../lib/context.js';

export async function engineGroup(_ctx: BenchContext, _options: { activities: number }): Promise<{ error: string }> {
  return { error: 'not implemented yet' };
}
