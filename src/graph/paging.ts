/**
 * Graph collections come in pages: `@odata.nextLink` names the next one until there is none. Every
 * list Samsyn reads goes through the SDK's PageIterator, which follows the links with the same
 * configured client (auth, retries, time limit). `keepGoing` stops early once the item sought is found.
 */
import { PageIterator, type Client, type PageCollection } from '@microsoft/microsoft-graph-client';

export async function allPages<T>(
  graph: Client,
  first: PageCollection,
  keepGoing: (item: T) => boolean = () => true,
): Promise<T[]> {
  const items: T[] = [];
  const iterator = new PageIterator(graph, first, (item: T) => {
    items.push(item);
    return keepGoing(item);
  });
  await iterator.iterate();
  return items;
}
