package io.tributary.generator;

/** The kinds of event the generator can make; a run mixes the ones asked for. */
public enum Scenario {
    /** Page views, clicks, cart changes and purchases by users in sessions. */
    CLICKSTREAM,
    /** Readings from sensors on devices owned by users. */
    IOT,
    /** Card payments by users at merchants. */
    PAYMENTS
}
