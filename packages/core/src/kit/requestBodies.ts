/** A form value; arrays repeat the key (`StatusCallbackEvent=ringing&StatusCallbackEvent=answered`). */
export type FormValue = string | number | boolean;
export type FormFields = Readonly<Record<string, FormValue | readonly FormValue[] | undefined>>;

/** A file part of a multipart body. */
export interface MultipartFile {
  content: Buffer | Uint8Array | string;
  filename: string;
  /** Default application/octet-stream. */
  contentType?: string;
}

export type MultipartValue = FormValue | MultipartFile;
export type MultipartFields = Readonly<
  Record<string, MultipartValue | readonly MultipartValue[] | undefined>
>;

/** Fields as an application/x-www-form-urlencoded body; undefined values are left out. */
export function formBody(fields: FormFields | URLSearchParams | string): URLSearchParams | string {
  if (typeof fields === 'string' || fields instanceof URLSearchParams) return fields;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, String(item));
  }
  return params;
}

/** Fields and files as a FormData, which ctx.http sends as multipart/form-data. */
export function multipartBody(fields: MultipartFields | FormData): FormData {
  if (fields instanceof FormData) return fields;
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const items: readonly MultipartValue[] = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (typeof item === 'object') {
        const bytes = typeof item.content === 'string' ? Buffer.from(item.content) : item.content;
        const blob = new Blob([bytes], { type: item.contentType ?? 'application/octet-stream' });
        form.append(name, blob, item.filename);
      } else {
        form.append(name, String(item));
      }
    }
  }
  return form;
}
