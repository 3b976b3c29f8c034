package io.tributary.connect.transforms.rules;

import io.tributary.connect.common.condition.Condition;

import java.util.List;
import java.util.Map;

/** A named rule: when its condition holds, its actions apply, in order. Higher priority rules are evaluated first. */
record Rule(String name, int priority, int position, Condition condition, List<RuleAction> actions,
            Map<String, Object> metadata) {
}
