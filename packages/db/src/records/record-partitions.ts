/**
 * How `records` is partitioned (migration 0007, ADR 0010): by object id, one partition for each
 * id up to RECORD_OWN_PARTITIONS and one for every larger id.
 */
export const RECORD_OWN_PARTITIONS = 31;

/** Prefix of the partitions' names: `records_o3`, `records_orest`. */
const RECORD_PARTITION_PREFIX = 'records_';

/** The partition of `records` holding the rows of object `objectId` (in every tenant). */
export function recordPartitionOf(objectId: number): string {
  if (!Number.isSafeInteger(objectId) || objectId < 1) {
    throw new TypeError(`not an object id: ${objectId}`);
  }
  return objectId <= RECORD_OWN_PARTITIONS
    ? `${RECORD_PARTITION_PREFIX}o${objectId}`
    : `${RECORD_PARTITION_PREFIX}orest`;
}

/**
 * The runtime's extended statistics of one text slot on the partition of object `objectId`
 * (`rx_s_o3_t2`, `rx_s_orest_t2`), shared by every object of that partition using the slot.
 */
export function recordStatisticsName(objectId: number, slot: string): string {
  return `rx_s_${recordPartitionOf(objectId).slice(RECORD_PARTITION_PREFIX.length)}_${slot}`;
}

/**
 * What the runtime's extended statistics hold (ADR 0018): distinct counts and most common values,
 * no functional dependencies.
 */
export const RECORD_STATISTICS_KINDS = Object.freeze(['ndistinct', 'mcv'] as const);
