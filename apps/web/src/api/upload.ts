import { ApiError, authFetch } from './client';

/** Sends one file as `multipart/form-data` (field `file`) with the session's token; the JSON answer. */
export async function uploadFile<T>(method: 'POST' | 'PUT', path: string, file: File): Promise<T> {
  const body = new FormData();
  body.append('file', file, file.name);
  const res = await authFetch(new Request(new URL(path, window.location.origin), { method, body }));
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw ApiError.from(res.status, json);
  return json as T;
}

/** Downloads a file of the API under the name its Content-Disposition gives (`fallback` without one). */
export async function downloadAttachment(path: string, fallback: string): Promise<void> {
  const res = await authFetch(new Request(new URL(path, window.location.origin)));
  if (!res.ok) throw ApiError.from(res.status, await res.json().catch(() => null));
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = star ? decodeURIComponent(star) : (plain ?? fallback);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
