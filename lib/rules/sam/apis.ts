/**
 * What SAM's API resources generate that invokes functions: the `lambda:InvokeFunction` permissions of Lambda
 * authorizers (REST, HTTP and WebSocket APIs) and of WebSocket routes. API Gateway calls them synchronously.
 * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-websocketapi.html
 * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-lambdatokenauthorizer.html
 */
import { Expansion, isObject, pick, ref, sub, type Json, type JsonObject } from './model';

/** The SAM resource being expanded. */
interface Owner {
  readonly id: string;
  readonly raw: JsonObject;
}

/** A permission for API Gateway to invoke `functionArn` (an authorizer or a route's integration). */
function apiGatewayPermission(x: Expansion, id: string, functionArn: Json, sourceArn: Json, owner: Owner, from: string): void {
  x.add(id, 'AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', FunctionName: functionArn, Principal: 'apigateway.amazonaws.com', SourceArn: sourceArn }, owner, from);
}

/** The ARN of an API's authorizers, the source of their permissions. */
function authorizersArn(apiId: string): JsonObject {
  return sub('arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*', { __ApiId__: ref(apiId) });
}

/**
 * The permissions of an API's Lambda authorizers, `<Api><Authorizer>AuthorizerPermission`. SAM writes them for a
 * REST API unless the authorizer sets `DisableFunctionDefaultPermissions`, and for an HTTP API only when it sets
 * `EnableFunctionDefaultPermissions` (otherwise its `FunctionInvokeRole` or the user grants the invocation).
 */
export function authorizerPermissions(x: Expansion, apiId: string, owner: Owner, props: JsonObject, api: 'rest' | 'http', from = 'Auth.Authorizers'): void {
  const authorizers = isObject(props.Auth) && isObject(props.Auth.Authorizers) ? props.Auth.Authorizers : {};
  for (const [name, authorizer] of Object.entries(authorizers)) {
    if (!isObject(authorizer) || authorizer.FunctionArn === undefined) continue;
    const written = api === 'rest' ? authorizer.DisableFunctionDefaultPermissions !== true : authorizer.EnableFunctionDefaultPermissions === true;
    if (written) apiGatewayPermission(x, `${apiId}${name}AuthorizerPermission`, authorizer.FunctionArn, authorizersArn(apiId), owner, `${from}.${name}`);
  }
}

/** The logical-id part SAM makes of a WebSocket route key: `$connect` → `Connect`, `send` → `Send`; undefined when SAM rejects it. */
function routeIdPart(key: string): string | undefined {
  const word = /^\$(connect|disconnect|default)$/.exec(key)?.[1] ?? (/^[A-Za-z0-9]+$/.test(key) ? key : undefined);
  return word === undefined ? undefined : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/**
 * `AWS::Serverless::WebSocketApi` → the API, a permission per route for its function (`<Api><Route>Permission`,
 * on `<api>/<stage>/<route key>`) and, for a `CUSTOM` authorizer without `InvokeRole`, `<Api>AuthorizerPermission`.
 */
export function expandWebSocketApi(x: Expansion, id: string, raw: JsonObject, props: JsonObject): void {
  const owner = { id, raw };
  x.add(id, 'AWS::ApiGatewayV2::Api', { ...pick(props, ['Name', 'Description', 'RouteSelectionExpression', 'ApiKeySelectionExpression', 'DisableExecuteApiEndpoint', 'DisableSchemaValidation', 'IpAddressType']), ProtocolType: 'WEBSOCKET' }, owner, '');
  const stage = props.StageName ?? 'default';
  const routes = isObject(props.Routes) ? props.Routes : {};
  for (const [key, route] of Object.entries(routes)) {
    if (!isObject(route) || route.FunctionArn === undefined) continue;
    const part = routeIdPart(key);
    if (part === undefined) {
      x.unfollowed.push(`${id} Routes.${key}: SAM accepts only alphanumeric route keys and $connect, $disconnect, $default`);
      continue;
    }
    const sourceArn = typeof stage === 'string'
      ? sub(`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${id}.ApiId}/${stage}/${key}`)
      : sub(`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${id}.ApiId}/\${__StageName__}/${key}`, { __StageName__: stage });
    apiGatewayPermission(x, `${id}${part}Permission`, route.FunctionArn, sourceArn, owner, `Routes.${key}`);
  }
  const auth = isObject(props.Auth) ? props.Auth : {};
  if (auth.AuthType === 'CUSTOM' && auth.InvokeRole === undefined && auth.AuthArn !== undefined) {
    apiGatewayPermission(x, `${id}AuthorizerPermission`, auth.AuthArn, authorizersArn(id), owner, 'Auth');
  }
}
