// A small worker pool: at most `size` items in flight, results in input order, stops taking new
// items once `signal` aborts (items not started are left out of the result).

export async function mapInPool<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results: (R | undefined)[] = new Array(items.length);
  const started: boolean[] = new Array(items.length).fill(false);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      started[index] = true;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
  return results.filter((_, index) => started[index]) as R[];
}
