-- Tables for connector-configs/clickhouse-sink.json, for those who create tables themselves instead of letting the
-- sink create them (table.auto.create.enabled). Fields are those of the demo's events
-- (connector-configs/schemas/event.schema.json and the generator) as they leave the demo's transforms: the Redis
-- profile as the object `user`, clickstream events with `channel`.
--
--   clickhouse-client --multiquery < connector-configs/clickhouse/tables.sql
--
-- Written for current servers (24.x and later). For ClickHouse 18.16 (what `./tributary services` installs), see
-- the variant at the end of this file.
--
-- Every table:
-- * has the offset columns the sink's exactly-once mode writes (offset.columns: _topic, _partition, _offset);
-- * is sorted by them, so the sink's recovery queries (the highest stored offset of a partition, the offsets stored
--   in a range) read a few granules instead of the whole table. Queries by time are served by the partition key;
--   add a projection or a materialized view for other access paths;
-- * keeps `ts` as the text the event carries and derives `event_time` from it (MATERIALIZED: never inserted), so a
--   time in any ISO-8601 form is read the same whatever the user's date_time_input_format, and a time the server
--   cannot read fails only its own record (dead-lettered), not the batch;
-- * gives columns a field may lack a DEFAULT instead of Nullable: cheaper to store and to query.
-- Monthly partitions: an insert whose events span two months becomes two parts; the sink's exactly-once does not
-- depend on an insert landing whole (see docs/connectors/clickhouse-sink.md).
--
-- `user` holds the enrichment object as JSON text: current servers read a JSON object into a String column
-- (input_format_json_read_objects_as_strings, on by default). Query it with JSONExtract*(user, 'tier').

CREATE DATABASE IF NOT EXISTS tributary;

CREATE TABLE IF NOT EXISTS tributary.payments
(
    _topic         LowCardinality(String),
    _partition     Int32,
    _offset        Int64,
    event_id       UUID,
    event_type     LowCardinality(String),
    ts             String,
    event_time     DateTime64(3, 'UTC') MATERIALIZED parseDateTime64BestEffort(ts, 3),
    user_id        String,
    transaction_id String,
    amount         Decimal(18, 2),
    currency       LowCardinality(String),
    merchant       String,
    card_last4     String,
    status         LowCardinality(String),
    country        LowCardinality(String),
    user           String DEFAULT ''
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (_topic, _partition, _offset);

CREATE TABLE IF NOT EXISTS tributary.iot_readings
(
    _topic         LowCardinality(String),
    _partition     Int32,
    _offset        Int64,
    event_id       UUID,
    event_type     LowCardinality(String),
    ts             String,
    event_time     DateTime64(3, 'UTC') MATERIALIZED parseDateTime64BestEffort(ts, 3),
    user_id        String,
    device_id      String,
    sensor         LowCardinality(String),
    value          Float64,
    unit           LowCardinality(String),
    battery        Float32,
    firmware       LowCardinality(String),
    user           String DEFAULT ''
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (_topic, _partition, _offset);

CREATE TABLE IF NOT EXISTS tributary.clicks
(
    _topic         LowCardinality(String),
    _partition     Int32,
    _offset        Int64,
    event_id       UUID,
    event_type     LowCardinality(String),
    ts             String,
    event_time     DateTime64(3, 'UTC') MATERIALIZED parseDateTime64BestEffort(ts, 3),
    user_id        String,
    session_id     String,
    device         LowCardinality(String),
    page           String,
    referrer       LowCardinality(String),
    price          Decimal(18, 2),
    channel        LowCardinality(String) DEFAULT '',
    user           String DEFAULT ''
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (_topic, _partition, _offset);

-- ClickHouse 18.16 (and other servers before 20.1) lacks DateTime64 and parseDateTime64BestEffort, has
-- LowCardinality only as an experimental feature, and refuses a JSON object for a String column (code 26: every
-- enriched event would be dead-lettered). There, in each table above:
--   * write String for LowCardinality(String);
--   * write   event_time DateTime MATERIALIZED parseDateTimeBestEffort(ts)   (whole seconds);
--   * leave out the `user` column: the sink skips fields without a column (fields.unknown=ignore).
