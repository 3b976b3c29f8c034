package io.apicurio.common.apps.multitenancy;

/**
 * @author Jakub Senko <em>m@jsenko.net</em>
 */
public interface FaultToleranceConstants {

    int TIMEOUT_MS = 5000;
}
