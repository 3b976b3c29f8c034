package io.tributary.launcher;

import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.sink.EventSink;

import java.io.IOException;
import java.util.List;

/** Deals generated events to several ways in, in turn: files, the HTTP listener, the WebSocket server. */
final class DealingSink implements EventSink {

    private final List<EventSink> sinks;
    private final long[] dealt;
    private int next;

    DealingSink(List<EventSink> sinks) {
        this.sinks = List.copyOf(sinks);
        this.dealt = new long[sinks.size()];
    }

    @Override
    public void accept(GeneratedEvent event) throws IOException, InterruptedException {
        int i = next++ % sinks.size();
        dealt[i]++;
        sinks.get(i).accept(event);
    }

    /** Events dealt to the {@code i}-th sink. */
    long dealt(int i) {
        return dealt[i];
    }

    @Override
    public void flush() throws IOException, InterruptedException {
        for (EventSink sink : sinks) {
            sink.flush();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (EventSink sink : sinks) {
            sink.close();
        }
    }
}
