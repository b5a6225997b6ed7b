// Every generated confinement case (npm run test:slow); confinement.test.ts runs a seeded sample of the same cases.
import './confinement.test';
