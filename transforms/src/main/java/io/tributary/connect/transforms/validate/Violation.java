package io.tributary.connect.transforms.validate;

/**
 * One way a record breaks its schema: where ({@code $.items[2].sku}), which rule ({@code type}, {@code required},
 * {@code minimum}, ...) and a message naming the field and the rule, never the value.
 */
public record Violation(String path, String rule, String message) {
}
