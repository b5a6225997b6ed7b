// The budget cases at full size, each in a child process with a 500 MB heap (npm run test:slow); budgets.test.ts runs them small, in process.
import './budgets.test';
