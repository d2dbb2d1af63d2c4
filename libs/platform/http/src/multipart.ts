import { CallHandler, ExecutionContext, Inject, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Observable } from 'rxjs';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { DomainError } from '@filiere/platform/errors';

/** A file of a multipart/form-data request, as the routes receive it. */
export interface UploadedFileInfo {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  /** Memory storage: the content. */
  buffer?: Buffer;
  /** Disk storage: where the file was streamed (the caller owns it from then on). */
  path?: string;
}

export interface MultipartOptions {
  /** The file fields accepted, each with its maximum number of files; any other part is refused. */
  fields: { name: string; maxCount: number }[];
  /** `memory`: each file in a Buffer; `disk`: streamed into UPLOAD_DIR under a random name (`<prefix>-<uuid>`). */
  storage: { kind: 'memory' } | { kind: 'disk'; prefix: string };
  /** Largest file in bytes; UPLOAD_MAX_MB when absent. Beyond: 413. */
  maxFileSize?: number;
  /** `single`: the route reads `@UploadedFile()` (the first field's file); else `@UploadedFiles()` by field. */
  single?: boolean;
}

/**
 * Reads a multipart/form-data body before the handler (Fastify, @fastify/multipart), the way
 * multer did under Express: files on `req.file` / `req.files`, for `@UploadedFile(s)()`. Limits
 * are enforced while streaming; on any error, files already written are removed. A request
 * that is not multipart passes with no file (the route answers that the file is required).
 */
export function MultipartInterceptor(options: MultipartOptions): Type<NestInterceptor> {
  const accepted = new Map(options.fields.map((f) => [f.name, f.maxCount]));
  const maxFiles = options.fields.reduce((n, f) => n + f.maxCount, 0);

  @Injectable()
  class Interceptor implements NestInterceptor {
    constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<FastifyRequest>();
      // Where Nest's @UploadedFile(s)() look (shadowing @fastify/multipart's methods of the same names).
      const target = req as unknown as { file?: UploadedFileInfo; files?: Record<string, UploadedFileInfo[]> };
      target.file = undefined;
      target.files = undefined;
      if (!req.isMultipart()) return next.handle();
      const files: Record<string, UploadedFileInfo[]> = {};
      const written: string[] = [];
      const fileSize = options.maxFileSize ?? this.config.uploadMaxBytes;
      try {
        if (options.storage.kind === 'disk') await mkdir(this.config.uploadDir, { recursive: true });
        for await (const part of req.parts({ limits: { fileSize, files: maxFiles, fields: 0 } })) {
          if (part.type !== 'file') continue; // fields: 0 — the parser refuses them (FST_FIELDS_LIMIT)
          const max = accepted.get(part.fieldname);
          if (max === undefined) {
            part.file.resume();
            throw new DomainError(400, 'UNEXPECTED_FILE', `Unexpected file field "${part.fieldname}" (expected: ${[...accepted.keys()].join(', ')})`);
          }
          const list = (files[part.fieldname] ??= []);
          if (list.length >= max) {
            part.file.resume();
            throw new DomainError(400, 'TOO_MANY_FILES', `At most ${max} file${max > 1 ? 's' : ''} in field "${part.fieldname}"`);
          }
          const info: UploadedFileInfo = { fieldname: part.fieldname, originalname: part.filename, mimetype: part.mimetype, size: 0 };
          if (options.storage.kind === 'memory') {
            info.buffer = await part.toBuffer();
            info.size = info.buffer.length;
          } else {
            const path = join(this.config.uploadDir, `${options.storage.prefix}-${randomUUID()}`);
            written.push(path);
            await pipeline(part.file, createWriteStream(path));
            if (part.file.truncated) throw new DomainError(413, 'PAYLOAD_TOO_LARGE', 'File too large');
            info.path = path;
            info.size = (await stat(path)).size;
          }
          list.push(info);
        }
      } catch (err) {
        await Promise.all(written.map((p) => unlink(p).catch(() => undefined)));
        throw err;
      }
      if (options.single) target.file = files[options.fields[0].name]?.[0];
      else target.files = files;
      return next.handle();
    }
  }
  return mixin(Interceptor);
}
