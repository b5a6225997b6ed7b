/**
 * A template's `Transform` section (a name, or a list of names and `AWS::Include` objects): whether it declares a
 * transform, and what is left once a transform the checker applies itself is taken off.
 */
import { isPlainObject } from '../records';

/** The intrinsic that calls a macro (or `AWS::Include`) where it stands in a template. */
export const TRANSFORM_FUNCTION = 'Fn::Transform';

/** True when the template's `Transform` is `name` or a list that includes it. */
export function declaresTransform(template: unknown, name: string): boolean {
  const transform = isPlainObject(template) ? template.Transform : undefined;
  return transform === name || (Array.isArray(transform) && transform.includes(name));
}

/** `template` with `name` taken off its `Transform` (the section removed when nothing is left); a new object. */
export function withoutTransform<T extends Record<string, unknown>>(template: T, name: string): T {
  const others = (Array.isArray(template.Transform) ? template.Transform : [template.Transform]).filter((t) => t !== name);
  const out: Record<string, unknown> = { ...template };
  if (others.length > 0) out.Transform = others.length === 1 ? others[0] : others;
  else delete out.Transform;
  return out as T;
}
