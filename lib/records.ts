/**
 * Records keyed by names the user chose (databases, functions, template properties). `record[key] =
 * value` with the key `__proto__` changes the record's prototype instead of adding an entry, so the
 * entry silently disappears; these helpers always add an own property.
 */

/** Sets `record[key] = value` as an own, enumerable property, also for the key `__proto__`. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** True for a plain object (not null, not a list): a JSON/YAML mapping. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
