/**
 * Fake AWS credentials for tests that run the CLI against mocked SDK clients: set them, and put back
 * whatever the environment held before (or nothing).
 */
const KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

/** Sets a fake access key and secret; returns the function that restores the environment as it was. */
export function fakeCredentials(accessKeyId: string, secret: string): () => void {
  const saved = KEYS.map((k) => process.env[k]);
  process.env.AWS_ACCESS_KEY_ID = accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = secret;
  return () =>
    KEYS.forEach((k, i) => {
      if (saved[i] === undefined) delete process.env[k];
      else process.env[k] = saved[i];
    });
}
