import busboy from 'busboy';

export interface UploadedFile {
  field: string;
  filename: string;
  mimeType: string;
  data: Buffer;
}

export interface MultipartForm {
  /** Text fields by name; repeated fields (`languages`) keep every value in order. */
  fields: Record<string, string[]>;
  files: UploadedFile[];
}

/** Parses a buffered multipart/form-data body; rejects when it is not well-formed multipart. */
export function parseMultipartForm(contentType: string, body: Buffer): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    const form: MultipartForm = { fields: {}, files: [] };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType } });
    } catch (error) {
      reject(error as Error);
      return;
    }
    parser.on('field', (name, value) => {
      (form.fields[name] ??= []).push(value);
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        form.files.push({
          field,
          filename: info.filename ?? '',
          mimeType: info.mimeType,
          data: Buffer.concat(chunks),
        });
      });
    });
    parser.on('close', () => resolve(form));
    parser.on('error', (error: Error) => reject(error));
    parser.end(body);
  });
}
