// Prints an Arrow IPC file or stream as JSON, read by apache-arrow (Arrow's JavaScript implementation): the IPC
// format, the rows of each record batch, the fields, how many buffers each codec decompressed, and every row. The
// file format is read through its footer (RecordBatchFileReader seeks to each block it lists).
// Values are printed by the field's Arrow type, so that nothing is lost on the way to the test: 64-bit integers and
// decimals as strings (decimals from their two's complement words and the type's scale: apache-arrow's own decimal
// toString prints neither the scale nor 256-bit values correctly), binary as hex, dates and timestamps as epoch
// milliseconds, times as milliseconds of the day, maps as [key, value] pairs in file order.
import { readFileSync } from 'node:fs'
import { CompressionType, RecordBatchReader, Type, compressionRegistry } from 'apache-arrow'
import lz4 from 'lz4js'
import { decompress as zstdDecompress } from 'fzstd'

// apache-arrow ships no codec: the reader registers them. Each returns a fresh array, so the buffer starts at offset 0
// of its own memory: apache-arrow views 64-bit values in place, which needs 8-byte aligned offsets.
const decoded = { LZ4_FRAME: 0, ZSTD: 0 }
compressionRegistry.set(CompressionType.LZ4_FRAME, {
  decode: data => { decoded.LZ4_FRAME++; return Uint8Array.from(lz4.decompress(data)) }
})
compressionRegistry.set(CompressionType.ZSTD, {
  decode: data => { decoded.ZSTD++; return new Uint8Array(zstdDecompress(data)) }
})

function decimal (words, scale) {
  let unscaled = 0n
  for (let i = words.length - 1; i >= 0; i--) unscaled = (unscaled << 32n) | BigInt(words[i] >>> 0)
  const bits = BigInt(words.length * 32)
  if (unscaled >> (bits - 1n)) unscaled -= 1n << bits
  const negative = unscaled < 0n
  let digits = (negative ? -unscaled : unscaled).toString()
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0')
    digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale)
  }
  return (negative ? '-' : '') + digits
}

function plain (value, type) {
  if (value === null || value === undefined) return null
  switch (type.typeId) {
    case Type.Int: return type.bitWidth === 64 ? value.toString() : value
    case Type.Decimal: return decimal(value, type.scale)
    case Type.Binary: return Buffer.from(value).toString('hex')
    case Type.List: return [...value].map(v => plain(v, type.children[0].type))
    case Type.Struct: return Object.fromEntries(type.children.map(f => [f.name, plain(value[f.name], f.type)]))
    case Type.Map: {
      const [key, val] = type.children[0].type.children
      return [...value].map(([k, v]) => [plain(k, key.type), plain(v, val.type)])
    }
    default: return value
  }
}

const reader = RecordBatchReader.from(readFileSync(process.argv[2]))
reader.open()
const format = reader.isFile() ? 'file' : 'stream'
const schema = reader.schema
const fields = schema.fields.map(f => ({ name: f.name, type: String(f.type), nullable: f.nullable }))
const batchRows = []
const rows = []
for (const batch of reader) {
  batchRows.push(batch.numRows)
  for (let i = 0; i < batch.numRows; i++) {
    const row = {}
    for (const [j, f] of schema.fields.entries()) row[f.name] = plain(batch.getChildAt(j).get(i), f.type)
    rows.push(row)
  }
}
process.stdout.write(JSON.stringify({ format, batchRows, fields, metadata: Object.fromEntries(schema.metadata),
  decoded, rows }) + '\n')
