-- The cart-events pipeline's tables (docs/pipelines/cart-events.md), filled by the three sink connectors in
-- ../with-clickhouse/:
--
--   events_raw        <- cart-events-raw       every event as received (repeats and invalid ones included): the raw
--                                               JSON, its main fields read out of it, the time it was received
--   events_processed  <- cart-events-enriched  the validated, deduplicated, enriched events, flattened
--   events_errors     <- cart-events-dlq       every dead letter of the pipeline, its error headers as columns
--
-- Each is partitioned by month and keeps 18 months. Written for ClickHouse 19.6 and later, where `TTL` removes rows
-- 18 months after their time. Servers before 19.6 (18.16 is what `./tributary services` installs) have no table TTL:
-- leave the TTL lines out and run the retention the project ships instead, which drops whole month partitions past
-- the 18 months (`./tributary clickhouse retention --database tributary_cart_events --months 18`, e.g. daily from
-- cron). `./tributary demo --pipeline cart-events` reads the server's version and does that itself.
--
--   clickhouse-client --multiquery < tables.sql                       (19.6 and later)
--   sed -E 's/^TTL .*;/;/' tables.sql | clickhouse-client --multiquery   (before 19.6)
--
-- Every table has the offset columns of the sinks' exactly-once mode and is sorted by them (see
-- connector-configs/clickhouse/tables.sql for why). Fields a record may lack are columns with a default, not Nullable.
-- The table TTL itself has not run here: the machines this project is tested on have ClickHouse 18.16 only.

CREATE DATABASE IF NOT EXISTS tributary_cart_events;

-- Fields are read out of the raw JSON by the server (visitParamExtract*: flat JSON objects, as the events are), so a
-- received event that breaks the schema still lands whole: a missing or mistyped field reads as '' or 0.
CREATE TABLE IF NOT EXISTS tributary_cart_events.events_raw
(
    _topic       String,
    _partition   Int32,
    _offset      Int64,
    received_at  DateTime,
    raw          String,
    eventId      String  MATERIALIZED visitParamExtractString(raw, 'eventId'),
    userId       String  MATERIALIZED visitParamExtractString(raw, 'userId'),
    storeId      String  MATERIALIZED visitParamExtractString(raw, 'storeId'),
    type         String  MATERIALIZED visitParamExtractString(raw, 'type'),
    sku          String  MATERIALIZED visitParamExtractString(raw, 'sku'),
    quantity     Int64   MATERIALIZED visitParamExtractInt(raw, 'quantity'),
    price        Float64 MATERIALIZED visitParamExtractFloat(raw, 'price'),
    currency     String  MATERIALIZED visitParamExtractString(raw, 'currency'),
    ts           String  MATERIALIZED visitParamExtractString(raw, 'ts')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (_topic, _partition, _offset)
TTL received_at + INTERVAL 18 MONTH;

CREATE TABLE IF NOT EXISTS tributary_cart_events.events_processed
(
    _topic            String,
    _partition        Int32,
    _offset           Int64,
    eventId           String,
    userId            String,
    storeId           String,
    type              String,
    sku               String,
    quantity          Int64,
    price             Float64,
    currency          String,
    ts                String,
    event_time        DateTime MATERIALIZED parseDateTimeBestEffort(ts),
    user_tier         String DEFAULT '',
    user_country      String DEFAULT '',
    user_signup_year  UInt16 DEFAULT 0,
    store_name        String DEFAULT '',
    store_region      String DEFAULT '',
    store_currency    String DEFAULT '',
    store_status      String DEFAULT '',
    -- The rules' tags (header tributary.tags, copied by HeaderToField): null when an event has none, and a JSON null
    -- into a String column is refused by servers before input_format_null_as_default (18.16 among them).
    tags              Nullable(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (_topic, _partition, _offset)
TTL event_time + INTERVAL 18 MONTH;

-- A dead letter's value is whatever could not go on: a line that is not JSON, an event that broke the schema, one
-- of an unknown or closed store. It is kept as text (payload); its headers say where it came from and why.
CREATE TABLE IF NOT EXISTS tributary_cart_events.events_errors
(
    _topic                 String,
    _partition             Int32,
    _offset                Int64,
    dead_lettered_at       DateTime,
    payload                String,
    payload_base64         String DEFAULT '',
    error_stage            String DEFAULT '',
    error_class            String DEFAULT '',
    error_message          String DEFAULT '',
    error_timestamp        String DEFAULT '',
    error_transform        String DEFAULT '',
    original_topic         String DEFAULT '',
    validation_violations  String DEFAULT '',
    processor_job          String DEFAULT '',
    connector              String DEFAULT '',
    source_remote          String DEFAULT '',
    source_connection      String DEFAULT '',
    eventId                String MATERIALIZED visitParamExtractString(payload, 'eventId')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(dead_lettered_at)
ORDER BY (_topic, _partition, _offset)
TTL dead_lettered_at + INTERVAL 18 MONTH;
