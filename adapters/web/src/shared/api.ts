import { createPaysagaClient, type PaysagaClient, type Problem } from '../../../../clients/typescript/index.js';

export interface Session {
  readonly token: string;
  readonly customerId: string;
  readonly role: 'shopper' | 'operator';
}

/** A session kept in this browser tab's storage: demo mode mints its token at `POST /dev/token`. */
export class Sessions {
  constructor(private readonly key: string) {}
  get(): Session | undefined {
    const raw = localStorage.getItem(this.key);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as Session;
    } catch {
      return undefined;
    }
  }
  set(session: Session): void {
    localStorage.setItem(this.key, JSON.stringify(session));
  }
  clear(): void {
    localStorage.removeItem(this.key);
  }
}

/** The typed client on this page's own origin, sending the session's token. */
export function apiFor(sessions: Sessions): PaysagaClient {
  return createPaysagaClient({ baseUrl: location.origin, token: () => sessions.get()?.token });
}

/** Signs in through demo mode's token route; a production storefront gets its tokens from its identity provider. */
export async function signIn(api: PaysagaClient, sessions: Sessions, role: 'shopper' | 'operator', customerId?: string): Promise<Session> {
  const { data, error } = await api.POST('/dev/token', { body: { role, ...(customerId ? { customerId } : {}) } });
  if (error !== undefined || data === undefined) throw new ApiError(error ?? { title: 'sign-in failed', status: 500, code: 'request.failed' });
  const session: Session = { token: data.token, customerId: data.customerId, role: data.role };
  sessions.set(session);
  return session;
}

/** A problem+json answer, as an exception with its text for the page. */
export class ApiError extends Error {
  constructor(readonly problem: Partial<Problem> & { title?: string }) {
    super(describe(problem));
  }
  get code(): string | undefined {
    return typeof this.problem.code === 'string' ? this.problem.code : undefined;
  }
}

function describe(problem: Partial<Problem> & { title?: string }): string {
  const fields = Array.isArray(problem.errors) ? problem.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : '';
  return [problem.detail ?? problem.title ?? 'the request failed', fields].filter(Boolean).join(' — ');
}

/** The data of a 2xx answer, or an ApiError with the problem's text. */
export function need<T>(answer: { data?: T; error?: unknown }): T {
  if (answer.error !== undefined || answer.data === undefined) throw new ApiError((answer.error ?? {}) as Partial<Problem>);
  return answer.data;
}

/** A fresh key per attempt the shopper makes, kept across retries of that attempt. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
