/**
 * The template fuzz with all 5,000 mutated templates and 200 template files through the CLI
 * (npm test runs the first 300 and 40; test/support/runs.ts).
 */
import './fuzz.test';
