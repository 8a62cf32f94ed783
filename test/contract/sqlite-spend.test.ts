import { spendBudgetsContract } from './spend-budgets.contract.ts';
import { sqliteSpendStore } from './spend-fixtures.ts';
import { spendLedgerContract } from './spend-ledger.contract.ts';

spendLedgerContract('SQLite', sqliteSpendStore);
spendBudgetsContract('SQLite', sqliteSpendStore);
