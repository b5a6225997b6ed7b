/**
 * The escaping properties at their full count (npm test runs a sample).
 */
import './escape.test';
