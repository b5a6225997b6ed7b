/**
 * AWS SAM templates checked as they deploy: a pure function from a template with
 * `Transform: AWS::Serverless-2016-10-31` to the CloudFormation template SAM's translator would produce, as far
 * as the rules can tell (functions, roles, aliases with provisioned concurrency, event source mappings,
 * permissions, subscriptions, rules, schedules, AppSync data sources). The graph and the rules then run on it unchanged; each generated
 * resource carries its SAM origin ({@link samOriginOf}) so findings name the SAM resource and event.
 *
 * Reference: the SAM specification and the documented behaviour of the translator (generated resources and
 * their logical ids, `Globals` merging). Values SAM resolves at transform time (an alias name given by a
 * parameter) are read through the parameter's default; anything else unresolvable is left to the rules.
 * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification.html
 */
import { copyDecided } from '../conditions';
import { declaresTransform, withoutTransform } from '../transforms';
import { authorizerPermissions, expandWebSocketApi } from './apis';
import { expandConnector, expandEmbeddedConnectors } from './connectors';
import { expandStateMachineEvents } from './events';
import { expandFunction } from './function';
import { expandGraphQLApi } from './graphql';
import { copyOrigin, Expansion, getAtt, isIntrinsic, isObject, pick, ref, serviceRole, type Json, type JsonObject } from './model';

export { SAM_EVENT_TYPES } from './events';
export { samOriginOf, type SamOrigin } from './model';

/** The transform that marks a SAM template. */
export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** The result of {@link expandSam}. */
export interface SamExpansion {
  /** The CloudFormation template (the input itself when it is not a SAM template). */
  readonly template: unknown;
  /** Whether the template was a SAM template. */
  readonly expanded: boolean;
  /** What the expansion could not follow, one sentence each (unknown event types, a bucket not in the template). */
  readonly unfollowed: readonly string[];
}

/** True when the template's `Transform` (a name or a list) includes the SAM transform. */
export function isSamTemplate(template: unknown): boolean {
  return declaresTransform(template, SAM_TRANSFORM);
}

/** Expands a SAM template into CloudFormation; any other template is returned as it is. Never throws, never changes its input. */
export function expandSam(template: unknown): SamExpansion {
  if (!isSamTemplate(template) || !isObject(template) || !isObject(template.Resources)) return { template, expanded: false, unfollowed: [] };
  const input = template.Resources;
  const globals = isObject(template.Globals) ? template.Globals : {};
  const x = new Expansion(input, isObject(template.Parameters) ? template.Parameters : {}, globals);
  for (const [id, raw] of Object.entries(input)) {
    const type = isObject(raw) ? raw.Type : undefined;
    const expand = typeof type === 'string' ? EXPANDERS[type] : undefined;
    if (!expand || !isObject(raw)) {
      x.resources[id] ??= raw;
      continue;
    }
    const local = isObject(raw.Properties) ? raw.Properties : {};
    const section = globals[(type as string).slice('AWS::Serverless::'.length)];
    expand(x, id, raw, isObject(section) ? (mergeGlobals(ignoring(section, raw.IgnoreGlobals), local) as JsonObject) : local);
  }
  for (const [id, raw] of Object.entries(input)) if (isObject(raw)) expandEmbeddedConnectors(x, id, raw);
  x.finish();
  const { Globals: _globals, ...rest } = template;
  const out: JsonObject = withoutTransform({ ...rest, Resources: x.resources }, SAM_TRANSFORM);
  if (Object.keys(x.conditions).length > 0) out.Conditions = { ...(isObject(template.Conditions) ? template.Conditions : {}), ...x.conditions };
  const referable = referableProperties(x);
  return { template: referable.size > 0 ? replaceReferences(out, referable) : out, expanded: true, unfollowed: x.unfollowed };
}

/** Expanders by SAM type; types not listed (CapacityProvider, ...) stay as they are and coverage names them. */
const EXPANDERS: Readonly<Record<string, (x: Expansion, id: string, raw: JsonObject, props: JsonObject) => void>> = {
  'AWS::Serverless::Function': expandFunction,
  'AWS::Serverless::GraphQLApi': expandGraphQLApi,
  'AWS::Serverless::SimpleTable': (x, id, raw, p) => {
    const key = isObject(p.PrimaryKey) ? p.PrimaryKey : { Name: 'id', Type: 'String' };
    const attributeType = key.Type === 'Number' ? 'N' : key.Type === 'Binary' ? 'B' : 'S';
    x.add(id, 'AWS::DynamoDB::Table', {
      ...pick(p, ['TableName', 'SSESpecification']),
      AttributeDefinitions: [{ AttributeName: key.Name, AttributeType: attributeType }],
      KeySchema: [{ AttributeName: key.Name, KeyType: 'HASH' }],
      ...(p.ProvisionedThroughput !== undefined ? { ProvisionedThroughput: p.ProvisionedThroughput } : { BillingMode: 'PAY_PER_REQUEST' }),
    }, { id, raw }, '');
  },
  'AWS::Serverless::Api': (x, id, raw, p) => {
    x.add(id, 'AWS::ApiGateway::RestApi', { ...pick(p, ['Name', 'EndpointConfiguration', 'BinaryMediaTypes', 'MinimumCompressionSize']), Body: p.DefinitionBody, BodyS3Location: p.DefinitionUri }, { id, raw }, '');
    authorizerPermissions(x, id, { id, raw }, p, 'rest');
  },
  'AWS::Serverless::HttpApi': (x, id, raw, p) => {
    x.add(id, 'AWS::ApiGatewayV2::Api', { ...pick(p, ['Name', 'CorsConfiguration', 'FailOnWarnings', 'DisableExecuteApiEndpoint']), Body: p.DefinitionBody, BodyS3Location: p.DefinitionUri }, { id, raw }, '');
    authorizerPermissions(x, id, { id, raw }, p, 'http');
  },
  'AWS::Serverless::WebSocketApi': expandWebSocketApi,
  'AWS::Serverless::StateMachine': (x, id, raw, p) => {
    // Its events start executions, not functions; rules and schedules are expanded for their dead-letter queues.
    const role = p.Role ?? getAtt(x.add(`${id}Role`, 'AWS::IAM::Role', serviceRole('states.amazonaws.com'), { id, raw }, 'Role'), 'Arn');
    const definition = isObject(p.Definition) ? { Definition: p.Definition } : { DefinitionS3Location: p.DefinitionUri };
    x.add(id, 'AWS::StepFunctions::StateMachine', { ...pick(p, ['Name', 'Type', 'Logging', 'Tracing', 'DefinitionSubstitutions']), StateMachineName: p.Name, ...definition, RoleArn: role }, { id, raw }, '');
    expandStateMachineEvents(x, { id, raw }, p.Events);
  },
  'AWS::Serverless::LayerVersion': (x, id, raw, p) => {
    x.add(id, 'AWS::Lambda::LayerVersion', { ...pick(p, ['Description', 'CompatibleRuntimes', 'CompatibleArchitectures', 'LicenseInfo']), LayerName: p.LayerName, Content: p.ContentUri }, { id, raw }, '');
  },
  'AWS::Serverless::Application': (x, id, raw, p) => {
    const location = typeof p.Location === 'string' ? p.Location : undefined;
    x.add(id, 'AWS::CloudFormation::Stack', { TemplateURL: location ?? p.Location, Parameters: p.Parameters, NotificationARNs: p.NotificationARNs, TimeoutInMinutes: p.TimeoutInMinutes }, { id, raw }, '');
  },
  'AWS::Serverless::Connector': (x, id, raw, p) => expandConnector(x, id, p, { id, raw }, 'Destination'),
};

/** The Globals of a section minus what the resource's `IgnoreGlobals` (`*` or a list of properties) leaves out. */
function ignoring(section: JsonObject, ignore: Json): JsonObject {
  if (ignore === '*') return {};
  if (!Array.isArray(ignore)) return section;
  const kept = { ...section };
  for (const key of ignore) if (typeof key === 'string') delete kept[key];
  return kept;
}

/**
 * SAM's Globals merge: the resource's value wins over the global one, except that two objects merge key by key
 * and two lists concatenate (global first). An intrinsic function counts as a plain value.
 */
export function mergeGlobals(global: Json, local: Json): Json {
  if (local === undefined) return global;
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  if (!isObject(global) || !isObject(local) || isIntrinsic(global) || isIntrinsic(local)) return local;
  const merged: JsonObject = { ...global };
  for (const [key, value] of Object.entries(local)) merged[key] = key in global ? mergeGlobals(global[key], value) : value;
  return merged;
}

/** `Resource.Property` names SAM lets a template use for generated resources (`MyFunction.Alias`) → their logical ids. */
function referableProperties(x: Expansion): Map<string, string> {
  const out = new Map<string, string>(x.referable);
  for (const [id, resource] of Object.entries(x.resources)) {
    if (!isObject(resource) || resource.Type !== 'AWS::Lambda::Alias' && resource.Type !== 'AWS::Lambda::Version') continue;
    const owner = (resource.Properties as { FunctionName?: Json }).FunctionName;
    if (isObject(owner) && typeof owner.Ref === 'string') out.set(`${owner.Ref}.${resource.Type === 'AWS::Lambda::Alias' ? 'Alias' : 'Version'}`, id);
  }
  return out;
}

/**
 * `text` (an `Fn::Sub` text) with each `${Name}` that `referable` has replaced by its generated id: what
 * `text.replace(/\$\{([^}!]+)\}/g, …)` does, in one pass (a regular expression looks for the `}` again from every
 * `${`: 100,000 of them without one ran for a minute). The next `}` and `!` are found once and kept while ahead.
 */
function swapSubNames(text: string, referable: ReadonlyMap<string, string>): string {
  let out = '';
  let last = 0;
  let close = -1;
  let bang = -1;
  for (let start = text.indexOf('${'); start >= 0; ) {
    const from = start + 2;
    if (close < from) {
      close = text.indexOf('}', from);
      if (close < 0) break;
    }
    if (bang < from) {
      const next = text.indexOf('!', from);
      bang = next < 0 ? Infinity : next;
    }
    if (close > from && bang > close) {
      const name = text.slice(from, close);
      if (referable.has(name)) {
        out += `${text.slice(last, start)}\${${referable.get(name)}}`;
        last = close + 1;
      }
      start = text.indexOf('${', close + 1);
    } else start = text.indexOf('${', start + 1);
  }
  return out + text.slice(last);
}

/** `value` with `Ref`, `Fn::GetAtt` and `Fn::Sub` uses of referable properties replaced by the generated ids (copy on write). */
function replaceReferences(value: Json, referable: ReadonlyMap<string, string>): Json {
  if (Array.isArray(value)) {
    const items = value.map((v) => replaceReferences(v, referable));
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = value[key];
    if (key === 'Ref' && typeof arg === 'string' && referable.has(arg)) return ref(referable.get(arg) as string);
    if (key === 'Fn::GetAtt' && Array.isArray(arg) && typeof arg[0] === 'string' && referable.has(arg[0])) return { 'Fn::GetAtt': [referable.get(arg[0]), ...arg.slice(1)] };
    if (key === 'Fn::Sub') {
      const swap = (text: Json) => (typeof text === 'string' ? swapSubNames(text, referable) : text);
      const replaced = Array.isArray(arg) ? [swap(arg[0]), replaceReferences(arg[1], referable)] : swap(arg);
      return JSON.stringify(replaced) === JSON.stringify(arg) ? value : { 'Fn::Sub': replaced };
    }
  }
  let out: JsonObject | undefined;
  for (const key of keys) {
    const replaced = replaceReferences(value[key], referable);
    if (replaced === value[key]) continue;
    out ??= { ...value };
    out[key] = replaced;
  }
  if (out === undefined) return value;
  // A generated resource's origin, and the conditions that decided a resource, travel with its Properties object: the copy keeps them.
  if (isResourceEntry(value) && out.Properties !== value.Properties) {
    copyOrigin(value.Properties, out.Properties);
    copyDecided(value.Properties, out.Properties);
  }
  return out;
}

function isResourceEntry(value: JsonObject): boolean {
  return typeof value.Type === 'string' && isObject(value.Properties);
}
