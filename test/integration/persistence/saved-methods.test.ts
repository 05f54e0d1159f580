/** The saved methods' contract against MikroORM on a real PostgreSQL database of its own. */
import { MikroOrmSavedMethods } from '../../../adapters/persistence/mikro-orm-saved-methods.js';
import { savedMethodsContract } from '../../contracts/saved-methods.contract.js';
import { useMigratedDatabase } from '../../support/database.js';
import { aPaymentRow } from '../../support/mothers/payment-rows.js';

const orm = useMigratedDatabase();

savedMethodsContract({
  name: 'MikroORM on PostgreSQL',
  async open() {
    return { repository: new MikroOrmSavedMethods(orm), aPayment: () => aPaymentRow((sql, params) => orm.em.fork().execute(sql, params)) };
  },
});
