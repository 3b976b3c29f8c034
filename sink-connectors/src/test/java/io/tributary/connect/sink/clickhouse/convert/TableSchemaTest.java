package io.tributary.connect.sink.clickhouse.convert;

import io.tributary.connect.sink.clickhouse.convert.ClickHouseType.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableSchemaTest {

    /** What 18.16 answers to DESCRIBE TABLE ... FORMAT TSV: five fields, quotes escaped. */
    private static final String DESCRIBE_18_16 = String.join("\n",
            "id\tUInt64\t\t\t",
            "m\tEnum8(\\'d\\\\\\'e\\' = -3, \\'a\\' = 1)\t\t\t",
            "l\tDateTime(\\'Europe/Berlin\\')\t\t\t",
            "q\tString\tDEFAULT\t\\'zz\\'\t",
            "n.x\tArray(Int32)\t\t\t",
            "nt\tNullable(Int8)\tDEFAULT\tCAST(5, \\'Nullable(Int8)\\')\t",
            "r\tString\tMATERIALIZED\tconcat(q, \\'x\\')\t",
            "s\tString\tALIAS\tq\t",
            "");

    /** 24.x prints seven fields: comment, codec and TTL expressions follow. */
    private static final String DESCRIBE_24 = String.join("\n",
            "ts\tDateTime64(3, \\'UTC\\')\t\t\tevent time\tCODEC(Delta(8), ZSTD(1))\t",
            "tags\tMap(LowCardinality(String), String)\tDEFAULT\tmap()\t\t\t",
            "");

    @Test
    void readsNamesTypesAndDefaultsFromTheTsvOf18_16() {
        TableSchema schema = TableSchema.parseDescribe("db.t", DESCRIBE_18_16);
        assertThat(schema.columns()).extracting(Column::name)
                .containsExactly("id", "m", "l", "q", "n.x", "nt", "r", "s");
        assertThat(schema.column("m").orElseThrow().type().enumValues()).containsOnlyKeys("d'e", "a");
        assertThat(schema.column("l").orElseThrow().type().timeZone()).contains("Europe/Berlin");
        Column q = schema.column("q").orElseThrow();
        assertThat(q.defaultKind()).isEqualTo("DEFAULT");
        assertThat(q.defaultExpression()).isEqualTo("'zz'");
        assertThat(q.hasDefaultExpression()).isTrue();
        assertThat(schema.column("nt").orElseThrow().defaultExpression()).isEqualTo("CAST(5, 'Nullable(Int8)')");
        assertThat(schema.column("n.x").orElseThrow().type().kind()).isEqualTo(Kind.ARRAY);
    }

    @Test
    void materializedAndAliasColumnsAreNotInsertable() {
        TableSchema schema = TableSchema.parseDescribe("db.t", DESCRIBE_18_16);
        assertThat(schema.insertableColumns()).extracting(Column::name)
                .containsExactly("id", "m", "l", "q", "n.x", "nt");
        assertThat(schema.column("r").orElseThrow().insertable()).isFalse();
        assertThat(schema.column("s").orElseThrow().insertable()).isFalse();
    }

    @Test
    void readsTheSevenFieldFormOfNewerServers() {
        TableSchema schema = TableSchema.parseDescribe("db.t", DESCRIBE_24);
        Column ts = schema.column("ts").orElseThrow();
        assertThat(ts.type().kind()).isEqualTo(Kind.DATETIME64);
        assertThat(ts.type().timeZone()).contains("UTC");
        assertThat(ts.defaultKind()).isEmpty();
        Column tags = schema.column("tags").orElseThrow();
        assertThat(tags.type().elements().get(0).kind()).isEqualTo(Kind.LOW_CARDINALITY);
        assertThat(tags.defaultExpression()).isEqualTo("map()");
    }

    @Test
    void unescapesTabsNewlinesAndBackslashesInNames() {
        assertThat(TableSchema.unescape("a\\tb\\nc\\\\d\\'e")).isEqualTo("a\tb\nc\\d'e");
    }

    @Test
    void quotesIdentifiersWithBackticks() {
        assertThat(TableSchema.quoteIdentifier("n.x")).isEqualTo("`n.x`");
        assertThat(TableSchema.quoteIdentifier("we`ird\\")).isEqualTo("`we\\`ird\\\\`");
    }

    @Test
    void theLayoutGuardIsTheHighestNumberedGuardColumn() {
        TableSchema schema = TableSchema.parseDescribe("db.t", String.join("\n",
                "id\tUInt64\t\t\t", "_tributary_layout_2\tUInt8\tDEFAULT\t0\t",
                "_tributary_layout_10\tUInt8\tDEFAULT\t0\t", "_tributary_layout_x\tUInt8\t\t\t", ""));
        assertThat(schema.layoutGuard()).map(Column::name).contains("_tributary_layout_10");
        assertThat(TableSchema.layoutNumber("_tributary_layout_x")).isZero();
        assertThat(TableSchema.parseDescribe("db.t", "id\tUInt64\t\t\t\n").layoutGuard()).isEmpty();
    }
}
