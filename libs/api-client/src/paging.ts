/** Keyset-paged lists of the API: one page, or every page by following `nextCursor`. */
import type { ApiClient, Query } from './api-client';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageOptions {
  all?: boolean;
  limit?: number;
  cursor?: string;
}

export async function fetchList<T>(client: ApiClient, path: string, query: Query, options: PageOptions): Promise<Page<T>> {
  let cursor = options.cursor;
  const items: T[] = [];
  for (;;) {
    const page = await client.get<Page<T>>(path, { ...query, limit: options.limit ?? (options.all ? 500 : undefined), cursor });
    items.push(...page.items);
    if (!options.all || !page.nextCursor) return { items, nextCursor: page.nextCursor };
    cursor = page.nextCursor;
  }
}
