/**
 * `AWS::Serverless::Function` → `AWS::Lambda::Function` and what SAM generates beside it: the execution role,
 * the version and alias of `AutoPublishAlias` (with `ProvisionedConcurrencyConfig` on the alias), the
 * `EventInvokeConfig`, the function URL, and each event source (see {@link expandEvent}).
 * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
 * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html
 */
import { expandEvent, type EventTarget } from './events';
import { Expansion, getAtt, isIntrinsic, isNoValue, isObject, pick, ref, samHash, serviceRole, sub, type Json, type JsonObject } from './model';

/** Properties passed to `AWS::Lambda::Function` as they are. */
const FUNCTION_PROPERTIES = [
  'FunctionName', 'Handler', 'Runtime', 'Description', 'MemorySize', 'Timeout', 'VpcConfig', 'Environment', 'KmsKeyArn',
  'ReservedConcurrentExecutions', 'Layers', 'FileSystemConfigs', 'ImageConfig', 'PackageType', 'Architectures', 'SnapStart',
  'EphemeralStorage', 'CodeSigningConfigArn', 'RuntimeManagementConfig', 'LoggingConfig', 'TenancyConfig', 'RecursiveLoop',
  'DurableConfig', 'CapacityProviderConfig', 'FunctionScalingConfig', 'PublishToLatestPublished',
];

/** The managed policy every SAM-generated execution role gets. */
const BASIC_EXECUTION_POLICY = 'AWSLambdaBasicExecutionRole';

/** Expands one SAM function (its `Globals` already merged). */
export function expandFunction(x: Expansion, id: string, raw: JsonObject, props: JsonObject): void {
  const owner = { id, raw };
  const role = props.Role ?? getAtt(x.add(`${id}Role`, 'AWS::IAM::Role', executionRole(props), owner, 'Role'), 'Arn');
  const functionProps: JsonObject = {
    ...pick(props, FUNCTION_PROPERTIES),
    Code: codeOf(props),
    Role: role,
    Tags: tagList(props.Tags),
    TracingConfig: props.Tracing !== undefined && props.Tracing !== 'Disabled' ? { Mode: props.Tracing } : undefined,
    DeadLetterConfig: isObject(props.DeadLetterQueue) ? { TargetArn: props.DeadLetterQueue.TargetArn } : undefined,
  };
  x.add(id, 'AWS::Lambda::Function', functionProps, owner, '', pick(raw, ['DependsOn', 'Metadata']));

  const alias = props.AutoPublishAlias !== undefined ? publishAlias(x, owner, props) : undefined;
  if (alias === undefined && props.ProvisionedConcurrencyConfig !== undefined) {
    x.unfollowed.push(`${id}: ProvisionedConcurrencyConfig without AutoPublishAlias (SAM rejects the template)`);
  }
  const target: EventTarget = alias
    ? { id: alias.id, arn: ref(alias.id), name: ref(alias.id), functionId: id }
    : { id, arn: getAtt(id, 'Arn'), name: ref(id), functionId: id };
  if (isObject(props.EventInvokeConfig)) eventInvokeConfig(x, owner, props.EventInvokeConfig, alias?.name);
  if (isObject(props.FunctionUrlConfig)) {
    x.add(`${id}Url`, 'AWS::Lambda::Url', { ...pick(props.FunctionUrlConfig, ['AuthType', 'Cors', 'InvokeMode']), TargetFunctionArn: alias ? target.arn : target.name }, owner, 'FunctionUrlConfig');
    // A public URL (`AuthType: NONE`) gets the two permissions anyone needs to call it.
    if (props.FunctionUrlConfig.AuthType === 'NONE') {
      x.add(`${id}UrlPublicPermissions`, 'AWS::Lambda::Permission', { Action: 'lambda:InvokeFunctionUrl', FunctionName: target.name, FunctionUrlAuthType: 'NONE', Principal: '*' }, owner, 'FunctionUrlConfig');
      x.add(`${id}URLInvokeAllowPublicAccess`, 'AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', FunctionName: target.name, InvokedViaFunctionUrl: true, Principal: '*' }, owner, 'FunctionUrlConfig');
    }
  }
  const events = props.Events;
  if (events === undefined) return;
  if (!isObject(events)) {
    x.unfollowed.push(`${id}: Events is not an object of events`);
    return;
  }
  for (const [name, event] of Object.entries(events)) expandEvent(x, owner, target, name, event);
}

/** The version and alias of `AutoPublishAlias`; the alias carries `ProvisionedConcurrencyConfig`. */
function publishAlias(x: Expansion, owner: { readonly id: string; readonly raw: JsonObject }, props: JsonObject): { id: string; name: Json } {
  const literal = x.literal(props.AutoPublishAlias);
  // SAM resolves the alias name from a parameter; without a default the name is known only at deploy time.
  const name = literal ?? props.AutoPublishAlias;
  const suffix = literal ?? (isObject(name) && typeof name.Ref === 'string' ? name.Ref : 'Unknown');
  // SAM appends a hash of the code to the version's id; no template refers to it by id (`Fn.Version` does).
  const version = x.add(`${owner.id}Version`, 'AWS::Lambda::Version', { FunctionName: ref(owner.id), Description: props.VersionDescription }, owner, 'AutoPublishAlias');
  const id = x.add(
    `${owner.id}Alias${suffix.replace(/-/g, 'D').replace(/_/g, 'U').replace(/[^A-Za-z0-9]/g, '')}`,
    'AWS::Lambda::Alias',
    { Name: name, FunctionName: ref(owner.id), FunctionVersion: getAtt(version, 'Version'), ProvisionedConcurrencyConfig: props.ProvisionedConcurrencyConfig },
    owner,
    'AutoPublishAlias',
  );
  return { id, name };
}

/**
 * `EventInvokeConfig` → `AWS::Lambda::EventInvokeConfig`, creating the SQS queue or SNS topic of a destination of
 * `Type: SQS`/`SNS` without an ARN — also when the ARN is an `Fn::If` with one `AWS::NoValue` branch: SAM then
 * creates the resource under that condition (negated when `AWS::NoValue` is the second branch) and points the
 * destination at it or at the given ARN. The template may name them `<Fn>.DestinationQueue` / `.DestinationTopic`.
 */
function eventInvokeConfig(x: Expansion, owner: { readonly id: string; readonly raw: JsonObject }, config: JsonObject, aliasName: Json): void {
  const id = `${owner.id}EventInvokeConfig`;
  const destinations: JsonObject = {};
  const given = isObject(config.DestinationConfig) ? config.DestinationConfig : {};
  for (const outcome of ['OnSuccess', 'OnFailure']) {
    const d = given[outcome];
    if (!isObject(d)) continue;
    let destination = d.Destination;
    const conditional = conditionalDestination(x, id, destination);
    if ((destination === undefined || conditional !== undefined) && (d.Type === 'SQS' || d.Type === 'SNS')) {
      const [suffix, type] = d.Type === 'SQS' ? ['Queue', 'AWS::SQS::Queue'] : ['Topic', 'AWS::SNS::Topic'];
      const condition = conditional === undefined ? undefined : combinedCondition(x, owner, conditional.condition);
      const made = x.add(`${id}${outcome}${suffix}`, type, {}, owner, `EventInvokeConfig.DestinationConfig.${outcome}`, condition !== undefined ? { Condition: condition } : {});
      x.referable.set(`${owner.id}.Destination${suffix}`, made);
      // A queue's Ref is its URL, a topic's its ARN.
      const arn = d.Type === 'SQS' ? getAtt(made, 'Arn') : ref(made);
      destination = conditional === undefined ? arn : { 'Fn::If': [conditional.condition, arn, conditional.otherwise] };
    }
    destinations[outcome] = { Destination: destination };
  }
  x.add(
    id,
    'AWS::Lambda::EventInvokeConfig',
    {
      FunctionName: ref(owner.id),
      Qualifier: aliasName ?? '$LATEST',
      DestinationConfig: Object.keys(destinations).length > 0 ? destinations : undefined,
      MaximumEventAgeInSeconds: config.MaximumEventAgeInSeconds,
      MaximumRetryAttempts: config.MaximumRetryAttempts,
    },
    owner,
    'EventInvokeConfig',
  );
}

/** For `Fn::If [c, AWS::NoValue, arn]`: create under `c`, else `arn`; for `Fn::If [c, arn, AWS::NoValue]`: under a new `NOT c`. */
function conditionalDestination(x: Expansion, configId: string, destination: Json): { condition: string; otherwise: Json } | undefined {
  const branches = isObject(destination) ? destination['Fn::If'] : undefined;
  if (!Array.isArray(branches) || branches.length !== 3 || typeof branches[0] !== 'string') return undefined;
  const [condition, whenTrue, whenFalse] = branches as [string, Json, Json];
  if (isNoValue(whenTrue) === isNoValue(whenFalse)) return undefined;
  if (isNoValue(whenTrue)) return { condition, otherwise: whenFalse };
  const negated = `NOT${condition}${samHash(configId)}`;
  x.conditions[negated] = { 'Fn::Not': [{ Condition: condition }] };
  return { condition: negated, otherwise: whenTrue };
}

/** The condition of a resource SAM creates under `condition` for a function that has a `Condition` of its own: both. */
function combinedCondition(x: Expansion, owner: { readonly id: string; readonly raw: JsonObject }, condition: string): string {
  const own = owner.raw.Condition;
  if (typeof own !== 'string') return condition;
  const both = `${own}AND${condition}${samHash(owner.id)}`;
  x.conditions[both] = { 'Fn::And': [{ Condition: own }, { Condition: condition }] };
  return both;
}

/** The execution role SAM generates when `Role` is not given: basic execution, the managed policies named, the inline statements. */
function executionRole(props: JsonObject): JsonObject {
  const policies = props.Policies === undefined ? [] : Array.isArray(props.Policies) ? props.Policies : [props.Policies];
  const managed: Json[] = [sub(`arn:\${AWS::Partition}:iam::aws:policy/service-role/${BASIC_EXECUTION_POLICY}`)];
  const inline: Json[] = [];
  for (const p of policies) {
    if (typeof p === 'string') managed.push(p.startsWith('arn:') ? p : sub(`arn:\${AWS::Partition}:iam::aws:policy/${p}`));
    else if (isIntrinsic(p)) managed.push(p);
    // SAM policy templates (`SQSPollerPolicy: {...}`) grant data-plane access no rule reads; documents are kept.
    else if (isObject(p) && p.Statement !== undefined) inline.push({ PolicyName: `SamInlinePolicy${inline.length}`, PolicyDocument: p });
  }
  return serviceRole('lambda.amazonaws.com', { ManagedPolicyArns: managed, Policies: inline.length > 0 ? inline : undefined, PermissionsBoundary: props.PermissionsBoundary, Path: props.RolePath });
}

/** `CodeUri` / `InlineCode` / `ImageUri` → `Code`. A local path (replaced by `sam package`) is kept as the key. */
function codeOf(props: JsonObject): JsonObject | undefined {
  if (props.InlineCode !== undefined) return { ZipFile: props.InlineCode };
  if (props.ImageUri !== undefined) return { ImageUri: props.ImageUri };
  const uri = props.CodeUri;
  if (isObject(uri) && !isIntrinsic(uri)) return pick({ S3Bucket: uri.Bucket, S3Key: uri.Key, S3ObjectVersion: uri.Version }, ['S3Bucket', 'S3Key', 'S3ObjectVersion']);
  const s3 = typeof uri === 'string' ? /^s3:\/\/([^/]+)\/(.+)$/.exec(uri) : null;
  if (s3) return { S3Bucket: s3[1], S3Key: s3[2] };
  return uri === undefined ? undefined : { S3Key: uri };
}

/** SAM's `Tags` map → CloudFormation's list of `{ Key, Value }`. */
function tagList(tags: Json): Json {
  if (!isObject(tags) || isIntrinsic(tags)) return tags;
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
