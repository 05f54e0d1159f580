import { InMemorySavedMethods } from '../../../adapters/persistence/in-memory/in-memory-saved-methods.js';
import { savedMethodsContract } from '../../contracts/saved-methods.contract.js';
import { fresh } from '../../support/mothers/ids.js';

savedMethodsContract({
  name: 'InMemorySavedMethods',
  async open() {
    return { repository: new InMemorySavedMethods(), aPayment: async () => fresh('pay') };
  },
});
