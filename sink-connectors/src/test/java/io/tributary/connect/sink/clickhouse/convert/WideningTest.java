package io.tributary.connect.sink.clickhouse.convert;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WideningTest {

    private static TableSchema table(String describe) {
        return TableSchema.parseDescribe("db.t", describe);
    }

    private static String changes(TableSchema table, Schema schema) {
        StringBuilder out = new StringBuilder();
        for (Widening.Change c : Widening.changes(table, schema, "_")) {
            out.append(c.field()).append(':').append(c.column().type()).append("->").append(c.to()).append(' ');
        }
        return out.toString().trim();
    }

    @Test
    void promotesIntToLongAndFloatToDoubleKeepingNullable() {
        TableSchema t = table("a\tInt32\t\t\nb\tNullable(Float32)\t\t\nc\tInt16\t\t\nd\tInt64\t\t\n");
        Schema s = SchemaBuilder.struct().field("a", Schema.INT64_SCHEMA).field("b", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("c", Schema.INT32_SCHEMA).field("d", Schema.INT64_SCHEMA).build();
        assertThat(changes(t, s)).isEqualTo("a:Int32->Int64 b:Nullable(Float32)->Nullable(Float64) c:Int16->Int32");
    }

    @Test
    void promotesAnIntegerColumnToDoubleButNotInt64() {
        TableSchema t = table("a\tInt32\t\t\nb\tInt64\t\t\n");
        Schema s = SchemaBuilder.struct().field("a", Schema.FLOAT64_SCHEMA).field("b", Schema.FLOAT64_SCHEMA).build();
        assertThat(changes(t, s)).isEqualTo("a:Int32->Float64");
    }

    @Test
    void leavesUnsignedNarrowerAndOtherColumnsAlone() {
        TableSchema t = table("a\tUInt32\t\t\nb\tInt64\t\t\nc\tString\t\t\nd\tFloat64\t\t\n");
        Schema s = SchemaBuilder.struct().field("a", Schema.INT64_SCHEMA).field("b", Schema.INT32_SCHEMA)
                .field("c", Schema.INT64_SCHEMA).field("d", Schema.FLOAT32_SCHEMA).build();
        assertThat(changes(t, s)).isEmpty();
    }

    @Test
    void findsFlattenedStructChildren() {
        TableSchema t = table("user_age\tInt8\t\t\n");
        Schema user = SchemaBuilder.struct().field("age", Schema.INT32_SCHEMA).build();
        Schema s = SchemaBuilder.struct().field("user", user).build();
        assertThat(changes(t, s)).isEqualTo("user.age:Int8->Int32");
    }

    @Test
    void namesRequiredScalarColumnsARowWouldLeaveEmpty() {
        TableSchema t = table("sensor\tString\t\t\nnote\tNullable(String)\t\t\nat\tDateTime\tDEFAULT\tnow()\n"
                + "tags\tArray(String)\t\t\nv\tFloat64\t\t\n");
        Schema s = SchemaBuilder.struct().field("v", Schema.FLOAT64_SCHEMA).build();
        RowBinaryEncoder encoder = RowBinaryEncoder.build(t, s, EncoderOptions.defaults(ServerVersion.parse("18.16.1")));
        List<Column> missing = Widening.requiredButMissing(t, encoder);
        assertThat(missing).extracting(Column::name).containsExactly("sensor");
    }
}
