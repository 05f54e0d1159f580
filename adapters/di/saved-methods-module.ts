import { ContainerModule } from 'inversify';
import { makeSavedMethods } from '../../src/payments/api.js';
import { MikroOrmSavedMethods } from '../persistence/mikro-orm-saved-methods.js';
import { TOKENS } from './tokens.js';

/** Ids: `spm_` and 24 random characters, as every other id (see `newId`). */
type NewId = (prefix: string) => string;

// Saved payment methods: the repository, the gateways' stores of methods, the use cases.
export const savedMethodsModule = (newId: NewId) =>
  new ContainerModule(({ bind }) => {
    bind(TOKENS.savedMethodRepository).toDynamicValue((context) => new MikroOrmSavedMethods(context.get(TOKENS.orm)));
    // No gateway keeps saved methods yet: the integrator plugs Stripe's `SavedMethodGateway` in here
    // (by gateway id); until then every use case needing one answers `payments.saved_methods_unsupported`.
    bind(TOKENS.savedMethodGateways).toConstantValue(() => undefined);
    bind(TOKENS.savedMethods)
      .toDynamicValue((context) =>
        makeSavedMethods({
          repository: context.get(TOKENS.savedMethodRepository),
          gateways: context.get(TOKENS.savedMethodGateways),
          newId: () => newId('spm'),
          clock: context.get(TOKENS.clock),
        }),
      )
      .inSingletonScope();
  });
