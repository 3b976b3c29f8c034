package io.tributary.generator;

/**
 * One generated line (without its newline). {@code eventId}, {@code userId} and {@code eventTimeMs} are those
 * written inside the JSON; for malformed lines they describe the event the line was damaged from.
 */
public record GeneratedEvent(byte[] bytes, Quality quality, Scenario scenario, String eventId, String userId,
                             String eventType, long eventTimeMs) {
}
