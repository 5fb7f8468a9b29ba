import type { OutgoingRequest } from './outgoingRequest';
import { nextRedirectHop } from './redirectFollower';

describe('nextRedirectHop', () => {
  const request = (url: string): OutgoingRequest => ({
    method: 'POST',
    url: new URL(url),
    headers: {
      authorization: 'Bearer t',
      cookie: 'sid=1',
      'x-api-key': 'cfg-secret',
      'content-type': 'application/json',
      'x-trace': 'abc',
    },
    body: '{"a":1}',
  });

  it('ignores statuses that are not followed redirects, and a missing Location', () => {
    expect(nextRedirectHop(request('https://a.example/x'), 300, '/y', [])).toBeUndefined();
    expect(nextRedirectHop(request('https://a.example/x'), 304, '/y', [])).toBeUndefined();
    expect(nextRedirectHop(request('https://a.example/x'), 302, undefined, [])).toBeUndefined();
  });

  it('resolves a relative Location and drops its fragment and credentials', () => {
    const hop = nextRedirectHop(request('https://a.example/v1/x?q=1'), 307, '../v2/y#frag', []);
    expect(hop?.url.href).toBe('https://a.example/v2/y');
    const withUser = nextRedirectHop(
      request('https://a.example/x'),
      307,
      'https://u:p@a.example/z',
      [],
    );
    expect(withUser?.url.href).toBe('https://a.example/z');
  });

  it('keeps a HEAD a HEAD on 303', () => {
    const head = { ...request('https://a.example/x'), method: 'HEAD' as const, body: undefined };
    expect(nextRedirectHop(head, 303, '/y', [])?.method).toBe('HEAD');
  });

  it('treats a drop from https to http on the same host as leaving the origin', () => {
    const hop = nextRedirectHop(request('https://a.example/x'), 307, 'http://a.example/x', [
      'cfg-secret',
    ]);
    expect(hop?.headers).toEqual({ 'content-type': 'application/json', 'x-trace': 'abc' });
  });

  it('treats another port as another host', () => {
    const hop = nextRedirectHop(
      request('https://a.example/x'),
      308,
      'https://a.example:8443/x',
      [],
    );
    expect(hop?.headers.authorization).toBeUndefined();
    expect(hop?.headers.cookie).toBeUndefined();
  });
});
