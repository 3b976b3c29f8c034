// Prints every row of a Parquet file as one JSON array, read by hyparquet (with its compressors: snappy, zstd,
// gzip, ...). 64-bit integers are printed as strings, so no precision is lost on the way to the test.
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

const file = await asyncBufferFromFile(process.argv[2])
const metadata = await parquetMetadataAsync(file)
const rows = await parquetReadObjects({ file, metadata, compressors })
const codecs = [...new Set(metadata.row_groups.flatMap(g => g.columns.map(c => c.meta_data.codec)))]
process.stdout.write(JSON.stringify({ rowGroups: metadata.row_groups.length, codecs, rows },
  (key, value) => typeof value === 'bigint' ? value.toString() : value) + '\n')
