import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

type Model = Type<unknown>;

/** The OpenAPI schema of a `{ items: T[], nextCursor }` page (API.md's list shape). */
export function pageSchema(model: Model): Record<string, unknown> {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { $ref: getSchemaPath(model) } },
      nextCursor: { type: 'string', nullable: true, description: 'Opaque cursor of the next page (`?cursor=`); null on the last page' },
    },
  };
}

/** 200 with a page of `model` (`{ items, nextCursor }`), so that the generated client types it. */
export function ApiPageResponse(model: Model, description?: string): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiExtraModels(model), ApiOkResponse({ description, schema: pageSchema(model) }));
}

/** 200 with `{ items: T[] }` (a list that is never paginated) plus any other fields given. */
export function ApiItemsResponse(model: Model, description?: string, extra: Record<string, Record<string, unknown>> = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', ...Object.keys(extra)],
        properties: { items: { type: 'array', items: { $ref: getSchemaPath(model) } }, ...extra },
      },
    }),
  );
}
