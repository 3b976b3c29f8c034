package io.tributary.connect.common.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Maps handed from one edit session to the next record (issue 17): in place only for that record, undoable. */
class PathEditorHandOffTest {

    private static final FieldPath CHANNEL = FieldPath.parse("channel");
    private static final FieldPath REGION = FieldPath.parse("region");
    private static final FieldPath OS = FieldPath.parse("device.os");

    /** Stand-ins for records: only their identity matters to a session. */
    private final Object first = new Object();
    private final Object second = new Object();
    private final Object third = new Object();

    private static Map<String, Object> input() {
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("os", "android");
        device.put("app_version", "4.2");
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("event_id", "e1");
        value.put("user_id", "u1");
        value.put("device", device);
        value.put("amount", 12.5);
        return value;
    }

    private static List<String> keys(Object map) {
        return new ArrayList<>(((Map<?, ?>) map).keySet().stream().map(String::valueOf).toList());
    }

    @Test
    void theFirstSessionCopiesAPlainMapAndNeverChangesIt() {
        Map<String, Object> in = input();
        PathEditor.Edits edits = new PathEditor.Edits(in, first).set(CHANNEL, "web");
        assertThat(edits.handOff(second)).isSameAs(second);
        assertThat(edits.result()).isNotSameAs(in);
        assertThat(in).isEqualTo(input());
        assertThat(in).isNotInstanceOf(ChainOwnedMap.class);
    }

    @Test
    void aMapHandedToARecordIsChangedInPlaceBySessionsForThatRecord() {
        Map<String, Object> in = input();
        PathEditor.Edits enrich = new PathEditor.Edits(in, first).set(CHANNEL, "web");
        Object handed = enrich.result();
        enrich.handOff(second);

        PathEditor.Edits rules = new PathEditor.Edits(handed, second).set(REGION, "eu");
        assertThat(rules.result()).isSameAs(handed);
        assertThat(handed).isEqualTo(Map.of("event_id", "e1", "user_id", "u1", "device", input().get("device"),
                "amount", 12.5, "channel", "web", "region", "eu"));
        assertThat(in).isEqualTo(input());
    }

    @Test
    void aSessionForAnotherRecordCopiesTheHandedMapAndLeavesItAlone() {
        PathEditor.Edits enrich = new PathEditor.Edits(input(), first).set(CHANNEL, "web");
        Object handed = enrich.result();
        enrich.handOff(second);
        Map<Object, Object> snapshot = new LinkedHashMap<>((Map<?, ?>) handed);

        Object other = new PathEditor.Edits(handed, third).set(REGION, "eu").result();
        assertThat(other).isNotSameAs(handed);
        assertThat(handed).isEqualTo(snapshot);
        Object copying = new PathEditor.Edits(handed).set(REGION, "eu").result();
        assertThat(copying).isNotSameAs(handed);
        assertThat(handed).isEqualTo(snapshot);
    }

    @Test
    void handingOnEndsTheEarlierRecordsClaim() {
        PathEditor.Edits enrich = new PathEditor.Edits(input(), first).set(CHANNEL, "web");
        Object handed = enrich.result();
        enrich.handOff(second);
        PathEditor.handOn(handed, second, third);

        assertThat(new PathEditor.Edits(handed, second).set(REGION, "eu").result()).isNotSameAs(handed);
        assertThat(new PathEditor.Edits(handed, third).set(REGION, "eu").result()).isSameAs(handed);
    }

    @Test
    void nestedMapsOfTheInputAreCopiedEvenInsideAHandedMap() {
        Map<String, Object> in = input();
        PathEditor.Edits enrich = new PathEditor.Edits(in, first).set(CHANNEL, "web");
        Object handed = enrich.result();
        enrich.handOff(second);

        Object out = new PathEditor.Edits(handed, second).set(OS, "ios").result();
        assertThat(out).isSameAs(handed);
        assertThat(OS.get(out)).isEqualTo("ios");
        assertThat(OS.get(in)).isEqualTo("android");
        assertThat(((Map<?, ?>) out).get("device")).isNotSameAs(in.get("device"));
    }

    @Test
    void aRemovalFromAHandedMapCopiesIt() {
        PathEditor.Edits enrich = new PathEditor.Edits(input(), first).set(CHANNEL, "web");
        Object handed = enrich.result();
        enrich.handOff(second);

        Object out = new PathEditor.Edits(handed, second).remove(FieldPath.parse("amount")).result();
        assertThat(out).isNotSameAs(handed);
        assertThat(((Map<?, ?>) handed).containsKey("amount")).isTrue();
        assertThat(((Map<?, ?>) out).containsKey("amount")).isFalse();
    }

    @Test
    void rollbackRestoresAHandedMapsEntriesAndTheirOrder() {
        PathEditor.Edits enrich = new PathEditor.Edits(input(), first).set(CHANNEL, "web");
        Object handed = enrich.result();
        enrich.handOff(second);
        Map<Object, Object> snapshot = new LinkedHashMap<>((Map<?, ?>) handed);
        List<String> order = keys(handed);

        PathEditor.Edits rules = new PathEditor.Edits(handed, second)
                .set(REGION, "eu")
                .set(CHANNEL, "app")
                .set(FieldPath.parse("user_id"), "u2")
                .set(OS, "ios")
                .set(REGION, "us")
                .remove(FieldPath.parse("amount"));
        assertThat(rules.result()).isNotEqualTo(snapshot);
        rules.rollback();

        assertThat(rules.result()).isSameAs(handed);
        assertThat(handed).isEqualTo(snapshot);
        assertThat(keys(handed)).isEqualTo(order);
    }

    @Test
    void copiesMadeBySessionsAreChainOwnedAndPlainOnesWithoutASession() {
        assertThat(new PathEditor.Edits(input(), first).set(CHANNEL, "web").result()).isInstanceOf(ChainOwnedMap.class);
        assertThat(PathEditor.set(input(), CHANNEL, "web")).isNotInstanceOf(ChainOwnedMap.class);
    }
}
