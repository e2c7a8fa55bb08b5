import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressBlockedError, createBoundary, createGuardedFetch, isBlockedAddress, validateUrl } from '../src/index.js';
import { startTestServer, type TestHttpServer } from './fixtures/http-server.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** URLs that must never pass the guard (literal forms, encodings, local names, schemes). */
const SSRF_CORPUS = [
  'http://127.0.0.1/',
  'http://127.0.0.1:8080/admin',
  'http://127.255.255.254/',
  'http://2130706433/',
  'http://0x7f000001/',
  'http://0x7f.0x0.0x0.0x1/',
  'http://0177.0.0.1/',
  'http://017700000001/',
  'http://127.1/',
  'http://127.0.1/',
  'http://[::1]/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[::ffff:10.0.0.1]/',
  'http://[64:ff9b::10.0.0.1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[2002:7f00:1::]/',
  'http://[::]/',
  'http://[fe80::1]/',
  'http://[fe80::1%25eth0]/',
  'http://[fc00::1]/',
  'http://[fd12:3456::1]/',
  'http://[fec0::1]/',
  'http://[ff02::1]/',
  'http://localhost/',
  'http://LOCALHOST:11434/',
  'http://localhost./',
  'http://a.localhost/',
  'http://foo.bar.localhost:3000/',
  'http://0.0.0.0/',
  'http://0/',
  'http://10.0.0.5/',
  'http://10.255.255.255/',
  'http://172.16.0.1/',
  'http://172.31.255.255/',
  'http://192.168.1.1/',
  'http://100.64.0.1/',
  'http://100.127.255.255/',
  'http://169.254.169.254/latest/meta-data',
  'http://169.254.170.2/v2/credentials',
  'http://198.18.0.1/',
  'http://192.0.0.8/',
  'http://224.0.0.1/',
  'http://239.255.255.250/',
  'http://240.0.0.1/',
  'http://255.255.255.255/',
  'http://user:pass@127.0.0.1/',
  'ftp://example.com/',
  'file:///etc/passwd',
  'gopher://example.com/',
  'javascript:alert(1)',
  'data:text/plain,hi',
  'http://0.0.0.0:22/',
  'not a url',
] as const;

describe('URL guard corpus', () => {
  it.each(SSRF_CORPUS)('rejects %s', (url) => {
    expect(() => validateUrl(url)).toThrow(EgressBlockedError);
  });

  it('has at least 40 entries and blocks every one with the SSRF wording (zero bypasses)', () => {
    expect(SSRF_CORPUS.length).toBeGreaterThanOrEqual(40);
    const bypasses = SSRF_CORPUS.filter((url) => {
      try {
        validateUrl(url);
        return true;
      } catch (error) {
        return !(error instanceof EgressBlockedError) || !error.message.includes('blocked by SSRF policy');
      }
    });
    expect(bypasses).toEqual([]);
  });

  it('accepts public names and addresses, and classifies addresses', () => {
    expect(validateUrl('https://example.com/a').hostname).toBe('example.com');
    expect(validateUrl('http://93.184.216.34/').hostname).toBe('93.184.216.34');
    expect(validateUrl('http://[2606:4700::1111]/').hostname).toBe('[2606:4700::1111]');
    expect(isBlockedAddress('8.8.8.8')).toBe(false);
    expect(isBlockedAddress('::ffff:8.8.8.8')).toBe(false);
    expect(isBlockedAddress('::ffff:192.168.0.1')).toBe(true);
    expect(isBlockedAddress('not-an-ip')).toBe(true);
  });

  it('blocks each of the eight original networks as literals', () => {
    for (const host of ['127.0.0.9', '10.1.2.3', '172.20.0.1', '192.168.0.10', '169.254.1.1', '[::1]', '[fc00::5]', '[fe80::5]']) {
      expect(() => validateUrl(`http://${host}/`), host).toThrow('blocked by SSRF policy');
    }
  });

  it('allows a private host only for a connector that lists it', async () => {
    const boundary = createBoundary({ egressByConnector: { 'llm:ollama': { allowPrivateHosts: ['localhost:11434', `127.0.0.1:${server.port}`] } } });
    expect(() => validateUrl('http://localhost:11434/api/tags', boundary.egressFor('llm:ollama'))).not.toThrow();
    expect(() => validateUrl('http://localhost:11435/api/tags', boundary.egressFor('llm:ollama'))).toThrow(EgressBlockedError);
    expect(() => validateUrl('http://localhost:11434/api/tags', boundary.egressFor('tool:web_fetch'))).toThrow(EgressBlockedError);
    const ok = await boundary.fetch('llm:ollama', `${server.url}/api/tags`);
    expect(((await ok.json()) as { models: unknown[] }).models).toHaveLength(1);
    await expect(boundary.fetch('tool:web_fetch', `${server.url}/api/tags`)).rejects.toBeInstanceOf(EgressBlockedError);
  });
});

describe('connect-time DNS vetting', () => {
  it('rejects a name resolving to a private address at connect time, without any connection', async () => {
    const before = server.total();
    const guarded = createGuardedFetch({ resolveDns: true, resolver: async () => [{ address: '10.0.0.5', family: 4 }] });
    await expect(guarded('http://internal.example.test/')).rejects.toThrow(/resolves to blocked address 10\.0\.0\.5/);
    expect(server.total()).toBe(before);
  });

  it('vets the answer used for the connection, so a public-then-private (rebinding) resolver is still rejected', async () => {
    let calls = 0;
    const resolver = async () => (++calls === 1 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    // A pre-flight check sees the public answer...
    expect((await resolver())[0]!.address).toBe('93.184.216.34');
    // ...but the connection resolves again through the vetting lookup and is refused.
    const guarded = createGuardedFetch({ resolveDns: true, resolver });
    await expect(guarded('http://rebind.example.test/')).rejects.toBeInstanceOf(EgressBlockedError);
    expect(calls).toBe(2);
    // Mixed answers are refused as a whole.
    const mixed = createGuardedFetch({ resolveDns: true, resolver: async () => [{ address: '93.184.216.34', family: 4 }, { address: '169.254.169.254', family: 4 }] });
    await expect(mixed('http://mixed.example.test/')).rejects.toBeInstanceOf(EgressBlockedError);
  });

  it('connects to the pinned, vetted address when allowed and streams the response', async () => {
    const guarded = createGuardedFetch({ resolveDns: true, allowPrivateHosts: [`pinned.test:${server.port}`], resolver: async () => [{ address: '127.0.0.1', family: 4 }] });
    const response = await guarded(`http://pinned.test:${server.port}/echo`, { method: 'POST', body: 'pinned' });
    expect(((await response.json()) as { body: string }).body).toBe('pinned');
  });

  it('rejects a redirect to a private address and caps streamed bodies at limit + one chunk', async () => {
    const follow = createGuardedFetch({ allowPrivateHosts: [`127.0.0.1:${server.port}`], maxRedirects: 3 });
    await expect(follow(`${server.url}/redirect-private`)).rejects.toThrow('blocked by SSRF policy');
    const followed = await follow(`${server.url}/redirect`);
    expect(await followed.text()).toContain('reader text');
    const capped = createGuardedFetch({ allowPrivateHosts: [`127.0.0.1:${server.port}`], maxResponseBytes: 100 * 1024 });
    const response = await capped(`${server.url}/huge?bytes=${10 * 1024 * 1024}`);
    const reader = response.body!.getReader();
    let received = 0;
    let failure: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(EgressBlockedError);
    expect((failure as Error).message).toContain('Response too large');
    expect(received).toBeLessThanOrEqual(100 * 1024 + 64 * 1024);
  });
});

describe('guarded fetch inputs', () => {
  it('forwards the method, headers and body of a Request input', async () => {
    const guarded = createGuardedFetch({ allowPrivateHosts: [`127.0.0.1:${server.port}`] });
    const response = await guarded(new Request(`${server.url}/echo`, { method: 'POST', body: 'from a Request', headers: { 'x-custom': 'req' } }));
    expect(await response.json()).toMatchObject({ method: 'POST', body: 'from a Request', custom: 'req' });
  });
});
