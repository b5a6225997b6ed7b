/**
 * SAM connectors (`AWS::Serverless::Connector`, and the `Connectors` attribute embedded in any resource) as far
 * as the rules are concerned: a `Write` connector from an invoking service to a Lambda function is the
 * `lambda:InvokeFunction` permission SAM generates for it, which tells the rules how the function is invoked.
 * The IAM policies connectors write for the other directions grant data access no rule reads.
 * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-connector.html
 */
import { Expansion, getAtt, isObject, ref, sub, type Json, type JsonObject } from './model';

/** CloudFormation type a SAM type generates under the same logical id, for connector ends. */
const GENERATED_TYPE: Readonly<Record<string, string>> = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::Api': 'AWS::ApiGateway::RestApi',
  'AWS::Serverless::HttpApi': 'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::GraphQLApi': 'AWS::AppSync::GraphQLApi',
  'AWS::Serverless::StateMachine': 'AWS::StepFunctions::StateMachine',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
};

/** One end of a connector, as SAM resolves it: its type and the values its profile may use. */
interface End {
  readonly type: string;
  readonly arn: Json;
  readonly resourceId: Json;
  readonly qualifier: Json;
}

/** An API's execute-api ARN for a connector (`<api id>/<qualifier>`, qualifier `*` by default). */
function executeApiArn(source: End): JsonObject {
  return sub('arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${SourceResourceId}/${SourceQualifier}', { SourceQualifier: source.qualifier ?? '*', SourceResourceId: source.resourceId });
}

/** Services that invoke a function through a permission SAM writes for a `Write` connector: principal and source ARN. */
const INVOKERS: Readonly<Record<string, { readonly principal: string; readonly sourceArn: (source: End) => Json; readonly sourceAccount?: boolean }>> = {
  'AWS::SNS::Topic': { principal: 'sns.amazonaws.com', sourceArn: (s) => s.arn },
  'AWS::Events::Rule': { principal: 'events.amazonaws.com', sourceArn: (s) => s.arn },
  'AWS::S3::Bucket': { principal: 's3.amazonaws.com', sourceArn: (s) => s.arn, sourceAccount: true },
  'AWS::ApiGateway::RestApi': { principal: 'apigateway.amazonaws.com', sourceArn: executeApiArn },
  'AWS::ApiGatewayV2::Api': { principal: 'apigateway.amazonaws.com', sourceArn: executeApiArn },
  'AWS::AppSync::GraphQLApi': { principal: 'appsync.amazonaws.com', sourceArn: (s) => sub('arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}:apis/${SourceResourceId}', { SourceResourceId: s.resourceId }) },
};

/** A connector end (`{ Id }` of a template resource, or `{ Type, Arn, ResourceId, Qualifier }`); undefined when unknown. */
function endOf(x: Expansion, given: Json): End | undefined {
  if (!isObject(given)) return undefined;
  if (typeof given.Id !== 'string') {
    return typeof given.Type === 'string' ? { type: GENERATED_TYPE[given.Type] ?? given.Type, arn: given.Arn, resourceId: given.ResourceId, qualifier: given.Qualifier } : undefined;
  }
  const resource = x.input[given.Id];
  const declared = isObject(resource) && typeof resource.Type === 'string' ? resource.Type : undefined;
  if (declared === undefined) return undefined;
  const type = GENERATED_TYPE[declared] ?? declared;
  // `Ref` is the ARN of a topic and of a state machine; `GetAtt Arn` of the others.
  const arn = type === 'AWS::SNS::Topic' || type === 'AWS::StepFunctions::StateMachine' ? ref(given.Id) : getAtt(given.Id, 'Arn');
  const resourceId = type === 'AWS::AppSync::GraphQLApi' ? getAtt(given.Id, 'ApiId') : ref(given.Id);
  return { type, arn, resourceId, qualifier: given.Qualifier };
}

/**
 * Expands one connector: for each destination that is a function, a `Write` connector from an invoking service
 * becomes `<connector>WriteLambdaPermission` (`…Destination<i>` when `Destination` is a list), as SAM names it.
 * @param owner the resource the generated permission is attributed to, and the property it comes from
 */
export function expandConnector(x: Expansion, connectorId: string, props: JsonObject, owner: { readonly id: string; readonly raw: JsonObject }, from: string, sourceGiven: Json = props.Source): void {
  const permissions = Array.isArray(props.Permissions) ? props.Permissions : [];
  if (!permissions.includes('Write')) return;
  const source = endOf(x, sourceGiven);
  const invoker = source !== undefined ? INVOKERS[source.type] : undefined;
  if (source === undefined || invoker === undefined) return;
  const destinations = Array.isArray(props.Destination) ? props.Destination : [props.Destination];
  destinations.forEach((given, i) => {
    const to = endOf(x, given);
    if (to?.type !== 'AWS::Lambda::Function') return;
    const id = `${connectorId}WriteLambdaPermission${Array.isArray(props.Destination) ? `Destination${i}` : ''}`;
    x.add(
      id,
      'AWS::Lambda::Permission',
      { Action: 'lambda:InvokeFunction', FunctionName: to.arn, Principal: invoker.principal, SourceArn: invoker.sourceArn(source), SourceAccount: invoker.sourceAccount ? sub('${AWS::AccountId}') : undefined },
      owner,
      Array.isArray(props.Destination) ? `${from}.${i}` : from,
    );
  });
}

/** The connectors embedded in a resource (`Connectors: { Name: { Properties } }`): `<resource><Name>`, with the resource as source. */
export function expandEmbeddedConnectors(x: Expansion, id: string, raw: JsonObject): void {
  if (!isObject(raw.Connectors)) return;
  for (const [name, connector] of Object.entries(raw.Connectors)) {
    if (!isObject(connector) || !isObject(connector.Properties)) continue;
    expandConnector(x, `${id}${name}`, connector.Properties, { id, raw }, `Connectors.${name}`, { ...(isObject(connector.Properties.SourceReference) ? connector.Properties.SourceReference : {}), Id: id });
  }
}
