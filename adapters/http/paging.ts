import { InvalidCursorError } from '../persistence/mikro-orm-storefront-queries.js';
import { HttpProblem } from './problem.js';

/** Runs a keyset-page read; a cursor it cannot decode is the client's 400, not a 500. */
export async function paged<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new HttpProblem(400, 'request.invalid_cursor', 'Bad Request', error.message);
    throw error;
  }
}
