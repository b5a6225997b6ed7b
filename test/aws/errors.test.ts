import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer, type Server } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import type { AddressInfo } from 'net';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AwsSession, type AwsClients } from '../../lib/aws/session';
import { narrowAwsError } from '../../lib/aws/errors';
import { progressLine, redactor, secretsFromEnv } from '../../bin/aws-output';

const sdkError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status, attempts: 6 }, ...extra });

describe('narrowAwsError', () => {
  test.each([
    ['AccessDeniedException', 403, 'GetFunctionConcurrencyCommand', 'access-denied', /access denied to lambda:GetFunctionConcurrency/],
    ['AccessDenied', 403, 'GetMetricDataCommand', 'access-denied', /access denied to cloudwatch:GetMetricData/],
    ['AccessDeniedException', 400, 'DescribeScalableTargetsCommand', 'access-denied', /application-autoscaling:DescribeScalableTargets/],
    ['UnrecognizedClientException', 403, 'ListFunctionsCommand', 'credentials', /AWS rejected the credentials on ListFunctions/],
    ['ExpiredTokenException', 403, 'ListFunctionsCommand', 'credentials', /refresh the session/],
    ['ResourceNotFoundException', 404, 'GetFunctionConfigurationCommand', 'not-found', /^not found/],
    ['TooManyRequestsException', 429, 'ListFunctionsCommand', 'throttled', /ListFunctions still throttled after 6 attempts/],
    ['Throttling', 400, 'GetMetricDataCommand', 'throttled', /GetMetricData still throttled/],
    ['ServiceException', 500, 'ListTagsCommand', 'service', /ListTags failed with HTTP 500 after 6 attempts/],
    // A 403 is access denied only when AWS names it so.
    ['MissingAuthenticationTokenException', 403, 'ListTagsCommand', 'other', /^ListTags failed \(MissingAuthenticationTokenException\)/],
  ] as const)('%s (HTTP %s) on %s is %s', (name, status, command, kind, message) => {
    const e = narrowAwsError(sdkError(name, status), command);
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(message);
  });

  test('no credentials, no region, no network', () => {
    expect(narrowAwsError(sdkError('CredentialsProviderError'), 'ListFunctionsCommand').kind).toBe('credentials');
    expect(narrowAwsError(new Error('Region is missing'), 'ListFunctionsCommand').message).toMatch(/pass --region/);
    expect(narrowAwsError(sdkError('Error', undefined, { code: 'ECONNREFUSED' }), 'ListFunctionsCommand').kind).toBe('network');
  });

  test('with a named profile, the credential errors name it instead of suggesting --profile', () => {
    const missing = narrowAwsError(sdkError('CredentialsProviderError'), 'ListFunctionsCommand', 'prod-typo');
    expect(missing.kind).toBe('credentials');
    expect(missing.message).toMatch(/is the profile "prod-typo" in ~\/\.aws\/config or ~\/\.aws\/credentials/);
    expect(missing.message).not.toMatch(/pass --profile/);
    expect(narrowAwsError(sdkError('CredentialsProviderError'), 'ListFunctionsCommand').message).toMatch(/pass --profile, set AWS_PROFILE/);
    expect(narrowAwsError(sdkError('ExpiredTokenException', 403), 'ListFunctionsCommand', 'prod').message).toMatch(/check the profile "prod", or refresh the session/);
  });
});

describe('AwsSession credentials', () => {
  test('a profile that is not in the shared files is named (from --profile, else AWS_PROFILE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    writeFileSync(join(dir, 'config'), '[profile prod]\nregion = us-east-1\n');
    writeFileSync(join(dir, 'credentials'), '');
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: 'from-env' });
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE']) delete process.env[key];
    try {
      await expect(AwsSession.create({ region: 'us-east-1', profile: 'prdo' }).credentialSecrets()).rejects.toThrow(/profile "prdo" in ~\/\.aws\/config/);
      // maxAttempts: clients of their own (they are cached per region, profile and attempts).
      await expect(AwsSession.create({ region: 'us-east-1', maxAttempts: 2 }).credentialSecrets()).rejects.toThrow(/profile "from-env" in ~\/\.aws\/config/);
    } finally {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('redactor', () => {
  test('removes the credential values and anything shaped like an access key id', () => {
    const secrets = secretsFromEnv({ AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_REGION: 'us-east-1' });
    expect(secrets).toHaveLength(2);
    const redact = redactor(secrets);
    expect(redact('key AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY other ASIAABCDEFGHIJKLMNOP in us-east-1')).toBe('key *** secret *** other *** in us-east-1');
  });

  test('only whole tokens: with the emulators\' `testing` credentials, a name that contains the word keeps it', () => {
    const redact = redactor(secretsFromEnv({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' }));
    expect(redact('User: arn:aws:iam::123456789012:user/ci (key testing) is not authorized on function:load-testing')).toBe(
      'User: arn:aws:iam::123456789012:user/ci (key ***) is not authorized on function:load-testing',
    );
    expect(redact('Credential=testing/20261207/us-east-1/lambda/aws4_request, key=testing.')).toBe('Credential=***/20261207/us-east-1/lambda/aws4_request, key=***.');
    expect(redact('testing-denied load_testing testing2 testing')).toBe('testing-denied load_testing testing2 ***');
    // A secret with regular-expression characters is matched as text.
    expect(redactor(['a+b/c==='])('x a+b/c=== y aXb/c===')).toBe('x *** y aXb/c===');
  });
});

describe('progressLine', () => {
  test('writes only to a TTY and clears itself', () => {
    const out: string[] = [];
    const tty = progressLine({ stderr: (t) => out.push(t), isTTY: true }, 'observe');
    tty.update('functions', 3, 3);
    tty.done();
    expect(out.join('')).toContain('observe: functions 3/3');
    const quiet: string[] = [];
    const pipe = progressLine({ stderr: (t) => quiet.push(t), isTTY: false }, 'observe');
    pipe.update('functions', 3, 3);
    pipe.done();
    expect(quiet).toEqual([]);
  });
});

describe('an answer that is not an AWS response (the real SDK against a local HTTP server)', () => {
  // HTML as a proxy or an emulator without the API answers: the SDK's parser fails on it.
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => {
    s.closeAllConnections();
    s.close();
  }));
  async function htmlEndpoint(status: number, json: boolean | 'empty' = false): Promise<string> {
    const server = createServer((_req, res) => {
      if (json === 'empty') {
        // A wrong port, a proxy's refusal: no body, no content type, no AWS error type.
        res.writeHead(status);
        res.end();
        return;
      }
      if (json) {
        res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
        res.end(JSON.stringify({ Type: 'User', Message: 'Function not found: api' }));
        return;
      }
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>Not here</body></html>');
    });
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  test.each([
    [404, 'other'],
    [502, 'service'],
    [403, 'other'],
  ] as const)('HTTP %s names the status and content type, not the parser text (%s)', async (status, kind) => {
    const endpoint = await htmlEndpoint(status);
    const client = new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
    const session = new AwsSession({ lambda: client } as unknown as AwsClients);
    const command = new GetAccountSettingsCommand({});
    const error = await session.send(command, () => client.send(command)).catch((e: unknown) => e);
    client.destroy();
    expect(error).toMatchObject({
      kind,
      message: `GetAccountSettings got an answer that is not an AWS response (HTTP ${status}, text/html) from ${endpoint}: ${status === 403 ? 'the endpoint (AWS_ENDPOINT_URL, a proxy or an emulator) refused it without an AWS error: not an IAM denial' : 'the endpoint (AWS_ENDPOINT_URL, a proxy or an emulator) may not implement it'}`,
    });
    expect((error as Error).message).not.toMatch(/SyntaxError|\$response/);
  });

  test.each([
    [404, 'may not implement it'],
    [401, 'refused it without an AWS error: not an IAM denial'],
    [403, 'refused it without an AWS error: not an IAM denial'],
  ] as const)('an empty HTTP %s names the status and the endpoint, and is not called access denied', async (status, why) => {
    // Before: "GetAccountSettings failed (Unknown): UnknownError", and an empty 403 was "access denied to lambda:GetAccountSettings".
    const endpoint = await htmlEndpoint(status, 'empty');
    const client = new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
    const session = new AwsSession({ lambda: client } as unknown as AwsClients);
    const command = new GetAccountSettingsCommand({});
    const error = await session.send(command, () => client.send(command)).catch((e: unknown) => e);
    client.destroy();
    expect(error).toMatchObject({ kind: 'other', message: `GetAccountSettings got an answer that is not an AWS response (HTTP ${status}) from ${endpoint}: the endpoint (AWS_ENDPOINT_URL, a proxy or an emulator) ${why}` });
  });

  test('an AWS AccessDenied answer (JSON with its error type) on HTTP 403 is still access denied', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' });
      res.end(JSON.stringify({ Message: 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: lambda:GetAccountSettings' }));
    });
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const client = new LambdaClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
    const session = new AwsSession({ lambda: client } as unknown as AwsClients);
    const command = new GetAccountSettingsCommand({});
    const error = await session.send(command, () => client.send(command)).catch((e: unknown) => e);
    client.destroy();
    expect(error).toMatchObject({ kind: 'access-denied', message: expect.stringMatching(/^access denied to lambda:GetAccountSettings/) });
  });

  test('an AWS error answer (JSON with its error type) is still narrowed by name', async () => {
    const client = new LambdaClient({ endpoint: await htmlEndpoint(404, true), region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
    const session = new AwsSession({ lambda: client } as unknown as AwsClients);
    const command = new GetAccountSettingsCommand({});
    const error = await session.send(command, () => client.send(command)).catch((e: unknown) => e);
    client.destroy();
    expect(error).toMatchObject({ kind: 'not-found', message: 'not found (GetAccountSettings): Function not found: api' });
  });
});
