import { expect } from 'vitest';
import { ChannelError } from '../../src/notifications/api.js';

/** The `ChannelError` a channel's send rejected with; fails the test when it resolved or threw something else. */
export async function channelFailure(send: Promise<unknown>): Promise<ChannelError> {
  const error = await send.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}
