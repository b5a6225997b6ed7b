/**
 * IAM grants in the templates: which roles an identity policy lets do what. Only documents that mention the
 * action's service are resolved (IAM documents are the largest part of most templates).
 */
import { rawMentions } from '../references';
import { field, jsonDocument, literalString, ResourceRef, toArray, type Resolved, type Resource } from '../values';
import type { GraphLookup } from './lookup';

/** One Allow statement that grants one of the actions asked for, and the roles it is attached to. */
export interface Grant {
  readonly roles: readonly Resource[];
  readonly statement: Resolved;
}

/** Allow statements of roles' inline policies and of policies attached to roles that grant one of `actions`. */
export function grantsOf(lookup: GraphLookup, actions: readonly string[]): Grant[] {
  const needle = `${actions[0].split(':')[0]}:`;
  const mentioning = (type: string) => lookup.of(type).filter((r) => rawMentions(r.rawProperties, needle));
  const policies = [
    ...[...mentioning('AWS::IAM::Policy'), ...mentioning('AWS::IAM::ManagedPolicy')].map((r) => ({ roles: toArray(r.property('Roles')), documents: [r.property('PolicyDocument')] })),
    ...mentioning('AWS::IAM::Role').map((r) => ({ roles: [new ResourceRef(r)] as Resolved[], documents: toArray(r.property('Policies')).map((p) => field(p, 'PolicyDocument')) })),
  ];
  const grants: Grant[] = [];
  for (const { roles, documents } of policies) {
    const attached = roles.flatMap((role) => (role instanceof ResourceRef ? [role.resource] : []));
    if (attached.length === 0) continue;
    // IAM accepts a policy document as JSON text too.
    for (const statement of documents.flatMap((d) => statementsOf(jsonDocument(d, 'PolicyDocument')))) {
      if (literalString(field(statement, 'Effect')) !== 'Allow') continue;
      const listed = toArray(field(statement, 'Action')).length > 0 ? toArray(field(statement, 'Action')) : [field(statement, 'Action')];
      if (listed.some((a) => actions.includes(literalString(a) ?? ''))) grants.push({ roles: attached, statement });
    }
  }
  return grants;
}

function statementsOf(document: Resolved): Resolved[] {
  const s = field(document, 'Statement');
  return Array.isArray(s) ? (s as Resolved[]) : s === undefined ? [] : [s];
}
