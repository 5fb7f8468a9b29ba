/** True for a WHATWG FormData (Node's global one, or another realm's). */
export function isFormData(value: unknown): value is FormData {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value instanceof FormData || Object.prototype.toString.call(value) === '[object FormData]')
  );
}

/**
 * A FormData as the bytes of a multipart/form-data body and the Content-Type that names its
 * boundary. Node's own fetch implementation (undici, through `Response`) writes the body, so
 * boundaries, part headers and file names are escaped as the spec says, never hand-built.
 */
export async function encodeMultipart(
  form: FormData,
): Promise<{ body: Buffer; contentType: string }> {
  const response = new Response(form);
  const contentType = response.headers.get('content-type');
  if (contentType === null) throw new Error('FormData produced no content type');
  return { body: Buffer.from(await response.arrayBuffer()), contentType };
}
