/**
 * `AWS::Serverless::GraphQLApi` → what SAM generates that invokes functions: the `AWS::AppSync::GraphQLApi`, an
 * `AWS::AppSync::DataSource` of type `AWS_LAMBDA` per Lambda data source (AppSync invokes it through the data
 * source's role and waits for it), and for each Lambda authorizer (`Auth` and `Auth.Additional`) the Lambda
 * permission of the connector SAM writes for it (`<api>ToLambdaAuthConnector<n>WriteLambdaPermission`, principal
 * `appsync.amazonaws.com`). Schema, resolvers, functions, DynamoDB data sources, roles and logging invoke no
 * function and are left out.
 * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-graphqlapi.html
 * @see https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-graphqlapi.html
 */
import { Expansion, getAtt, isObject, pick, sub, type Json, type JsonObject } from './model';

/** Expands one SAM GraphQL API. */
export function expandGraphQLApi(x: Expansion, id: string, raw: JsonObject, props: JsonObject): void {
  const owner = { id, raw };
  const auth = isObject(props.Auth) ? props.Auth : {};
  x.add(id, 'AWS::AppSync::GraphQLApi', { Name: props.Name ?? id, AuthenticationType: auth.Type, ...pick(props, ['XrayEnabled', 'Visibility', 'OwnerContact']) }, owner, '');
  const apiId = getAtt(id, 'ApiId');
  const lambdas = isObject(props.DataSources) && isObject(props.DataSources.Lambda) ? props.DataSources.Lambda : {};
  for (const [name, source] of Object.entries(lambdas)) {
    if (!isObject(source)) continue;
    x.add(`${id}${name}LambdaDataSource`, 'AWS::AppSync::DataSource', {
      Name: source.Name ?? name,
      Type: 'AWS_LAMBDA',
      ApiId: apiId,
      Description: source.Description,
      ServiceRoleArn: source.ServiceRoleArn,
      LambdaConfig: { LambdaFunctionArn: source.FunctionArn },
    }, owner, `DataSources.Lambda.${name}`);
  }
  // SAM numbers the authorizers' connectors from 1: the main one, then the additional ones in order.
  const authorizers: Array<{ readonly uri: Json; readonly from: string }> = [];
  const lambdaOf = (a: Json, from: string) => {
    if (isObject(a) && a.Type === 'AWS_LAMBDA' && isObject(a.LambdaAuthorizer)) authorizers.push({ uri: a.LambdaAuthorizer.AuthorizerUri, from });
  };
  lambdaOf(auth, 'Auth.LambdaAuthorizer');
  if (Array.isArray(auth.Additional)) auth.Additional.forEach((a, i) => lambdaOf(a, `Auth.Additional.${i}.LambdaAuthorizer`));
  authorizers.forEach(({ uri, from }, i) => {
    x.add(`${id}ToLambdaAuthConnector${i + 1}WriteLambdaPermission`, 'AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: uri,
      Principal: 'appsync.amazonaws.com',
      SourceArn: sub('arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}:apis/${ApiId}', { ApiId: apiId }),
    }, owner, from);
  });
}
