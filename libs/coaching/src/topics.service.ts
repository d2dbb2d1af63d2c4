import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { cleanTopicLabel, DEFAULT_TOPICS, normalizeTopicKey } from './coaching-rules';
import { TopicsQuery, TopicsView, TopicView } from './coaching.dto';

const DEFAULT_BY_KEY = new Map(DEFAULT_TOPICS.map((label) => [normalizeTopicKey(label), label]));
const collator = new Intl.Collator('fr', { sensitivity: 'base' });

/**
 * The tenant's shared topic list: the French defaults plus every tag used in a session, by use
 * count. A tag is stored once per tenant under its normalised key, with the first spelling used.
 */
@Injectable()
export class TopicsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async suggest(actor: TenantActor, query: TopicsQuery): Promise<TopicsView> {
    const q = query.q ? normalizeTopicKey(query.q) : '';
    const limit = query.limit ?? 20;
    const rows = await this.dataSource.query<{ key: string; label: string; use_count: number }[]>(
      `SELECT key, label, use_count FROM coaching_topics WHERE tenant_id = $1 AND ($2 = '' OR strpos(key, $2) > 0)`,
      [actor.tenantId, q],
    );
    const byKey = new Map<string, TopicView>(rows.map((r) => [r.key, { label: r.label, useCount: r.use_count }]));
    for (const [key, label] of DEFAULT_BY_KEY) if (!byKey.has(key) && (!q || key.includes(q))) byKey.set(key, { label, useCount: 0 });
    const items = [...byKey.values()].sort((a, b) => b.useCount - a.useCount || collator.compare(a.label, b.label)).slice(0, limit);
    return { items, nextCursor: null };
  }

  /**
   * The canonical labels for these tags (the tenant's spelling, else the default's, else the
   * tag cleaned), deduplicated, with the topics created when new. Runs in the caller's transaction.
   */
  async canonicalise(manager: EntityManager, tenantId: string, labels: string[]): Promise<string[]> {
    const wanted = new Map<string, string>();
    for (const raw of labels) {
      const label = cleanTopicLabel(raw);
      const key = normalizeTopicKey(label);
      if (key && !wanted.has(key)) wanted.set(key, DEFAULT_BY_KEY.get(key) ?? label);
    }
    if (!wanted.size) return [];
    const keys = [...wanted.keys()];
    // Sorted, so that two sessions adding the same new tags lock them in the same order.
    const sorted = [...keys].sort();
    await manager.query(
      `INSERT INTO coaching_topics (tenant_id, key, label) SELECT $1, k, l FROM unnest($2::text[], $3::text[]) AS t(k, l)
       ON CONFLICT (tenant_id, key) DO NOTHING`,
      [tenantId, sorted, sorted.map((k) => wanted.get(k))],
    );
    const rows = await manager.query<{ key: string; label: string }[]>('SELECT key, label FROM coaching_topics WHERE tenant_id = $1 AND key = ANY($2::text[])', [tenantId, keys]);
    const canonical = new Map(rows.map((r) => [r.key, r.label]));
    return keys.map((k) => canonical.get(k) ?? wanted.get(k) ?? k);
  }

  /** Keeps use counts exact: +1 for tags a session gains, −1 for those it loses. */
  async countUse(manager: EntityManager, tenantId: string, before: string[], after: string[]): Promise<void> {
    const was = new Set(before.map(normalizeTopicKey));
    const is = new Set(after.map(normalizeTopicKey));
    const added = [...is].filter((k) => !was.has(k));
    const removed = [...was].filter((k) => !is.has(k));
    if (added.length) await manager.query('UPDATE coaching_topics SET use_count = use_count + 1, updated_at = now() WHERE tenant_id = $1 AND key = ANY($2::text[])', [tenantId, added]);
    if (removed.length) await manager.query('UPDATE coaching_topics SET use_count = GREATEST(use_count - 1, 0), updated_at = now() WHERE tenant_id = $1 AND key = ANY($2::text[])', [tenantId, removed]);
  }
}
