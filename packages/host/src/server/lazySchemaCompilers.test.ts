import Fastify from 'fastify';
import { lazySchemaCompilers } from './lazySchemaCompilers';

// The host's own routes declare no JSON schema; a route that does still gets fastify's
// validation and serialization, from the compilers loaded on first use.
describe('lazySchemaCompilers', () => {
  it('validates a body and serializes a response by their JSON schemas', async () => {
    const app = Fastify({ schemaController: lazySchemaCompilers() });
    app.post(
      '/things',
      {
        schema: {
          body: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', minLength: 1 } },
          },
          response: { 200: { type: 'object', properties: { name: { type: 'string' } } } },
        },
      },
      async (req) => ({ ...(req.body as object), secret: 'not in the response schema' }),
    );
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const post = (body: unknown) =>
        fetch(`${url}/things`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const refused = await post({ name: '' });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { message: string }).message).toContain('name');
      const ok = await post({ name: 'a thing' });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ name: 'a thing' });
    } finally {
      await app.close();
    }
  });
});
