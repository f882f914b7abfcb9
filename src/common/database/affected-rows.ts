/**
 * The rows an UPDATE or DELETE changed. TypeORM's mysql driver returns the OkPacket for a write;
 * some versions wrap it as [packet, count].
 */
export function affectedRows(result: unknown): number {
  const packet = Array.isArray(result) ? result[0] : result;
  return Number((packet as { affectedRows?: number })?.affectedRows ?? 0);
}
