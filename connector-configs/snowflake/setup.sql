-- Snowflake objects for Tributary's Snowflake sink configs (snowflake-events.json, snowflake-aggregates.json):
-- a database with one schema per config, a role that owns the tables, a service user that signs in with an RSA
-- key pair, and a small warehouse for reading. Run it once, in order, as a user who has SYSADMIN and
-- SECURITYADMIN (or ACCOUNTADMIN). Names match the configs; change both together.
--
-- Before running: make the key pair (see README.md in this folder) and paste the public key, without its
-- BEGIN/END lines and line breaks, into RSA_PUBLIC_KEY below.

------------------------------------------------------------------------------------------------------------------
-- 1. Database, schemas, warehouse (SYSADMIN)
------------------------------------------------------------------------------------------------------------------
USE ROLE SYSADMIN;

CREATE DATABASE IF NOT EXISTS TRIBUTARY COMMENT = 'Tributary event pipeline';
CREATE SCHEMA IF NOT EXISTS TRIBUTARY.EVENTS COMMENT = 'Routed events: events-payments, events-iot, events-clicks';
CREATE SCHEMA IF NOT EXISTS TRIBUTARY.AGGREGATES COMMENT = 'Window results of the stateful processor';

-- Snowpipe Streaming writes without a warehouse; this one is for people and dashboards reading the tables.
CREATE WAREHOUSE IF NOT EXISTS TRIBUTARY_WH
  WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE
  COMMENT = 'Queries on TRIBUTARY; ingestion does not use it';

------------------------------------------------------------------------------------------------------------------
-- 2. Role and user of the connector (SECURITYADMIN)
------------------------------------------------------------------------------------------------------------------
USE ROLE SECURITYADMIN;

CREATE ROLE IF NOT EXISTS TRIBUTARY_INGEST COMMENT = 'Kafka Connect: Snowflake sink of the Tributary pipeline';
-- Part of the usual hierarchy, so SYSADMIN can create the tables as this role (step 3) and manage them later.
GRANT ROLE TRIBUTARY_INGEST TO ROLE SYSADMIN;

-- TYPE = SERVICE: no password and no interactive sign-in; key-pair authentication only.
CREATE USER IF NOT EXISTS TRIBUTARY_CONNECT
  TYPE = SERVICE
  DEFAULT_ROLE = TRIBUTARY_INGEST
  RSA_PUBLIC_KEY = 'MIIBIjANBgkqh...paste the public key here...IDAQAB'
  COMMENT = 'Kafka Connect workers (snowflake.user.name)';
GRANT ROLE TRIBUTARY_INGEST TO USER TRIBUTARY_CONNECT;

-- What Snowpipe Streaming needs: use the database and schemas, create tables (a topic without a table gets one).
-- (Snowpipe with files, snowflake.ingestion.method=SNOWPIPE, would also need CREATE STAGE and CREATE PIPE.)
GRANT USAGE ON DATABASE TRIBUTARY TO ROLE TRIBUTARY_INGEST;
GRANT USAGE, CREATE TABLE ON SCHEMA TRIBUTARY.EVENTS TO ROLE TRIBUTARY_INGEST;
GRANT USAGE, CREATE TABLE ON SCHEMA TRIBUTARY.AGGREGATES TO ROLE TRIBUTARY_INGEST;

-- Readers: a role of their own, read-only.
CREATE ROLE IF NOT EXISTS TRIBUTARY_READ COMMENT = 'Reads the Tributary tables';
GRANT ROLE TRIBUTARY_READ TO ROLE SYSADMIN;
GRANT USAGE ON WAREHOUSE TRIBUTARY_WH TO ROLE TRIBUTARY_READ;
GRANT USAGE ON DATABASE TRIBUTARY TO ROLE TRIBUTARY_READ;
GRANT USAGE ON SCHEMA TRIBUTARY.EVENTS TO ROLE TRIBUTARY_READ;
GRANT USAGE ON SCHEMA TRIBUTARY.AGGREGATES TO ROLE TRIBUTARY_READ;
GRANT SELECT ON FUTURE TABLES IN SCHEMA TRIBUTARY.EVENTS TO ROLE TRIBUTARY_READ;
GRANT SELECT ON FUTURE TABLES IN SCHEMA TRIBUTARY.AGGREGATES TO ROLE TRIBUTARY_READ;

------------------------------------------------------------------------------------------------------------------
-- 3. Tables (as TRIBUTARY_INGEST, so the connector's role owns them)
------------------------------------------------------------------------------------------------------------------
-- With snowflake.enable.schematization=true each top-level field of a record is a column of the same name
-- (upper-cased), and RECORD_METADATA holds topic, partition, offset, create time, key and headers. Creating the
-- tables here fixes the types of the known fields (timestamps, decimals) instead of leaving them to inference;
-- ENABLE_SCHEMA_EVOLUTION lets the connector add a column when a new field appears (it needs the table's
-- OWNERSHIP, hence this role). Columns are nullable: evolution drops NOT NULL from columns a record lacks anyway.
-- Column names are what the transforms in front make of the fields: ProtectFields (USER_ID is an HMAC pseudonym,
-- CARD_LAST4 masked), Flatten with '_' (user.tier -> USER_TIER), ReplaceField (ts -> EVENT_TS, value -> READING).
USE ROLE TRIBUTARY_INGEST;
USE SCHEMA TRIBUTARY.EVENTS;

CREATE TABLE IF NOT EXISTS PAYMENTS (
  RECORD_METADATA  VARIANT       COMMENT 'topic, partition, offset, CreateTime, key (pseudonymised), headers',
  EVENT_ID         VARCHAR(36),
  EVENT_TYPE       VARCHAR(32),
  EVENT_TS         TIMESTAMP_TZ,
  USER_ID          VARCHAR(64)   COMMENT 'HMAC-SHA-256 pseudonym (ProtectFields), never the raw id',
  TRANSACTION_ID   VARCHAR(32),
  AMOUNT           NUMBER(12, 2),
  CURRENCY         VARCHAR(3),
  MERCHANT         VARCHAR(16),
  CARD_LAST4       VARCHAR(4)    COMMENT 'masked by ProtectFields: **34',
  STATUS           VARCHAR(16),
  COUNTRY          VARCHAR(2),
  USER_TIER        VARCHAR(16)   COMMENT 'enrichment (EnrichFromRedis), flattened',
  USER_COUNTRY     VARCHAR(2),
  USER_SIGNUP_YEAR NUMBER(4)
) ENABLE_SCHEMA_EVOLUTION = TRUE COMMENT = 'events-payments';

CREATE TABLE IF NOT EXISTS IOT_READINGS (
  RECORD_METADATA  VARIANT,
  EVENT_ID         VARCHAR(36),
  EVENT_TYPE       VARCHAR(32),
  EVENT_TS         TIMESTAMP_TZ,
  USER_ID          VARCHAR(64)   COMMENT 'HMAC-SHA-256 pseudonym (ProtectFields)',
  DEVICE_ID        VARCHAR(16),
  SENSOR           VARCHAR(16),
  READING          FLOAT         COMMENT 'the event''s value field',
  UNIT             VARCHAR(8),
  BATTERY          NUMBER(3, 2),
  FIRMWARE         VARCHAR(16),
  USER_TIER        VARCHAR(16),
  USER_COUNTRY     VARCHAR(2),
  USER_SIGNUP_YEAR NUMBER(4)
) ENABLE_SCHEMA_EVOLUTION = TRUE COMMENT = 'events-iot';

CREATE TABLE IF NOT EXISTS CLICKS (
  RECORD_METADATA  VARIANT,
  EVENT_ID         VARCHAR(36),
  EVENT_TYPE       VARCHAR(32),
  EVENT_TS         TIMESTAMP_TZ,
  USER_ID          VARCHAR(64)   COMMENT 'HMAC-SHA-256 pseudonym (ProtectFields)',
  SESSION_ID       VARCHAR(16),
  DEVICE           VARCHAR(16),
  PAGE             VARCHAR(256),
  REFERRER         VARCHAR(32),
  PRICE            NUMBER(10, 2),
  CHANNEL          VARCHAR(16)   COMMENT 'set by the routing rules',
  USER_TIER        VARCHAR(16),
  USER_COUNTRY     VARCHAR(2),
  USER_SIGNUP_YEAR NUMBER(4)
) ENABLE_SCHEMA_EVOLUTION = TRUE COMMENT = 'events-clicks';

USE SCHEMA TRIBUTARY.AGGREGATES;

-- One row per closed window (emit: final). Percentiles are flattened: amount_p.p95 -> AMOUNT_P_P95.
CREATE TABLE IF NOT EXISTS PER_TYPE_1M (
  RECORD_METADATA  VARIANT,
  EVENT_TYPE       VARCHAR(32),
  WINDOW_START     TIMESTAMP_TZ,
  WINDOW_END       TIMESTAMP_TZ,
  WINDOW_START_MS  NUMBER(15),
  WINDOW_END_MS    NUMBER(15),
  EVENTS           NUMBER(12),
  AMOUNT_SUM       FLOAT,
  AMOUNT_AVG       FLOAT,
  AMOUNT_P_P50     FLOAT,
  AMOUNT_P_P95     FLOAT,
  AMOUNT_P_P99     FLOAT,
  USERS            NUMBER(12)    COMMENT 'distinct users (HyperLogLog estimate)',
  LATE_EVENTS      NUMBER(12)
) ENABLE_SCHEMA_EVOLUTION = TRUE COMMENT = 'agg-per-type-1m';

CREATE TABLE IF NOT EXISTS PER_USER_5M (
  RECORD_METADATA  VARIANT,
  USER_ID          VARCHAR(64)   COMMENT 'HMAC-SHA-256 pseudonym, the same as in the EVENTS tables',
  WINDOW_START     TIMESTAMP_TZ,
  WINDOW_END       TIMESTAMP_TZ,
  WINDOW_START_MS  NUMBER(15),
  WINDOW_END_MS    NUMBER(15),
  EVENTS           NUMBER(12),
  AMOUNT_MAX       FLOAT,
  LATE_EVENTS      NUMBER(12)
) ENABLE_SCHEMA_EVOLUTION = TRUE COMMENT = 'agg-per-user-5m';

CREATE TABLE IF NOT EXISTS USER_SESSIONS (
  RECORD_METADATA  VARIANT,
  USER_ID          VARCHAR(64)   COMMENT 'HMAC-SHA-256 pseudonym, the same as in the EVENTS tables',
  WINDOW_START     TIMESTAMP_TZ,
  WINDOW_END       TIMESTAMP_TZ,
  WINDOW_START_MS  NUMBER(15),
  WINDOW_END_MS    NUMBER(15),
  EVENTS           NUMBER(12),
  FIRST_TYPE       VARCHAR(32),
  LAST_TYPE        VARCHAR(32),
  LATE_EVENTS      NUMBER(12)
) ENABLE_SCHEMA_EVOLUTION = TRUE COMMENT = 'agg-user-sessions';

-- Tables made before the FUTURE grants above, or by another role, need their own:
-- GRANT SELECT ON ALL TABLES IN SCHEMA TRIBUTARY.EVENTS TO ROLE TRIBUTARY_READ;
