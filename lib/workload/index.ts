/**
 * Workload v1: the file format (YAML or JSON, validated against schema/workload.schema.json), its
 * normalized form, and the trace importers.
 */
export * from './types';
export * from './input';
export { parseWorkload, loadWorkload, type ParseWorkloadOptions, type LoadWorkloadOptions } from './workload';
export { normalizeWorkload, type NormalizeWorkloadOptions } from './normalize';
export { parseDocumentText, MAX_NESTING } from './document';
export { WORKLOAD_SCHEMA } from './schemas';
export { schemaProblems, type SchemaProblem } from './validate';
export { isValidTimeZone } from './checks';
export * from './traces';
export * from './traffic';
export * from './coverage';
export { parseInstant, toLocalDays, zoneOffsetMinutes, weekdayOf, addDays, type LocalTrace } from './calendar';
export { formatPath, describeValue, type FieldPath, type PathSegment } from './problems';
