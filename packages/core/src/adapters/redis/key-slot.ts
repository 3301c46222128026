/**
 * The Redis Cluster hash slot of a key (CRC16/XMODEM of the key, or of its {hash tag}, mod 16384),
 * as the cluster specification defines it. Used to find the primary that holds a key without a
 * round trip; test/contract/redis-cluster-replicas.test.ts finds WAIT on the owner CLUSTER KEYSLOT names.
 */
export const CLUSTER_SLOTS = 16_384;

const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[byte] = crc;
  }
  return table;
})();

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[((crc >> 8) ^ byte) & 0xff]!;
  return crc;
}

export function keySlot(key: string): number {
  const bytes = Buffer.from(key);
  // Only the part between the first "{" and the next "}" counts, when that part is not empty.
  const open = bytes.indexOf(0x7b);
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) return crc16(bytes.subarray(open + 1, close)) % CLUSTER_SLOTS;
  }
  return crc16(bytes) % CLUSTER_SLOTS;
}
